use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::KbError;
use crate::lang::Lexicon;
use crate::model::{Area, Exercise, Organisation, Person, Place, Role, RoleTenure, State};
use crate::tenure::DateBound;

/// The whole knowledge base, loaded from one `data/` directory.
#[derive(Debug, Default)]
pub struct Kb {
    pub dir: PathBuf,
    pub states: Vec<State>,
    pub roles: Vec<Role>,
    pub persons: Vec<Person>,
    pub organisations: Vec<Organisation>,
    pub areas: Vec<Area>,
    pub exercises: Vec<Exercise>,
    pub places: Vec<Place>,
    /// Language code → lexicon.
    pub lexicons: BTreeMap<String, Lexicon>,
    state_index: HashMap<String, usize>,
    person_index: HashMap<String, usize>,
    role_index: HashMap<String, usize>,
}

/// Where `data/` is when no `--data` is given: `$ATTACHE_DATA`, else `./data`, else the
/// `data/` beside the source tree the binary was built from.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ATTACHE_DATA") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("data");
    if local.join("kb").is_dir() {
        return local;
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"))
}

#[derive(Deserialize, Default)]
struct StatesFile {
    #[serde(default)]
    state: Vec<State>,
}
#[derive(Deserialize, Default)]
struct RolesFile {
    #[serde(default)]
    role: Vec<Role>,
}
#[derive(Deserialize, Default)]
struct PersonsFile {
    #[serde(default)]
    person: Vec<Person>,
}
#[derive(Deserialize, Default)]
struct OrgsFile {
    #[serde(default)]
    org: Vec<Organisation>,
}
#[derive(Deserialize, Default)]
struct AreasFile {
    #[serde(default)]
    area: Vec<Area>,
}
#[derive(Deserialize, Default)]
struct ExercisesFile {
    #[serde(default)]
    exercise: Vec<Exercise>,
}

fn read(path: &Path) -> Result<String, KbError> {
    fs::read_to_string(path).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_toml<T: DeserializeOwned>(path: &Path) -> Result<T, KbError> {
    let text = read(path)?;
    toml::from_str(&text).map_err(|e| KbError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Reads an optional file: a missing file is an empty list, a broken one an error.
fn optional<T: DeserializeOwned + Default>(path: &Path) -> Result<T, KbError> {
    if path.exists() {
        parse_toml(path)
    } else {
        Ok(T::default())
    }
}

/// The `.toml` files of a directory, sorted so that loading is deterministic.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, KbError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = fs::read_dir(dir).map_err(|source| KbError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

fn parse_places(path: &Path) -> Result<Vec<Place>, KbError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = read(path)?;
    let mut places = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(name), Some(country), Some(pop)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(KbError::Parse {
                path: path.to_path_buf(),
                message: format!(
                    "line {}: expected name, country, population, aliases",
                    n + 1
                ),
            });
        };
        let population = pop.trim().parse().map_err(|_| KbError::Parse {
            path: path.to_path_buf(),
            message: format!("line {}: population {pop:?} is not a number", n + 1),
        })?;
        let aliases = cols
            .next()
            .map(|a| {
                a.split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        places.push(Place {
            name: name.to_string(),
            country: country.to_string(),
            population,
            aliases,
        });
    }
    Ok(places)
}

impl Kb {
    /// Loads every file of `dir` and validates it. The first broken file stops the load; use
    /// [`Kb::validate`] to list every problem of a loaded base.
    pub fn load(dir: &Path) -> Result<Kb, KbError> {
        if !dir.join("kb").is_dir() {
            return Err(KbError::NoDataDir(dir.to_path_buf()));
        }
        let kb_dir = dir.join("kb");
        let states: StatesFile = parse_toml(&kb_dir.join("states.toml"))?;
        let roles: RolesFile = parse_toml(&kb_dir.join("roles.toml"))?;
        let mut persons = Vec::new();
        for file in toml_files(&kb_dir.join("officials"))? {
            let f: PersonsFile = parse_toml(&file)?;
            persons.extend(f.person);
        }
        let orgs: OrgsFile = optional(&kb_dir.join("organisations.toml"))?;
        let areas: AreasFile = optional(&kb_dir.join("areas.toml"))?;
        let exercises: ExercisesFile = optional(&kb_dir.join("exercises.toml"))?;
        let places = parse_places(&kb_dir.join("places.tsv"))?;
        let mut lexicons = BTreeMap::new();
        for file in toml_files(&dir.join("lang"))? {
            let lex: Lexicon = parse_toml(&file)?;
            lexicons.insert(lex.code.clone(), lex);
        }
        let mut kb = Kb {
            dir: dir.to_path_buf(),
            states: states.state,
            roles: roles.role,
            persons,
            organisations: orgs.org,
            areas: areas.area,
            exercises: exercises.exercise,
            places,
            lexicons,
            ..Kb::default()
        };
        kb.state_index = kb
            .states
            .iter()
            .enumerate()
            .map(|(i, s)| (s.iso3.clone(), i))
            .collect();
        kb.person_index = kb
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        kb.role_index = kb
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Ok(kb)
    }

    pub fn state(&self, iso3: &str) -> Option<&State> {
        self.state_index.get(iso3).map(|&i| &self.states[i])
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_index.get(id).map(|&i| &self.persons[i])
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.role_index.get(id).map(|&i| &self.roles[i])
    }

    pub fn lexicon(&self, code: &str) -> Option<&Lexicon> {
        self.lexicons.get(code)
    }

    /// The office `person` held on `date` (the most senior, if several), or, with no date, the
    /// most recent one. `None` if no tenure covers the date.
    pub fn role_at<'a>(
        &'a self,
        person: &'a Person,
        date: Option<(i16, u8, u8)>,
    ) -> Option<&'a RoleTenure> {
        let rank = |t: &RoleTenure| self.role(&t.role).map_or(u8::MAX, |r| r.rank);
        match date {
            Some((y, m, d)) => person
                .roles
                .iter()
                .filter(|t| t.covers(y, m, d))
                .min_by_key(|t| rank(t)),
            None => person.roles.iter().max_by_key(|t| {
                let end = t
                    .end
                    .as_deref()
                    .and_then(DateBound::parse)
                    .map_or((9999, 12, 31), |b| b.last());
                (end, std::cmp::Reverse(rank(t)))
            }),
        }
    }

    /// Who held `role` for `country` on `date`. Empty when the knowledge base does not know;
    /// more than one when tenures overlap in the data (the caller should then not guess).
    pub fn holders(&self, role: &str, country: &str, date: (i16, u8, u8)) -> Vec<&Person> {
        let (y, m, d) = date;
        self.persons
            .iter()
            .filter(|p| p.country == country)
            .filter(|p| p.roles.iter().any(|t| t.role == role && t.covers(y, m, d)))
            .collect()
    }

    /// The English title of a tenure: the office's own title, else the role's generic one.
    pub fn title_of(&self, tenure: &RoleTenure) -> String {
        tenure
            .title
            .clone()
            .or_else(|| self.role(&tenure.role).map(|r| r.title.clone()))
            .unwrap_or_else(|| tenure.role.clone())
    }

    /// Every problem in the loaded data, one line each, naming the file and the entry.
    pub fn validate(&self) -> Vec<KbError> {
        let mut errs = Vec::new();
        let kb = self.dir.join("kb");
        let invalid = |file: &str, entry: &str, message: String| KbError::Invalid {
            path: kb.join(file),
            entry: entry.to_string(),
            message,
        };
        let mut seen = HashSet::new();
        for s in &self.states {
            if s.iso3.len() != 3 || !s.iso3.chars().all(|c| c.is_ascii_uppercase()) {
                errs.push(invalid(
                    "states.toml",
                    &s.iso3,
                    "iso3 must be three upper-case letters".into(),
                ));
            }
            if !seen.insert(&s.iso3) {
                errs.push(invalid("states.toml", &s.iso3, "duplicate state".into()));
            }
            for (lang, names) in s.names.iter().chain(&s.adjectives).chain(&s.metonyms) {
                if names.iter().any(|n| n.trim().is_empty()) {
                    errs.push(invalid(
                        "states.toml",
                        &s.iso3,
                        format!("empty name in {lang}"),
                    ));
                }
            }
        }
        let mut ids = HashSet::new();
        for p in &self.persons {
            let file = format!("officials/{}.toml", p.country.to_lowercase());
            if !ids.insert(&p.id) {
                errs.push(invalid(&file, &p.id, "duplicate person id".into()));
            }
            if self.state(&p.country).is_none() {
                errs.push(invalid(
                    &file,
                    &p.id,
                    format!("unknown country {}", p.country),
                ));
            }
            if p.names.is_empty() {
                errs.push(invalid(&file, &p.id, "no names".into()));
            }
            for t in &p.roles {
                if self.role(&t.role).is_none() {
                    errs.push(invalid(&file, &p.id, format!("unknown role {}", t.role)));
                }
                let start = t.start.as_deref().map(|s| (s, DateBound::parse(s)));
                let end = t.end.as_deref().map(|s| (s, DateBound::parse(s)));
                for (s, parsed) in start.iter().chain(end.iter()) {
                    if parsed.is_none() {
                        errs.push(invalid(
                            &file,
                            &p.id,
                            format!("bad date {s:?} (want YYYY[-MM[-DD]])"),
                        ));
                    }
                }
                if let (Some((_, Some(a))), Some((_, Some(b)))) = (start, end) {
                    if a.first() > b.last() {
                        errs.push(invalid(
                            &file,
                            &p.id,
                            format!("{} tenure starts after it ends", t.role),
                        ));
                    }
                }
            }
        }
        for o in &self.organisations {
            if let Some(c) = &o.country {
                if self.state(c).is_none() {
                    errs.push(invalid(
                        "organisations.toml",
                        &o.id,
                        format!("unknown country {c}"),
                    ));
                }
            }
        }
        for pl in &self.places {
            if self.state(&pl.country).is_none() {
                errs.push(invalid(
                    "places.tsv",
                    &pl.name,
                    format!("unknown country {}", pl.country),
                ));
            }
        }
        for (code, lex) in &self.lexicons {
            let file = format!("../lang/{code}.toml");
            for key in lex.triggers.keys() {
                let base = key.strip_suffix("_VIDEO").unwrap_or(key);
                if attache_core_event_type(base).is_none() {
                    errs.push(invalid(&file, key, "unknown event type".into()));
                }
            }
            for key in lex.roles.keys() {
                if self.role(key).is_none() {
                    errs.push(invalid(&file, key, "unknown role id".into()));
                }
            }
            if !lex.dates.months.is_empty() && lex.dates.months.len() != 12 {
                errs.push(invalid(
                    &file,
                    "dates.months",
                    format!("{} months, want 12", lex.dates.months.len()),
                ));
            }
            if !lex.dates.weekdays.is_empty() && lex.dates.weekdays.len() != 7 {
                errs.push(invalid(
                    &file,
                    "dates.weekdays",
                    format!("{} weekdays, want 7", lex.dates.weekdays.len()),
                ));
            }
        }
        errs
    }
}

fn attache_core_event_type(s: &str) -> Option<attache_core::EventType> {
    attache_core::EventType::parse(s)
}
