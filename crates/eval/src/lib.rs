//! Scores attache against the corpora of `tests/corpus/`: sentences we wrote, with the
//! mentions and events they state. Scores are per language (and per event type), so that a
//! weak language shows.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use attache_core::{MentionKind, PartialDate, Span, Status};
use attache_events::Extractor;
use attache_ingest::{prepare, Body, CleanConfig, RawDoc};
use attache_kb::Kb;
use attache_mentions::DocMemory;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0}: {1}")]
    Parse(PathBuf, String),
}

/// True and false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of one corpus: per language, per event type (events only), overall, and the cases
/// that went wrong.
#[derive(Debug, Default)]
pub struct Report {
    pub by_lang: BTreeMap<String, Counts>,
    pub by_type: BTreeMap<String, Counts>,
    pub total: Counts,
    /// (language, case, what went wrong)
    pub failures: Vec<(String, String, String)>,
    /// Field checks on matched events: (checked, right) for status and date.
    pub status: (usize, usize),
    pub date: (usize, usize),
    pub cases: usize,
    /// Hard negatives (cases that expect no event): (with no event, all).
    pub negatives: (usize, usize),
}

fn corpus_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, EvalError> {
    let mut v: Vec<(String, PathBuf)> = fs::read_dir(dir)
        .map_err(|e| EvalError::Io(dir.to_path_buf(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    v.sort();
    Ok(v)
}

fn load<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, EvalError> {
    let text = fs::read_to_string(path).map_err(|e| EvalError::Io(path.to_path_buf(), e))?;
    toml::from_str(&text).map_err(|e| EvalError::Parse(path.to_path_buf(), e.to_string()))
}

#[derive(Deserialize)]
struct MentionFile {
    #[serde(default)]
    case: Vec<MentionCase>,
}

#[derive(Deserialize)]
struct MentionCase {
    text: String,
    #[serde(default)]
    expect: Vec<ExpectedMention>,
}

#[derive(Deserialize)]
struct ExpectedMention {
    surface: String,
    kind: String,
    id: String,
}

fn kind_name(k: MentionKind) -> Option<&'static str> {
    Some(match k {
        MentionKind::State | MentionKind::StateAdjective | MentionKind::StateMetonym => "state",
        MentionKind::Person => "person",
        MentionKind::Role => "role",
        MentionKind::Place => "place",
        MentionKind::Area => "area",
        MentionKind::Organisation => "organisation",
        _ => return None,
    })
}

/// Scores the matcher on `dir/<lang>.toml` mention corpora.
///
/// A capital is both a place and its government ("talks in Moscow", "Moscow said"): the
/// matcher reports both readings of the span and either one is right, so the reading the
/// annotator chose counts and its twin is neither a hit nor a false positive; an unclaimed pair
/// of twins is one false positive, not two.
pub fn mentions(extractor: &Extractor, dir: &Path) -> Result<Report, EvalError> {
    let mut report = Report::default();
    for (lang, path) in corpus_files(dir)? {
        let file: MentionFile = load(&path)?;
        let mut counts = Counts::default();
        for case in file.case {
            report.cases += 1;
            let text = &case.text;
            let mut memory = DocMemory::default();
            let found =
                extractor
                    .matcher()
                    .find(text, Span::new(0, text.len()), Some(&lang), &mut memory);
            let mut predicted: Vec<(Span, &'static str, String)> = found
                .iter()
                .filter_map(|m| Some((m.span, kind_name(m.kind)?, m.id.clone())))
                .collect();
            predicted.dedup();
            let twins = |i: usize, p: &[(Span, &'static str, String)]| -> Vec<usize> {
                (0..p.len())
                    .filter(|&j| {
                        j != i
                            && p[j].0 == p[i].0
                            && matches!((p[i].1, p[j].1), ("place", "state") | ("state", "place"))
                    })
                    .collect()
            };
            let mut used = vec![false; predicted.len()];
            for exp in &case.expect {
                let at = text
                    .find(exp.surface.as_str())
                    .map(|s| Span::new(s, s + exp.surface.len()));
                let hit = at.and_then(|at| {
                    predicted.iter().enumerate().position(|(i, (sp, k, id))| {
                        !used[i] && sp.overlaps(at) && *k == exp.kind && *id == exp.id
                    })
                });
                match hit {
                    Some(i) => {
                        used[i] = true;
                        for j in twins(i, &predicted) {
                            used[j] = true;
                        }
                        counts.tp += 1;
                    }
                    None => {
                        counts.fn_ += 1;
                        report.failures.push((
                            lang.clone(),
                            short(text),
                            format!("missed {} {} {:?}", exp.kind, exp.id, exp.surface),
                        ));
                    }
                }
            }
            for i in 0..predicted.len() {
                if used[i] {
                    continue;
                }
                used[i] = true;
                for j in twins(i, &predicted) {
                    used[j] = true;
                }
                let (sp, k, id) = &predicted[i];
                counts.fp += 1;
                report.failures.push((
                    lang.clone(),
                    short(text),
                    format!("spurious {k} {id} {:?}", sp.slice(text)),
                ));
            }
        }
        report.total.add(counts);
        report.by_lang.insert(lang, counts);
    }
    Ok(report)
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(70).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[derive(Deserialize)]
struct EventFile {
    #[serde(default)]
    case: Vec<EventCase>,
}

#[derive(Deserialize)]
struct EventCase {
    name: String,
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    expect: Vec<ExpectedEvent>,
}

#[derive(Deserialize)]
struct ExpectedEvent {
    #[serde(rename = "type")]
    kind: String,
    countries: Vec<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    date_end: Option<String>,
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Occurred => "occurred",
        Status::Planned => "planned",
        Status::Cancelled => "cancelled",
        Status::Denied => "denied",
        Status::Hypothetical => "hypothetical",
    }
}

fn date_matches(expected: &str, got: Option<PartialDate>) -> bool {
    match got {
        None => expected == "null",
        Some(d) => d.to_string() == expected,
    }
}

/// Scores event extraction on `dir/<lang>.toml` event corpora: events match on type and the
/// exact set of states; status and date are checked on matched pairs.
pub fn events(extractor: &Extractor, clean: &CleanConfig, dir: &Path) -> Result<Report, EvalError> {
    let mut report = Report::default();
    for (lang, path) in corpus_files(dir)? {
        let file: EventFile = load(&path)?;
        let mut counts = Counts::default();
        for case in file.case {
            report.cases += 1;
            let raw = RawDoc {
                id: case.name.clone(),
                origin: path.display().to_string(),
                url: None,
                title: None,
                body: Body::Text(case.text.clone()),
                published: case.published.clone(),
                lang: Some(lang.clone()),
            };
            let doc = prepare(raw, clean);
            let got: Vec<_> = extractor
                .extract(&doc)
                .into_iter()
                .filter(|e| matches!(e.status, Status::Occurred | Status::Planned))
                .collect();
            if case.expect.is_empty() {
                report.negatives.1 += 1;
                report.negatives.0 += got.is_empty() as usize;
            }
            let mut used = vec![false; got.len()];
            for exp in &case.expect {
                let mut countries = exp.countries.clone();
                countries.sort();
                let hit = got.iter().enumerate().position(|(i, e)| {
                    !used[i] && e.kind.as_str() == exp.kind && e.countries == countries
                });
                let ty = report.by_type.entry(exp.kind.clone()).or_default();
                match hit {
                    Some(i) => {
                        used[i] = true;
                        counts.tp += 1;
                        ty.tp += 1;
                        let e = &got[i];
                        if let Some(s) = &exp.status {
                            report.status.0 += 1;
                            if status_name(e.status) == s {
                                report.status.1 += 1;
                            } else {
                                report.failures.push((
                                    lang.clone(),
                                    case.name.clone(),
                                    format!(
                                        "{} status {} want {s}",
                                        exp.kind,
                                        status_name(e.status)
                                    ),
                                ));
                            }
                        }
                        for (want, got_d, field) in [
                            (&exp.date, e.date, "date"),
                            (&exp.date_end, e.date_end, "date_end"),
                        ] {
                            if let Some(w) = want {
                                report.date.0 += 1;
                                if date_matches(w, got_d) {
                                    report.date.1 += 1;
                                } else {
                                    let g = got_d.map_or("null".to_string(), |d| d.to_string());
                                    report.failures.push((
                                        lang.clone(),
                                        case.name.clone(),
                                        format!("{} {field} {g} want {w}", exp.kind),
                                    ));
                                }
                            }
                        }
                    }
                    None => {
                        counts.fn_ += 1;
                        ty.fn_ += 1;
                        report.failures.push((
                            lang.clone(),
                            case.name.clone(),
                            format!("missed {} {}", exp.kind, countries.join("-")),
                        ));
                    }
                }
            }
            for (i, e) in got.iter().enumerate() {
                if !used[i] {
                    counts.fp += 1;
                    report
                        .by_type
                        .entry(e.kind.as_str().to_string())
                        .or_default()
                        .fp += 1;
                    report.failures.push((
                        lang.clone(),
                        case.name.clone(),
                        format!(
                            "spurious {} {} {}",
                            e.kind.as_str(),
                            e.countries.join("-"),
                            status_name(e.status)
                        ),
                    ));
                }
            }
        }
        report.total.add(counts);
        report.by_lang.insert(lang, counts);
    }
    Ok(report)
}

/// The report as a table: one line per language (and type), then the total.
pub fn render(report: &Report, what: &str) -> String {
    let mut out = String::new();
    let line = |out: &mut String, name: &str, c: &Counts| {
        out.push_str(&format!(
            "{name:<14}{:>5}{:>5}{:>5}   P {:.3}  R {:.3}  F1 {:.3}\n",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        ));
    };
    out.push_str(&format!(
        "{what}: {} cases\n{:<14}{:>5}{:>5}{:>5}\n",
        report.cases, "lang", "tp", "fp", "fn"
    ));
    for (l, c) in &report.by_lang {
        line(&mut out, l, c);
    }
    if !report.by_type.is_empty() {
        out.push_str(&format!(
            "{:<14}{:>5}{:>5}{:>5}\n",
            "type", "tp", "fp", "fn"
        ));
        for (t, c) in &report.by_type {
            line(&mut out, t, c);
        }
    }
    line(&mut out, "TOTAL", &report.total);
    if report.negatives.1 > 0 {
        out.push_str(&format!(
            "hard negatives with no event: {}/{}\n",
            report.negatives.0, report.negatives.1
        ));
    }
    if report.status.0 > 0 {
        out.push_str(&format!(
            "status {}/{}  date {}/{}\n",
            report.status.1, report.status.0, report.date.1, report.date.0
        ));
    }
    out
}

/// The corpora directory beside the data directory (`tests/corpus`).
pub fn default_corpus_dir(kb: &Kb) -> PathBuf {
    kb.dir.join("..").join("tests").join("corpus")
}
