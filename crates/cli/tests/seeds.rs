//! The real binary on the real seed articles and on our own samples: evidence offsets hold, the
//! seed score stays above its floor, and the samples yield what they say.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn extract(inputs: &[PathBuf]) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("extract")
        .args(inputs)
        .args(["--format", "jsonl"])
        .output()
        .expect("run attache");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// `text.chars().skip(start).take(end - start) == evidence.text` for every evidence.
fn assert_offsets(events: &[Value], text_of: impl Fn(&str) -> String) {
    for e in events {
        let text = text_of(e["doc_id"].as_str().unwrap());
        for ev in e["evidence"].as_array().unwrap() {
            let (s, t) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            let got: String = text.chars().skip(s).take(t - s).collect();
            assert_eq!(
                got,
                ev["text"].as_str().unwrap(),
                "offsets of an evidence in {}",
                e["doc_id"]
            );
        }
    }
}

#[test]
fn seed_evidence_offsets_index_the_text_as_read() {
    let seeds = shared().join("seeds");
    let events = extract(&txt_files(&seeds));
    assert!(!events.is_empty());
    assert_offsets(&events, |id| {
        std::fs::read_to_string(seeds.join(format!("{id}.txt"))).unwrap()
    });
}

/// The scorer's report for `events` against `gold`.
fn run_scorer(gold: &Path, events: &[Value]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.jsonl");
    let lines: Vec<String> = events.iter().map(|e| e.to_string()).collect();
    std::fs::write(&pred, lines.join("\n")).unwrap();
    let o = Command::new("python3")
        .arg(shared().join("eval/score.py"))
        .arg(gold)
        .arg(&pred)
        .output()
        .expect("python3 runs the scorer");
    String::from_utf8(o.stdout).unwrap()
}

/// Runs the project's scorer and returns (P, R, F1) from its summary line.
fn score(gold: &Path, events: &[Value]) -> (f64, f64, f64) {
    let out = run_scorer(gold, events);
    let last = out.lines().last().unwrap_or_default().to_string();
    let num = |key: &str| -> f64 {
        let i = last
            .find(key)
            .unwrap_or_else(|| panic!("{key} in {last:?}"))
            + key.len();
        last[i..]
            .trim_start_matches([' ', '='])
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (num("P"), num("R"), num("F1"))
}

#[test]
fn seed_event_f1_stays_above_its_floor() {
    let seeds = shared().join("seeds");
    let events = extract(&txt_files(&seeds));
    let (p, r, f1) = score(&seeds.join("gold.jsonl"), &events);
    eprintln!("seeds: P {p:.3} R {r:.3} F1 {f1:.3}");
    assert!(
        f1 >= SEED_F1_FLOOR,
        "seed F1 {f1:.3} fell below {SEED_F1_FLOOR}"
    );
}

/// The measured seed F1 when this floor was last raised, minus a little slack.
const SEED_F1_FLOOR: f64 = 0.85;

#[test]
fn samples_offsets_hold_and_traps_yield_nothing() {
    let samples = repo().join("samples");
    let events = extract(std::slice::from_ref(&samples));
    assert_offsets(
        &events
            .iter()
            .filter(|e| {
                !matches!(
                    e["doc_id"].as_str(),
                    Some("es-visit" | "fr-port-call" | "ja-defense-talks")
                )
            })
            .cloned()
            .collect::<Vec<_>>(),
        |id| std::fs::read_to_string(samples.join(format!("{id}.txt"))).unwrap(),
    );
    let of = |doc: &str| {
        events
            .iter()
            .filter(|e| e["doc_id"] == doc)
            .collect::<Vec<_>>()
    };
    let en = of("en-helsinki-talks");
    let meeting = en
        .iter()
        .find(|e| e["type"] == "MEETING")
        .expect("the Helsinki meeting");
    assert_eq!(meeting["countries"], serde_json::json!(["RUS", "USA"]));
    assert_eq!(
        meeting["date"], "2024-03-13",
        "Wednesday before a Thursday dateline"
    );
    assert_eq!(meeting["location"]["name"], "Helsinki");
    assert!(
        en.iter()
            .all(|e| e["status"] != "occurred" || e["type"] == "MEETING"),
        "no other engagement occurred: {en:?}"
    );
    assert!(
        en.iter()
            .any(|e| e["type"] == "VISIT" && e["status"] == "cancelled"),
        "the cancelled visit is recognised: {en:?}"
    );
    let ru = of("ru-phone-call");
    assert!(
        ru.iter().any(|e| e["type"] == "CALL"
            && e["mode"] == "phone"
            && e["countries"] == serde_json::json!(["CHN", "RUS"])),
        "{ru:?}"
    );
    let bn = of("bn-kim-putin");
    assert!(
        bn.iter()
            .any(|e| e["type"] == "MEETING" && e["countries"] == serde_json::json!(["PRK", "RUS"])),
        "{bn:?}"
    );
}

/// The development set of real pages in 18 languages (`../shared/dev`), when its texts have
/// been rebuilt into `texts/` (its README says how). Each page goes in as a JSON Lines record
/// with its URL, as a crawler would deliver it, so that a date in the URL can date the page.
#[test]
fn dev_set_event_f1_stays_above_its_floor() {
    let dev = shared().join("dev");
    let texts = dev.join("texts");
    if !texts.is_dir() {
        eprintln!(
            "skipped: {} has not been rebuilt (see ../shared/dev/README.md)",
            texts.display()
        );
        return;
    }
    let gold = std::fs::read_to_string(dev.join("gold.jsonl")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dev.jsonl");
    let mut lines = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let id = g["id"].as_str().unwrap();
        let text = std::fs::read_to_string(texts.join(format!("{id}.txt"))).unwrap();
        lines.push(serde_json::json!({"id": id, "url": g["url"], "text": text}).to_string());
    }
    std::fs::write(&input, lines.join("\n")).unwrap();
    let events = extract(&[input]);
    let (p, r, f1) = score(&dev.join("gold.jsonl"), &events);
    eprintln!("dev: P {p:.3} R {r:.3} F1 {f1:.3}");
    for (lang, lf1) in per_language_f1(&dev.join("gold.jsonl"), &events) {
        eprintln!("dev {lang}: F1 {lf1:.2}");
        assert!(
            lf1 >= DEV_LANG_F1_FLOOR,
            "dev F1 in {lang} is {lf1:.2}, below {DEV_LANG_F1_FLOOR}"
        );
    }
    assert!(
        f1 >= DEV_F1_FLOOR,
        "dev F1 {f1:.3} fell below {DEV_F1_FLOOR}"
    );
}

/// Event F1 per language from the scorer's `lang tp fp fn` table.
fn per_language_f1(gold: &Path, events: &[Value]) -> Vec<(String, f64)> {
    let out = run_scorer(gold, events);
    let mut in_table = false;
    let mut rows = Vec::new();
    for line in out.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.first() == Some(&"lang") {
            in_table = true;
            continue;
        }
        if !in_table || cols.len() != 4 {
            if in_table {
                break;
            }
            continue;
        }
        let n = |i: usize| cols[i].parse::<f64>().unwrap_or(0.0);
        let (tp, fp, fn_) = (n(1), n(2), n(3));
        let f1 = if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        };
        rows.push((cols[0].to_string(), f1));
    }
    rows
}

/// The events issue asks for 0.7 in every language (lowest when set: ko 0.706, hi 0.714).
const DEV_LANG_F1_FLOOR: f64 = 0.7;

/// The measured dev-set F1 when this floor was last raised, minus a little slack.
const DEV_F1_FLOOR: f64 = 0.82;
