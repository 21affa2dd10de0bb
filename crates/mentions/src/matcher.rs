use std::collections::{HashMap, HashSet};
use std::path::Path;

use attache_core::{Mention, MentionKind, Span};
use attache_kb::Kb;
use daachorse::CharwiseDoubleArrayAhoCorasick;
use unicode_normalization::char::is_combining_mark;

use crate::cache;
use crate::fuzzy::FuzzyIndex;
use crate::normalize::{fold, fold_str};

/// One meaning of a dictionary pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) kind: MentionKind,
    pub(crate) id: String,
    pub(crate) country: Option<String>,
    /// Lexicon entries (triggers, cues, role titles) and state names count only in blocks of
    /// their language.
    pub(crate) lang: Option<String>,
    /// `visit*`: any word that starts with the pattern.
    pub(crate) stem: bool,
    /// `US`, `PLA`: short all-capital entries must be capitals in the text too.
    pub(crate) case_sensitive: bool,
    /// Names of people, states and places: in a script with capitals, must start with one.
    pub(crate) proper: bool,
    /// An ambiguous short form of a person's name ("Li"): only after a full mention.
    pub(crate) short: bool,
}

/// Inflection of one language, normalised.
#[derive(Debug, Default, Clone)]
struct Morph {
    compounds: bool,
    prefixes: Vec<String>,
    suffixes: HashSet<String>,
}

/// Sizes of the built matcher, for `kb validate` and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct MatcherStats {
    pub patterns: usize,
    pub entries: usize,
    pub fuzzy_keys: usize,
}

/// The compiled dictionary: one automaton over every normalised pattern, and each pattern's
/// meanings (`entries[value]`).
pub(crate) struct Dictionary {
    pub(crate) automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    pub(crate) entries: Vec<Vec<Entry>>,
}

/// The dictionary automaton over the whole knowledge base.
pub struct Matcher {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    entries: Vec<Vec<Entry>>,
    morph: HashMap<String, Morph>,
    all_morph: Morph,
    fuzzy: FuzzyIndex,
    stats: MatcherStats,
}

/// What the matcher remembers across the blocks of one document.
#[derive(Debug, Default)]
pub struct DocMemory {
    /// Person ids already mentioned by a full name.
    persons_seen: HashSet<String>,
}

/// Pattern text and the flags its spelling implies.
fn parse_pattern(raw: &str) -> Option<(String, bool, bool)> {
    let raw = raw.trim();
    let (body, stem) = match raw.strip_suffix('*') {
        Some(b) => (b.trim_end(), true),
        None => (raw, false),
    };
    let letters: Vec<char> = body.chars().filter(|c| c.is_alphabetic()).collect();
    let case_sensitive = letters.len() >= 2
        && letters.len() <= 5
        && letters.iter().all(|c| c.is_uppercase())
        && body
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '-');
    let folded = fold_str(body);
    let n = folded.chars().count();
    // A stem needs three letters, or two syllables of a script that writes syllables or words
    // per character (`방한*`, a visit to Korea, in all its endings).
    let syllabic = folded
        .chars()
        .all(|c| is_spaceless(c) || (0xAC00..=0xD7AF).contains(&(c as u32)));
    if n < 2 || (stem && n < 3 && !syllabic) {
        return None;
    }
    Some((folded, stem, case_sensitive))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_spaceless(c: char) -> bool {
    let u = c as u32;
    (0x3040..=0x30FF).contains(&u)
        || (0x4E00..=0x9FFF).contains(&u)
        || (0x3400..=0x4DBF).contains(&u)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (0xC0..=0x24F).contains(&(c as u32))
        || (0x1E00..=0x1EFF).contains(&(c as u32))
}

struct Builder {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    entries: Vec<Vec<Entry>>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        raw: &str,
        kind: MentionKind,
        id: &str,
        country: Option<&str>,
        lang: Option<&str>,
        proper: bool,
        short: bool,
    ) {
        let Some((pattern, stem, case_sensitive)) = parse_pattern(raw) else {
            return;
        };
        let i = *self.index.entry(pattern.clone()).or_insert_with(|| {
            self.patterns.push(pattern);
            self.entries.push(Vec::new());
            self.patterns.len() - 1
        });
        let e = Entry {
            kind,
            id: id.to_string(),
            country: country.map(str::to_string),
            lang: lang.map(str::to_string),
            stem,
            case_sensitive,
            proper,
            short,
        };
        let list = &mut self.entries[i];
        // The same word listed twice (a visit word also listed with its destination) keeps the
        // more informative reading.
        match list
            .iter_mut()
            .find(|x| x.kind == e.kind && x.id == e.id && x.lang == e.lang && x.stem == e.stem)
        {
            Some(x) => {
                if x.country.is_none() {
                    x.country = e.country;
                }
            }
            None => list.push(e),
        }
    }
}

impl Matcher {
    /// Builds the automaton over every name, title and word of the knowledge base.
    pub fn new(kb: &Kb) -> Matcher {
        Self::assemble(kb, Self::build_dictionary(kb))
    }

    /// Like [`Matcher::new`], but reuses the automaton compiled for the same data on an earlier
    /// run, from `dir` (see [`crate::cache`]). Building it is most of attache's start-up time;
    /// loading it takes a few milliseconds. Any problem with the cache means a fresh build.
    pub fn cached(kb: &Kb, dir: Option<&Path>) -> Matcher {
        let Some(dir) = dir else {
            return Self::new(kb);
        };
        let path = dir.join(format!("matcher-{:016x}.bin", cache::key(kb)));
        if let Some(dict) = cache::read(&path) {
            return Self::assemble(kb, dict);
        }
        let dict = Self::build_dictionary(kb);
        // Best effort: a read-only or full disk only costs the next run its build time.
        let _ = cache::write(&path, &dict);
        Self::assemble(kb, dict)
    }

    /// Every pattern of the knowledge base, its meanings, and the automaton over them.
    fn build_dictionary(kb: &Kb) -> Dictionary {
        let mut b = Builder {
            patterns: Vec::new(),
            index: HashMap::new(),
            entries: Vec::new(),
        };
        // A state's names, adjectives and metonyms count in their own language only: French
        // "belge" is Turkish for "document", English "Thai" is inside Vietnamese "thái độ". The
        // canonical English name counts everywhere.
        for s in &kb.states {
            let c = Some(s.iso3.as_str());
            b.add(&s.name, MentionKind::State, &s.iso3, c, None, true, false);
            for (lang, names) in &s.names {
                for n in names {
                    b.add(n, MentionKind::State, &s.iso3, c, Some(lang), true, false);
                }
            }
            for (lang, names) in &s.adjectives {
                for n in names {
                    b.add(
                        n,
                        MentionKind::StateAdjective,
                        &s.iso3,
                        c,
                        Some(lang),
                        false,
                        false,
                    );
                }
            }
            for (lang, names) in &s.metonyms {
                for n in names {
                    b.add(
                        n,
                        MentionKind::StateMetonym,
                        &s.iso3,
                        c,
                        Some(lang),
                        true,
                        false,
                    );
                }
            }
        }
        for p in &kb.persons {
            let c = Some(p.country.as_str());
            b.add(&p.name, MentionKind::Person, &p.id, c, None, true, false);
            for n in &p.names {
                b.add(n, MentionKind::Person, &p.id, c, None, true, false);
            }
            for n in &p.short {
                b.add(n, MentionKind::Person, &p.id, c, None, true, true);
            }
        }
        // Organisations and seas start with a common noun in many languages ("mer de Chine
        // méridionale", "marine indienne"): no capital needed.
        for o in &kb.organisations {
            let c = o.country.as_deref();
            b.add(
                &o.name,
                MentionKind::Organisation,
                &o.id,
                c,
                None,
                true,
                false,
            );
            for n in o.names.values().flatten() {
                b.add(n, MentionKind::Organisation, &o.id, c, None, false, false);
            }
        }
        for a in &kb.areas {
            b.add(&a.name, MentionKind::Area, &a.id, None, None, false, false);
            for n in a.names.values().flatten() {
                b.add(n, MentionKind::Area, &a.id, None, None, false, false);
            }
        }
        for x in &kb.exercises {
            b.add(
                &x.name,
                MentionKind::Exercise,
                &x.name,
                None,
                None,
                true,
                false,
            );
            for n in &x.names {
                b.add(n, MentionKind::Exercise, &x.name, None, None, true, false);
            }
        }
        // Very short city aliases are mostly ordinary words in some language (Arabic "بن",
        // "son of", is also a town): a city needs three letters, two in Chinese or Japanese.
        let long_enough = |n: &str| {
            let k = n.chars().count();
            k >= 3 || (k == 2 && n.chars().all(is_spaceless))
        };
        for pl in &kb.places {
            let c = Some(pl.country.as_str());
            for n in std::iter::once(&pl.name)
                .chain(&pl.aliases)
                .filter(|n| long_enough(n))
            {
                b.add(n, MentionKind::Place, &pl.name, c, None, true, false);
            }
        }
        for (code, lex) in &kb.lexicons {
            let l = Some(code.as_str());
            for (ty, words) in &lex.triggers {
                for w in words {
                    b.add(w, MentionKind::Trigger, ty, None, l, false, false);
                }
            }
            for (cue, words) in &lex.cues {
                for w in words {
                    b.add(w, MentionKind::Cue, cue, None, l, false, false);
                }
            }
            for (role, words) in &lex.roles {
                for w in words {
                    b.add(w, MentionKind::Role, role, None, l, false, false);
                }
            }
            for (word, states) in &lex.state_pairs {
                for iso3 in states {
                    b.add(
                        word,
                        MentionKind::StateAdjective,
                        iso3,
                        Some(iso3),
                        l,
                        false,
                        false,
                    );
                }
            }
            for (word, iso3) in &lex.visit_destinations {
                b.add(
                    word,
                    MentionKind::Trigger,
                    "VISIT",
                    Some(iso3),
                    l,
                    false,
                    false,
                );
            }
        }
        let automaton = CharwiseDoubleArrayAhoCorasick::with_values(
            b.patterns
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_str(), i as u32)),
        )
        .expect("dictionary automaton: patterns are unique and non-empty");
        Dictionary {
            automaton,
            entries: b.entries,
        }
    }

    /// The matcher around a dictionary: each language's inflection and the fuzzy index.
    fn assemble(kb: &Kb, dict: Dictionary) -> Matcher {
        let fold_all = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|p| fold_str(p))
                .filter(|p| !p.is_empty())
                .collect()
        };
        let mut morph = HashMap::new();
        let mut all_morph = Morph::default();
        for (code, lex) in &kb.lexicons {
            let m = Morph {
                compounds: lex.morphology.compounds,
                prefixes: fold_all(&lex.morphology.prefixes),
                suffixes: fold_all(&lex.morphology.suffixes).into_iter().collect(),
            };
            all_morph.prefixes.extend(m.prefixes.iter().cloned());
            all_morph.suffixes.extend(m.suffixes.iter().cloned());
            morph.insert(code.clone(), m);
        }
        let fuzzy = FuzzyIndex::new(kb);
        let stats = MatcherStats {
            patterns: dict.entries.len(),
            entries: dict.entries.iter().map(Vec::len).sum(),
            fuzzy_keys: fuzzy.len(),
        };
        Matcher {
            automaton: dict.automaton,
            entries: dict.entries,
            morph,
            all_morph,
            fuzzy,
            stats,
        }
    }

    pub fn stats(&self) -> MatcherStats {
        self.stats
    }

    /// Finds the mentions in `span` of `text`, a block in language `lang`. `memory` carries
    /// what earlier blocks of the same document established.
    pub fn find(
        &self,
        text: &str,
        span: Span,
        lang: Option<&str>,
        memory: &mut DocMemory,
    ) -> Vec<Mention> {
        let block = span.slice(text);
        let folded = fold(block);
        let ft = folded.text.as_str();
        let morph = lang
            .and_then(|l| self.morph.get(l))
            .unwrap_or(&self.all_morph);
        let english = self.morph.get("en");
        // (start, end, entry) in folded offsets.
        let mut cands: Vec<(usize, usize, &Entry)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(ft) {
            let (s, e) = (m.start(), m.end());
            let first = ft[s..].chars().next().unwrap_or(' ');
            let last = ft[..e].chars().next_back().unwrap_or(' ');
            let spaceless = is_spaceless(first) || is_spaceless(last);
            let before = ft[..s].chars().next_back();
            let left_ok = spaceless
                || !before.is_some_and(is_word)
                || morph.prefixes.iter().any(|p| {
                    ft[..s].ends_with(p.as_str())
                        && !ft[..s - p.len()].chars().next_back().is_some_and(is_word)
                });
            if !left_ok && !morph.compounds {
                continue;
            }
            let tail_len: usize = ft[e..]
                .chars()
                .take_while(|&c| is_word(c))
                .map(char::len_utf8)
                .sum();
            let tail = &ft[e..e + tail_len];
            for entry in &self.entries[m.value() as usize] {
                if !left_ok && entry.kind != MentionKind::Trigger {
                    continue;
                }
                if let (Some(el), Some(bl)) = (&entry.lang, lang) {
                    if el != bl {
                        continue;
                    }
                }
                let end = if tail.is_empty() || spaceless {
                    e
                } else if entry.stem
                    || morph.suffixes.contains(tail)
                    || english.is_some_and(|m| m.suffixes.contains(tail) && is_latin(last))
                {
                    e + tail_len
                } else {
                    continue;
                };
                let (os, oe) = folded.original(s, e, block);
                let surface = &block[os..oe];
                if entry.case_sensitive && surface.chars().any(|c| c.is_lowercase()) {
                    continue;
                }
                if entry.proper && surface.chars().next().is_some_and(char::is_lowercase) {
                    continue;
                }
                cands.push((s, end, entry));
            }
        }
        let mut chosen = resolve_overlaps(cands);
        // A state's name that is also some town's ("França" / Franca, "Georgia") is the state.
        let state_spans: Vec<(usize, usize)> = chosen
            .iter()
            .filter(|c| c.2.kind == MentionKind::State)
            .map(|c| (c.0, c.1))
            .collect();
        chosen.retain(|c| c.2.kind != MentionKind::Place || !state_spans.contains(&(c.0, c.1)));
        let mut out = Vec::with_capacity(chosen.len());
        let mut names: Vec<(usize, usize)> = Vec::new();
        for (s, e, entry) in chosen {
            if entry.kind == MentionKind::Person {
                if entry.short && !memory.persons_seen.contains(&entry.id) {
                    continue;
                }
                if !entry.short {
                    memory.persons_seen.insert(entry.id.clone());
                }
            }
            if class(entry.kind) <= 1 {
                names.push((s, e));
            }
            let (os, oe) = folded.original(s, e, block);
            out.push(Mention {
                span: Span::new(span.start + os, span.start + oe),
                kind: entry.kind,
                id: entry.id.clone(),
                country: entry.country.clone(),
                confidence: if entry.short { 0.8 } else { 1.0 },
            });
        }
        for (s, e, person) in self.fuzzy.find(block, &folded, &names) {
            let p = &self.fuzzy.persons[person];
            out.push(Mention {
                span: Span::new(span.start + s, span.start + e),
                kind: MentionKind::Person,
                id: p.0.clone(),
                country: Some(p.1.clone()),
                confidence: 0.7,
            });
        }
        out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        out
    }
}

/// Which overlap class a kind belongs to: overlaps are resolved within a class only.
fn class(kind: MentionKind) -> u8 {
    match kind {
        MentionKind::Role => 1,
        MentionKind::Trigger => 2,
        MentionKind::Cue => 3,
        _ => 0,
    }
}

/// Leftmost-longest within each class; identical spans of different kinds are all kept
/// ("Moscow" is both a city and the Russian government).
fn resolve_overlaps(cands: Vec<(usize, usize, &Entry)>) -> Vec<(usize, usize, &Entry)> {
    // Titles first: an organisation that a title overlaps ("국방부" in "국방부 장관", "俄罗斯国防部"
    // against "国防部长") gives way, so that the state inside it is found instead.
    let (roles, rest): (Vec<_>, Vec<_>) = cands
        .into_iter()
        .partition(|c| c.2.kind == MentionKind::Role);
    let roles = leftmost_longest(roles);
    let rest = rest
        .into_iter()
        .filter(|c| {
            c.2.kind != MentionKind::Organisation || !roles.iter().any(|r| c.0 < r.1 && r.0 < c.1)
        })
        .collect();
    let mut out = leftmost_longest(rest);
    out.extend(roles);
    out
}

fn leftmost_longest(mut cands: Vec<(usize, usize, &Entry)>) -> Vec<(usize, usize, &Entry)> {
    cands.sort_by_key(|&(s, e, en)| (class(en.kind), s, std::cmp::Reverse(e)));
    let mut out: Vec<(usize, usize, &Entry)> = Vec::with_capacity(cands.len());
    let mut last: Option<(u8, usize, usize)> = None;
    for (s, e, en) in cands {
        let c = class(en.kind);
        match last {
            Some((lc, ls, le)) if lc == c && s < le => {
                if s == ls
                    && e == le
                    && !out
                        .iter()
                        .rev()
                        .take(8)
                        .any(|x| x.0 == s && x.1 == e && x.2.kind == en.kind && x.2.id == en.id)
                {
                    out.push((s, e, en));
                }
            }
            _ => {
                out.push((s, e, en));
                last = Some((c, s, e));
            }
        }
    }
    out
}
