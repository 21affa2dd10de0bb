//! `attache serve` end to end: the real binary on a free loopback port over a store ingested
//! from `samples/`. The API answers pages and totals, and every bad parameter (unknown state,
//! inverted dates, huge pages, SQL metacharacters, invalid UTF-8, raw bytes) gets a clear 4xx;
//! the store stays unchanged (read-only) and ingest through the API is refused without
//! `--allow-ingest`. Then the web UI in headless Chromium (Playwright, `crates/serve/browser-
//! tests/ui.mjs`), leaving screenshots in `target/ui-screenshots/`. Missing Chromium or
//! Playwright is a failure telling to run `.ci/run`, never a silent pass.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The server, killed when the test ends however it ends.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ingest_samples(db: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["ingest", "--db"])
        .arg(db)
        .arg(root().join("samples"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn serve(db: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["serve", "--bind", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(!addr.is_empty(), "attache serve printed no address");
    Server { child, addr }
}

/// One HTTP/1.1 request with raw bytes as the target (so invalid UTF-8 can be sent as is);
/// returns the status and the body.
fn request(addr: &str, method: &str, target: &[u8], body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = Vec::new();
    req.extend_from_slice(method.as_bytes());
    req.push(b' ');
    req.extend_from_slice(target);
    req.extend_from_slice(
        format!(
            " HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    req.extend_from_slice(body);
    s.write_all(&req).unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let head_end = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8_lossy(&resp[..head_end]).to_string();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = resp[head_end + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 2 + n + 2..];
    }
}

fn get(addr: &str, target: &str) -> (u16, Value) {
    let (status, body) = request(addr, "GET", target.as_bytes(), b"");
    let v = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("GET {target}: not JSON ({e}): {body:?}"));
    (status, v)
}

#[test]
fn api_pages_filters_and_refuses_bad_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("attache.db");
    ingest_samples(&db);
    let before = std::fs::read(&db).unwrap();
    let srv = serve(&db, &[]);
    let a = srv.addr.as_str();

    let (st, all) = get(a, "/api/events?per_page=500");
    assert_eq!(st, 200);
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 10, "{total}");
    assert_eq!(all["events"].as_array().unwrap().len() as u64, total);

    // Pages tile the list.
    let (_, p1) = get(a, "/api/events?per_page=5&page=1");
    let (_, p2) = get(a, "/api/events?per_page=5&page=2");
    assert_eq!(p1["total"].as_u64(), Some(total));
    assert_eq!(p1["events"][0]["id"], all["events"][0]["id"]);
    assert_eq!(p2["events"][0]["id"], all["events"][5]["id"]);

    // Filters are the CLI's.
    let (_, rus) = get(a, "/api/events?country=rus&per_page=500");
    let n = rus["total"].as_u64().unwrap();
    assert!(n > 0 && n < total);
    for e in rus["events"].as_array().unwrap() {
        assert!(e["countries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "RUS"));
    }
    let (_, q) = get(
        a,
        "/api/events?q=%D0%91%D0%B5%D0%BB%D0%BE%D1%83%D1%81%D0%BE%D0%B2",
    );
    assert!(q["total"].as_u64().unwrap() >= 1, "Cyrillic search");

    // One event with sources, evidence and the text it points into.
    let id = all["events"][0]["id"].as_str().unwrap();
    let (st, e) = get(a, &format!("/api/events/{id}?text=1"));
    assert_eq!(st, 200);
    let src = &e["sources"][0];
    let ev = &src["evidence"][0];
    let text: Vec<char> = src["text"].as_str().unwrap().chars().collect();
    let (s, t) = (
        ev["start"].as_u64().unwrap() as usize,
        ev["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        text[s..t].iter().collect::<String>(),
        ev["text"].as_str().unwrap()
    );

    for path in [
        "/api/openapi.json",
        "/api/states",
        "/api/stats",
        "/api/actors",
        "/api/timeline?country=RUS",
        "/api/network",
        "/api/search?q=Gerasimov",
    ] {
        assert_eq!(get(a, path).0, 200, "{path}");
    }
    let (st, csv) = request(a, "GET", b"/api/export?format=csv", b"");
    assert_eq!(st, 200);
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count() as u64,
        total + 1,
        "CSV: a header and one line per event (evidence has no newlines)"
    );
    let (st, jsonl) = request(a, "GET", b"/api/export?format=jsonl&country=RUS", b"");
    assert_eq!(st, 200);
    assert_eq!(String::from_utf8(jsonl).unwrap().lines().count() as u64, n);
    let (st, gml) = request(a, "GET", b"/api/export?format=graphml", b"");
    assert_eq!(st, 200);
    assert!(String::from_utf8(gml).unwrap().contains("<graphml"));

    // Bad parameters: a 4xx whose JSON names the problem.
    for (target, status, needle) in [
        ("/api/events?country=XYZ", 400, "unknown state"),
        ("/api/events?with=R1", 400, "alpha-3"),
        ("/api/events?since=2025-01&until=2024-12", 400, "inverted"),
        ("/api/events?since=last%20week", 400, "expected a date"),
        ("/api/events?per_page=1000000", 400, "per_page"),
        ("/api/events?page=0", 400, "page"),
        ("/api/events?page=18446744073709551616", 400, "page"),
        ("/api/events?type=PARADE", 400, "expected one of"),
        ("/api/events?status=maybe", 400, "status"),
        ("/api/events?q=%FF%FE%FD", 400, "UTF-8"),
        ("/api/events?q=%E0%A4", 400, "UTF-8"),
        ("/api/events?%FF=1", 400, "UTF-8"),
        ("/api/events?q=%G1", 400, "percent"),
        ("/api/events?q=x", 400, "3 characters"),
        ("/api/events?contry=RUS", 400, "unknown parameter"),
        ("/api/events?country=RUS&country=CHN", 400, "more than once"),
        ("/api/events/abc", 400, "not an event id"),
        ("/api/events/E999999", 404, "no event"),
        ("/api/events/E1?text=maybe", 400, "text"),
        ("/api/actors/nobody", 404, "no actor"),
        ("/api/export?format=xlsx", 400, "format"),
        ("/api/network?nodes=100000", 400, "nodes"),
        ("/api/search", 400, "q"),
        ("/api/nothing", 404, "no such path"),
    ] {
        let (st, v) = get(a, target);
        assert_eq!(st, status, "{target}: {v}");
        let msg = v["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.contains(needle), "{target}: {msg}");
    }
    // SQL metacharacters are text, never SQL.
    for target in [
        "/api/events?q=%27%3B%20DROP%20TABLE%20documents%3B--",
        "/api/events?person=%25%27%20OR%201%3D1--",
        "/api/events?q=%22%22%22%20OR%20*",
        "/api/actors?q=%27)%3B--",
    ] {
        let (st, v) = get(a, target);
        assert_eq!(st, 200, "{target}: {v}");
    }
    // Raw bytes that are not UTF-8 in the request line: refused, and the server lives on.
    let (st, _) = request(a, "GET", b"/api/events?q=\xff\xfe\xfd", b"");
    assert!((400..500).contains(&st), "raw invalid UTF-8: {st}");
    assert_eq!(get(a, "/api/stats").0, 200);

    // Read-only: ingest is refused, and nothing changed on disk.
    let (st, body) = request(
        a,
        "POST",
        b"/api/ingest",
        b"{\"id\":\"x\",\"text\":\"hi\"}\n",
    );
    assert_eq!(st, 403, "{}", String::from_utf8_lossy(&body));
    drop(srv);
    assert!(std::fs::read(&db).unwrap() == before, "the store changed");
}

#[test]
fn ingest_through_the_api_only_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("attache.db");
    ingest_samples(&db);
    let srv = serve(&db, &["--allow-ingest"]);
    let a = srv.addr.as_str();
    let (_, before) = get(a, "/api/stats");
    let doc = std::fs::read(root().join("samples/ru-phone-call.txt")).unwrap();
    let (st, body) = request(a, "POST", b"/api/ingest?name=ru-again.txt", &doc);
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
    // The same text under another id is a duplicate: stored once.
    let (_, after) = get(a, "/api/stats");
    assert_eq!(after["documents"], before["documents"]);
    let text = "Ministre des Armées, Sébastien Lecornu, a rencontré le 3 mars 2024 à Paris le \
                ministre indien de la Défense, Rajnath Singh.";
    let (st, body) = request(a, "POST", b"/api/ingest?name=fr-new.txt", text.as_bytes());
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
    let (_, after) = get(a, "/api/stats");
    assert_eq!(
        after["documents"].as_u64(),
        before["documents"].as_u64().map(|n| n + 1)
    );
    let (st, _) = request(a, "POST", b"/api/ingest?name=..%2Fx.txt", b"text");
    assert_eq!(st, 400);
}

/// The browser test needs Debian's chromium and playwright-core; `.ci/run` installs both.
fn browser_prerequisites() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let dir = root().join("crates/serve/browser-tests");
    let mut missing = Vec::new();
    if !chromium.exists() {
        missing.push(format!("{} (apt-get install chromium)", chromium.display()));
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node (apt-get install nodejs npm)".into());
    }
    if !dir.join("node_modules/playwright-core").exists() {
        missing.push(format!("playwright-core (npm ci in {})", dir.display()));
    }
    if missing.is_empty() {
        Ok((chromium, dir))
    } else {
        Err(format!(
            "the browser test needs {}: run .ci/run (it installs them)",
            missing.join(", ")
        ))
    }
}

#[test]
fn web_ui_in_headless_chromium() {
    let (chromium, dir) = browser_prerequisites().unwrap_or_else(|e| panic!("{e}"));
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("attache.db");
    ingest_samples(&db);
    let srv = serve(&db, &[]);
    let out = root().join("target/ui-screenshots");
    let o = Command::new("node")
        .arg(dir.join("ui.mjs"))
        .arg(format!("http://{}/", srv.addr))
        .arg(&out)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "browser test failed:\n{log}");
    for f in [
        "list.png",
        "list-rus.png",
        "event.png",
        "event-ar.png",
        "network.png",
    ] {
        assert!(out.join(f).exists(), "no screenshot {f}:\n{log}");
    }
}
