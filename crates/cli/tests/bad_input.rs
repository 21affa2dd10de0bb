//! Bad input gets a clear error that names it, the rest of the batch goes on, the exit code says
//! some inputs failed, and nothing panics.

use std::fs;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn attache(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .output()
        .expect("run attache")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const GOOD: &str = "Russian Defence Minister Andrei Belousov met Chinese Defence Minister Dong Jun in Beijing on 3 March 2025.";

#[test]
fn reports_each_bad_file_by_name_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, GOOD).unwrap();
    let binary = dir.path().join("binary.bin");
    fs::write(&binary, b"\x7fELF\x00\x01\x02 binary").unwrap();
    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"Le ministre fran\xe7ais").unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let missing = dir.path().join("missing.txt");
    let o = attache(&[
        "extract",
        binary.to_str().unwrap(),
        latin1.to_str().unwrap(),
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("binary.bin") && err.contains("binary data"),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt") && err.contains("invalid UTF-8 at byte 16"),
        "{err}"
    );
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    assert!(
        err.contains("missing.txt") && err.contains("cannot read"),
        "{err}"
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("\"doc_id\":\"good\""),
        "the good file is still processed: {out}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn refuses_huge_files_before_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    // A sparse 1 GiB file: its size is what is checked, nothing is read.
    fs::File::create(&huge).unwrap().set_len(1 << 30).unwrap();
    let o = attache(&["extract", huge.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("huge.txt") && err.contains("over the limit"),
        "{err}"
    );
}

#[test]
fn names_the_line_of_a_malformed_json_record() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("batch.jsonl");
    let good = serde_json::json!({"id": "a1", "text": GOOD}).to_string();
    let no_text = serde_json::json!({"id": "a3", "title": "only a title"}).to_string();
    fs::write(
        &f,
        format!("{good}\n{{\"id\": \"a2\", \"text\": \n{no_text}\n"),
    )
    .unwrap();
    let o = attache(&["extract", f.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("batch.jsonl:2") && err.contains("malformed JSON"),
        "{err}"
    );
    assert!(
        err.contains("batch.jsonl:3") && err.contains("neither `text` nor `html`"),
        "{err}"
    );
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("\"doc_id\":\"a1\""));
}

#[test]
fn survives_deeply_nested_and_broken_html() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.html");
    let mut html = String::from("<!DOCTYPE html><html><body>");
    html.push_str(&"<div>".repeat(100_000));
    html.push_str(GOOD);
    fs::write(&deep, &html).unwrap();
    let broken = dir.path().join("broken.html");
    fs::write(
        &broken,
        format!("<html><body><p>{GOOD}<b><i></p></div></span><<>>&bogus;"),
    )
    .unwrap();
    let o = attache(&["extract", deep.to_str().unwrap(), broken.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("\"doc_id\":\"deep\"") && out.contains("\"doc_id\":\"broken\""),
        "{out}"
    );
}

#[test]
fn reports_empty_directories() {
    let dir = tempfile::tempdir().unwrap();
    let o = attache(&["extract", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("directory holds no files"));
}

#[test]
fn reads_standard_input_and_hashes_an_id() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("\"doc_id\":\"stdin-"), "{out}");
}

#[test]
fn nul_bytes_inside_a_text_file_are_binary() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("nul.txt");
    fs::write(&f, "text\0more text").unwrap();
    let o = attache(&["extract", f.to_str().unwrap()]);
    assert!(stderr(&o).contains("nul.txt: binary data (NUL byte at offset 4)"));
}
