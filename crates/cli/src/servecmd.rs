//! `attache serve`: flags and wiring for `attache-serve`. The server reads the store through
//! read-only connections; `--allow-ingest` hands it the one write path, which runs the same
//! code as `attache ingest` on the uploaded file.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use attache_serve::{Ingestor, Options};
use attache_store::Store;
use clap::Args;

use crate::corpuscmd::{self, DbArg, IngestArgs};
use crate::pipeline::load_kb;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Address to listen on. Loopback by default: the API has no authentication, so exposing
    /// it is a decision to make explicitly (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Accept `POST /api/ingest` uploads (the server is read-only without it).
    #[arg(long)]
    pub allow_ingest: bool,
}

pub fn serve(data: &Path, a: ServeArgs) -> anyhow::Result<ExitCode> {
    let db = a.db.db.clone();
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (create one with `attache ingest samples/ --db {}`)",
            db.display(),
            db.display()
        );
    }
    // One write before serving: bring an older store's schema (indexes) up to date. A store we
    // may not write to is served as it is.
    if let Err(e) = Store::open(&db) {
        eprintln!("note: {e}; serving the store as it is");
    }
    // State names label the UI and tell an unknown state code from a quiet one.
    let state_names: BTreeMap<String, String> = match load_kb(data) {
        Ok(kb) => kb
            .states
            .iter()
            .map(|s| (s.iso3.clone(), s.name.clone()))
            .collect(),
        Err(e) => {
            eprintln!("note: {e:#}; states are named by their codes");
            BTreeMap::new()
        }
    };
    let ingest: Option<Ingestor> = a.allow_ingest.then(|| ingestor(data, &db));
    if !a.bind.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach it can read the corpus{}",
            a.bind,
            if a.allow_ingest { " and add to it" } else { "" }
        );
    }
    let mode = if a.allow_ingest {
        "ingest allowed"
    } else {
        "read-only"
    };
    attache_serve::serve_blocking(
        a.bind,
        Options {
            db: db.clone(),
            state_names,
            ingest,
        },
        |addr| {
            // The first line of stdout is the address: tests and scripts read it.
            let mut out = std::io::stdout();
            let _ = writeln!(out, "http://{addr}/");
            let _ = out.flush();
            eprintln!("attache serve: {} ({mode}) on http://{addr}/", db.display());
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The upload goes to a temporary file named as asked and through `attache ingest`'s code.
fn ingestor(data: &Path, db: &Path) -> Ingestor {
    let (data, db) = (data.to_path_buf(), db.to_path_buf());
    Arc::new(move |body: &[u8], name: &str| {
        let dir = std::env::temp_dir().join(format!("attache-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path: PathBuf = dir.join(name);
        std::fs::write(&path, body).map_err(|e| e.to_string())?;
        let before = Store::open(&db)
            .and_then(|s| s.stats())
            .map_err(|e| e.to_string())?;
        let code = corpuscmd::ingest(
            &data,
            IngestArgs {
                paths: vec![path.display().to_string()],
                db: DbArg { db: db.clone() },
                lang: "auto".into(),
                batch: 64,
            },
        );
        let _ = std::fs::remove_file(&path);
        let after = Store::open(&db)
            .and_then(|s| s.stats())
            .map_err(|e| e.to_string())?;
        match code {
            Ok(c) if c == ExitCode::SUCCESS => Ok(serde_json::json!({
                "documents": after.documents - before.documents,
                "canonical_events": after.canonical_events - before.canonical_events,
                "doc_events": after.doc_events - before.doc_events,
            })),
            Ok(_) => Err(format!("{name}: the input could not be read")),
            Err(e) => Err(format!("{e:#}")),
        }
    })
}
