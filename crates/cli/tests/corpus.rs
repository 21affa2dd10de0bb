//! The corpus store end to end, through the real binary: seeds merged into one canonical
//! visit, our own three-language articles merged with the most precise date, idempotent
//! re-ingest, replacement of a changed document, a SIGKILL mid-ingest, queries, exports
//! (GraphML read back by networkx) and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

fn seeds() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(shared().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v
}

fn attache(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .output()
        .expect("run attache")
}

fn ok(args: &[&str]) -> String {
    let o = attache(args);
    assert!(
        o.status.success(),
        "attache {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn ingest(db: &Path, inputs: &[String]) -> String {
    let mut args = vec!["ingest", "--db", db.to_str().unwrap()];
    args.extend(inputs.iter().map(String::as_str));
    let o = attache(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stderr).unwrap()
}

fn jsonl(db: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["events", "--db", db.to_str().unwrap(), "--format", "jsonl"];
    args.extend(extra);
    ok(&args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every row of every table (FTS shadow tables included), for "nothing changed" checks.
fn dump(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cols: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{t}: {}", cols.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn count(db: &Path, table: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn has_person(e: &Value, id: &str) -> bool {
    e["participants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == id)
}

#[test]
fn seeds_give_one_li_shangfu_visit_and_reingest_changes_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ingest(&db, &seeds());
    let visits: Vec<Value> = jsonl(&db, &["--type", "VISIT", "--country", "RUS"])
        .into_iter()
        .filter(|e| has_person(e, "li-shangfu"))
        .collect();
    assert_eq!(visits.len(), 1, "{visits:#?}");
    let v = &visits[0];
    assert_eq!(v["date"], "2023-04-16");
    assert_eq!(v["date_end"], "2023-04-19");
    assert_eq!(v["location"]["country"], "RUS");
    assert_eq!(v["cameo"], "042");
    let sources = v["sources"].as_array().unwrap();
    let docs: Vec<&str> = sources
        .iter()
        .map(|s| s["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(docs[0].starts_with("002") && docs[1].starts_with("003"));
    let texts: Vec<String> = sources
        .iter()
        .flat_map(|s| s["evidence"].as_array().unwrap().clone())
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("from Sunday to Wednesday")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("until April 19")),
        "{texts:?}"
    );
    assert_eq!(sources[0]["published"], "2023-04-20");

    // Why: the second source joined on the shared participant and compatible dates.
    let id = v["id"].as_str().unwrap();
    let why = ok(&["show", id, "--why", "--db", db.to_str().unwrap()]);
    assert!(why.contains("shared participants: li-shangfu"), "{why}");
    assert!(why.contains("dates compatible"), "{why}");

    let before = dump(&db);
    let report = ingest(&db, &seeds());
    assert!(
        report.contains("0 added, 0 replaced, 5 unchanged"),
        "{report}"
    );
    assert_eq!(before, dump(&db), "re-ingesting the seeds changed rows");
}

#[test]
fn own_articles_in_three_languages_merge_with_the_most_precise_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ingest(&db, &[fixtures().display().to_string()]);
    let meetings = jsonl(&db, &["--type", "MEETING", "--person", "Belousov"]);
    assert_eq!(meetings.len(), 2, "{meetings:#?}");
    let march = &meetings[0];
    assert_eq!(march["date"], "2025-03-12");
    assert_eq!(march["location"]["name"], "Qingdao");
    let mut langs: Vec<&str> = march["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["lang"].as_str().unwrap())
        .collect();
    langs.sort();
    assert_eq!(langs, ["en", "fr", "ru"]);
    // The same pair on another day is another meeting.
    assert_eq!(meetings[1]["date"], "2025-06-26");
    assert_eq!(meetings[1]["sources"].as_array().unwrap().len(), 1);
    // Filters and search (Cyrillic, through the trigram index).
    let db_s = db.to_str().unwrap();
    assert_eq!(
        jsonl(
            &db,
            &["--type", "MEETING", "--since", "2025-06", "--with", "chn"]
        )
        .len(),
        1
    );
    assert_eq!(
        jsonl(&db, &["--type", "MEETING", "--until", "2025-03"]).len(),
        1
    );
    assert_eq!(
        jsonl(&db, &["--search", "Циндао", "--type", "MEETING"]).len(),
        1
    );
    assert!(jsonl(&db, &["--status", "planned"]).is_empty());
    let csv = ok(&[
        "events", "--db", db_s, "--format", "csv", "--type", "MEETING",
    ]);
    assert!(csv.starts_with("id,type,status,date"));
    assert_eq!(csv.lines().count(), 3);
    let actors = ok(&["actors", "--db", db_s]);
    assert!(
        actors.contains("Белоусов") && actors.contains("Andrei Belousov"),
        "{actors}"
    );
    let stats = ok(&["stats", "--db", db_s]);
    assert!(stats.contains("documents        4"), "{stats}");
}

#[test]
fn a_changed_document_replaces_its_old_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for s in seeds() {
        let p = Path::new(&s);
        std::fs::copy(p, input.join(p.file_name().unwrap())).unwrap();
    }
    let db = dir.path().join("c.db");
    ingest(&db, &[input.display().to_string()]);
    let events = count(&db, "doc_events");
    // 003 rewritten without the visit: the merged visit keeps only 002.
    let p3 = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("003"))
        .unwrap();
    std::fs::write(&p3, "Weather report: sunny in Lima.\n").unwrap();
    let report = ingest(&db, &[input.display().to_string()]);
    assert!(
        report.contains("0 added, 1 replaced, 4 unchanged"),
        "{report}"
    );
    assert_eq!(count(&db, "documents"), 5);
    assert!(count(&db, "doc_events") < events);
    let visit: Vec<Value> = jsonl(&db, &["--type", "VISIT"])
        .into_iter()
        .filter(|e| has_person(e, "li-shangfu"))
        .collect();
    assert_eq!(visit.len(), 1);
    assert_eq!(visit[0]["sources"].as_array().unwrap().len(), 1);
    assert_eq!(visit[0]["date"], "2023-04-16");
    // Every per-document event belongs to exactly one canonical event that exists.
    let c = rusqlite::Connection::open(&db).unwrap();
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM doc_events WHERE canonical IS NULL
             OR canonical NOT IN (SELECT id FROM canonical_events)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let members: i64 = c
        .query_row("SELECT sum(members) FROM canonical_events", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(members, count(&db, "doc_events"));
}

/// A corpus big enough that an ingest takes seconds: the seeds and our articles, each copied
/// many times with a line that makes every copy a different document.
fn big_corpus(dir: &Path, copies: usize) -> PathBuf {
    let input = dir.join("big");
    std::fs::create_dir(&input).unwrap();
    let mut texts: Vec<(String, String)> = seeds()
        .into_iter()
        .map(|s| {
            let p = PathBuf::from(&s);
            (
                p.file_stem().unwrap().to_str().unwrap().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        texts.push((
            p.file_stem().unwrap().to_str().unwrap().to_string(),
            std::fs::read_to_string(&p).unwrap(),
        ));
    }
    for i in 0..copies {
        for (stem, text) in &texts {
            std::fs::write(
                input.join(format!("{i:04}-{stem}.txt")),
                format!("{text}\n\nArchive copy {i}.\n"),
            )
            .unwrap();
        }
    }
    input
}

#[test]
fn sigkill_mid_ingest_then_rerun_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_corpus(dir.path(), 150);
    let total = std::fs::read_dir(&input).unwrap().count() as i64;
    let input_s = input.display().to_string();

    // Reference: one uninterrupted run.
    let reference = dir.path().join("ref.db");
    ingest(&reference, std::slice::from_ref(&input_s));

    let db = dir.path().join("killed.db");
    let db_s = db.to_str().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["ingest", "--db", db_s, "--batch", "8", &input_s])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill -9 while it is still writing.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(10));
        let committed = if db.exists() {
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
                .unwrap_or(0i64)
        } else {
            0
        };
        if committed >= 40 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "ingest never committed"
        );
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the ingest finished before it could be killed; make the corpus bigger"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let after_kill = count(&db, "documents");
    assert!(
        after_kill > 0 && after_kill < total,
        "{after_kill} of {total}"
    );

    let report = ingest(&db, std::slice::from_ref(&input_s));
    assert!(
        report.contains(&format!("{after_kill} unchanged")),
        "{report}"
    );
    for table in [
        "documents",
        "doc_events",
        "canonical_events",
        "mentions",
        "participants",
    ] {
        assert_eq!(count(&db, table), count(&reference, table), "{table}");
    }
    let export = |d: &Path| ok(&["export", "--db", d.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(export(&db), export(&reference));
    let c = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn graphml_parses_with_networkx_and_exports_are_complete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut inputs = seeds();
    inputs.push(fixtures().display().to_string());
    ingest(&db, &inputs);
    let db_s = db.to_str().unwrap();
    let graph = dir.path().join("net.graphml");
    ok(&[
        "export",
        "--db",
        db_s,
        "--format",
        "graphml",
        "--out",
        graph.to_str().unwrap(),
    ]);
    let script = "import sys\ntry:\n    import networkx as nx\nexcept ImportError:\n    sys.exit(3)\n\
                  g = nx.read_graphml(sys.argv[1])\n\
                  print(g.number_of_nodes(), g.number_of_edges(), g.has_edge('state:CHN', 'state:RUS'), \
                  g.has_edge('person:li-shangfu', 'person:sergei-shoigu'))";
    let o = Command::new("python3")
        .args(["-c", script, graph.to_str().unwrap()])
        .output()
        .expect("python3 is needed for the GraphML test");
    assert_ne!(
        o.status.code(),
        Some(3),
        "networkx is missing: run .ci/run (it installs networkx) or `pip install networkx`"
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.trim().ends_with("True True"), "{out}");

    let jsonl = ok(&["export", "--db", db_s, "--format", "jsonl"]);
    let csv = ok(&["export", "--db", db_s, "--format", "csv"]);
    let canonical = count(&db, "canonical_events") as usize;
    assert_eq!(jsonl.lines().count(), canonical);
    assert!(
        csv.lines().count() > canonical,
        "every event has a row (and evidence may span lines)"
    );
    for l in jsonl.lines() {
        let e: Value = serde_json::from_str(l).unwrap();
        for k in [
            "id",
            "type",
            "status",
            "countries",
            "participants",
            "date",
            "date_end",
            "evidence",
            "sources",
            "cameo",
            "plover",
        ] {
            assert!(e.get(k).is_some(), "{k} missing in {l}");
        }
    }
}

#[test]
fn bad_input_is_named_and_never_loses_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixtures().join("en-qingdao-talks.txt"), input.join("a.txt")).unwrap();
    std::fs::write(input.join("b.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let db = dir.path().join("c.db");
    let db_s = db.to_str().unwrap();
    let o = attache(&["ingest", "--db", db_s, input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("b.txt"));
    assert_eq!(count(&db, "documents"), 1);

    // Not a store: refused with its name, left untouched.
    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        "this is not a database, just some text that is long enough ".repeat(20),
    )
    .unwrap();
    let before = std::fs::read(&junk).unwrap();
    let o = attache(&[
        "ingest",
        "--db",
        junk.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("junk.db"));
    assert_eq!(std::fs::read(&junk).unwrap(), before);

    for args in [
        vec!["events", "--db", db_s, "--type", "PICNIC"],
        vec!["events", "--db", db_s, "--since", "last tuesday"],
        vec!["events", "--db", db_s, "--search", "ab"],
        vec![
            "events",
            "--db",
            db_s,
            "--country",
            "R'; DROP TABLE documents; --",
        ],
        vec!["show", "E999", "--db", db_s],
        vec!["show", "nonsense", "--db", db_s],
        vec![
            "events",
            "--db",
            dir.path().join("missing.db").to_str().unwrap(),
        ],
    ] {
        let o = attache(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
    // Search text is data, never SQL or FTS syntax.
    ok(&["events", "--db", db_s, "--search", "\" OR 1=1 --"]);
    ok(&["events", "--db", db_s, "--person", "%_\\"]);
    assert_eq!(count(&db, "documents"), 1);
}
