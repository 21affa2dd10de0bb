//! The corpus commands: `ingest`, `events`, `show`, `actors`, `stats`, `export`. Wiring and
//! output formats only: storing and querying live in `attache-store`, merging in
//! `attache-corpus`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use attache_events::Extractor;
use attache_ingest::{read_inputs, ReadOptions};
use attache_store::{BatchReport, CanonicalEvent, DocInput, Query, Skipped, Store};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{clean_config, load_kb};

#[derive(Args)]
pub struct DbArg {
    /// The store: one SQLite file, created on first use.
    #[arg(long, default_value = "attache.db")]
    pub db: PathBuf,
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files, directories (recursively) or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// The language of every input (`auto` identifies it).
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Documents per transaction: a killed ingest loses at most one batch, which the next run
    /// redoes.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// A state taking part (ISO3, e.g. RUS).
    #[arg(long)]
    pub country: Option<String>,
    /// Another state taking part (ISO3).
    #[arg(long)]
    pub with: Option<String>,
    /// Event type (VISIT, MEETING, CALL, …).
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// A participant: KB id, or part of the name as written.
    #[arg(long)]
    pub person: Option<String>,
    /// Events ending on or after this date (2023, 2023-01, 2023-01-15).
    #[arg(long)]
    pub since: Option<String>,
    /// Events starting on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// occurred, planned, cancelled, denied or hypothetical.
    #[arg(long)]
    pub status: Option<String>,
    /// Full-text search in evidence, names and places (3+ characters, any script).
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The event id (E12).
    pub event: String,
    #[command(flatten)]
    pub db: DbArg,
    /// Explain why each source was merged into this event.
    #[arg(long)]
    pub why: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Graphml,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// `table` or `jsonl`.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

fn open(db: &Path) -> anyhow::Result<Store> {
    Ok(Store::open(db)?)
}

/// Reading a store must not create one: a mistyped `--db` is an error, not an empty result.
fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (create one with `attache ingest PATH --db {}`)",
            db.display(),
            db.display()
        );
    }
    open(db)
}

fn add(total: &mut BatchReport, r: BatchReport) {
    total.added += r.added;
    total.replaced += r.replaced;
    total.events += r.events;
    total.joined += r.joined;
    total.created += r.created;
    total.skipped.extend(r.skipped);
}

/// Stores the pending documents in one transaction.
fn flush(
    store: &mut Store,
    batch: &mut Vec<DocInput>,
    total: &mut BatchReport,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let first = batch[0].doc.id.clone();
    let r = store.ingest_batch(batch).with_context(|| {
        format!("storing the batch starting at {first} (earlier batches are kept)")
    })?;
    add(total, r);
    batch.clear();
    Ok(())
}

pub fn ingest(data: &Path, a: IngestArgs) -> anyhow::Result<ExitCode> {
    let kb = load_kb(data)?;
    let extractor = Extractor::new(&kb);
    let cfg = clean_config(&kb);
    let mut store = open(&a.db.db)?;
    let started = Instant::now();
    // A bar only for a person watching: logs and pipes get the summary line alone.
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {pos} documents ({per_sec}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    } else {
        ProgressBar::hidden()
    };
    let mut total = BatchReport::default();
    let mut batch: Vec<DocInput> = Vec::new();
    let mut failures = 0usize;
    let mut store_error: Option<anyhow::Error> = None;
    let batch_size = a.batch.max(1);
    read_inputs(&a.paths, &ReadOptions::default(), &mut |res| {
        if store_error.is_some() {
            return;
        }
        match res {
            Ok(mut raw) => {
                if a.lang != "auto" {
                    raw.lang = Some(a.lang.clone());
                }
                let doc = attache_ingest::prepare(raw, &cfg);
                bar.inc(1);
                match store.is_stored(&doc) {
                    Ok(true) => {
                        total.skipped.push(Skipped::Unchanged(doc.id));
                        return;
                    }
                    Ok(false) => {}
                    Err(e) => {
                        store_error = Some(e.into());
                        return;
                    }
                }
                let events = extractor.extract(&doc);
                let mentions = extractor.mentions(&doc);
                batch.push(DocInput {
                    doc,
                    events,
                    mentions,
                });
                bar.inc(1);
                if batch.len() >= batch_size {
                    if let Err(e) = flush(&mut store, &mut batch, &mut total) {
                        store_error = Some(e);
                    }
                    bar.set_message(format!(
                        "{} events, {} canonical",
                        total.events, total.created
                    ));
                }
            }
            Err(e) => {
                failures += 1;
                bar.suspend(|| eprintln!("error: {e}"));
            }
        }
    });
    if store_error.is_none() {
        if let Err(e) = flush(&mut store, &mut batch, &mut total) {
            store_error = Some(e);
        }
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let (mut unchanged, mut dups) = (0, 0);
    for s in &total.skipped {
        match s {
            Skipped::Unchanged(_) => unchanged += 1,
            Skipped::Duplicate { source, of } => {
                dups += 1;
                eprintln!("note: {source} has the same text as {of}; not stored twice");
            }
        }
    }
    let docs = total.added + total.replaced;
    eprintln!(
        "{} added, {} replaced, {unchanged} unchanged, {dups} duplicate(s); {} events: {} joined \
         existing events, {} new; {:.1} s ({:.0} documents/s) into {}",
        total.added,
        total.replaced,
        total.events,
        total.joined,
        total.created,
        secs,
        docs as f64 / secs.max(1e-9),
        a.db.db.display()
    );
    if let Some(e) = store_error {
        return Err(e);
    }
    if failures > 0 {
        eprintln!("{failures} input(s) failed; the others were stored");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn query_of(a: &EventsArgs) -> Query {
    Query {
        country: a.country.clone(),
        with: a.with.clone(),
        kind: a.kind.clone(),
        person: a.person.clone(),
        since: a.since.clone(),
        until: a.until.clone(),
        status: a.status.clone(),
        search: a.search.clone(),
        limit: a.limit,
    }
}

/// Writes to stdout, treating a closed pipe (`| head`) as the end of output, not an error.
fn emit(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    match f(&mut w).and_then(|_| w.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => {
            r.context("writing output")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn events(a: EventsArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.db.db)?;
    let events = store.events(&query_of(&a))?;
    emit(|w| match a.format {
        ListFormat::Jsonl => write_jsonl(w, &events),
        ListFormat::Csv => write_csv(w, &events),
        ListFormat::Table => write_table(w, &events),
    })
}

pub fn show(a: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.db.db)?;
    let Some(e) = store.event(&a.event)? else {
        anyhow::bail!("no event {} in {}", a.event, a.db.db.display());
    };
    emit(|w| {
        writeln!(
            w,
            "{}",
            serde_json::to_string_pretty(&e).map_err(std::io::Error::other)?
        )?;
        if a.why {
            writeln!(
                w,
                "\nWhy these {} source(s) are one event:",
                e.sources.len()
            )?;
            for s in &e.sources {
                let joined = s.why.get("joined").and_then(|j| j.as_u64());
                let head = match joined {
                    Some(_) => "joined",
                    None => "founded the event",
                };
                writeln!(w, "- {} {head}:", s.doc_id)?;
                for r in s
                    .why
                    .get("reasons")
                    .and_then(|r| r.as_array())
                    .into_iter()
                    .flatten()
                {
                    writeln!(w, "    {}", r.as_str().unwrap_or_default())?;
                }
            }
        }
        Ok(())
    })
}

pub fn actors(a: ListArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.db.db)?;
    let actors = store.actors()?;
    emit(|w| {
        for x in &actors {
            if a.format != ListFormat::Table {
                writeln!(
                    w,
                    "{}",
                    serde_json::to_string(x).map_err(std::io::Error::other)?
                )?;
                continue;
            }
            writeln!(
                w,
                "{}  {} ({}) — {} event(s); written: {}",
                x.id,
                x.name.as_deref().unwrap_or("?"),
                x.country.as_deref().unwrap_or("?"),
                x.events,
                x.names.join(" | ")
            )?;
            for r in &x.roles {
                writeln!(
                    w,
                    "    {} {} {}..{}",
                    r.role,
                    r.country.as_deref().unwrap_or(""),
                    r.first.as_deref().unwrap_or("?"),
                    r.last.as_deref().unwrap_or("?")
                )?;
            }
        }
        Ok(())
    })
}

pub fn stats(a: DbArg) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.db)?;
    let s = store.stats()?;
    let list = |v: &[(String, i64)]| {
        v.iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    emit(|w| {
        writeln!(
            w,
            "store            {} (schema {})",
            a.db.display(),
            s.schema_version
        )?;
        writeln!(
            w,
            "documents        {} ({})",
            s.documents,
            list(&s.languages)
        )?;
        writeln!(w, "mentions         {}", s.mentions)?;
        writeln!(w, "document events  {}", s.doc_events)?;
        writeln!(
            w,
            "canonical events {} ({} with several sources)",
            s.canonical_events, s.merged
        )?;
        writeln!(w, "  by type        {}", list(&s.by_type))?;
        writeln!(w, "actors           {}", s.actors)?;
        writeln!(w, "size             {:.1} MB", s.bytes as f64 / 1e6)
    })
}

pub fn export(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&a.db.db)?;
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        match a.format {
            ExportFormat::Graphml => {
                let net = store.network().map_err(std::io::Error::other)?;
                write_graphml(w, &net)
            }
            f => {
                let events = store
                    .events(&Query::default())
                    .map_err(std::io::Error::other)?;
                if f == ExportFormat::Csv {
                    write_csv(w, &events)
                } else {
                    write_jsonl(w, &events)
                }
            }
        }
    };
    match &a.out {
        Some(path) => {
            let f = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            write(&mut w)
                .and_then(|_| w.flush())
                .with_context(|| format!("writing {}", path.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        None => emit(write),
    }
}

fn write_jsonl(w: &mut dyn Write, events: &[CanonicalEvent]) -> std::io::Result<()> {
    for e in events {
        writeln!(
            w,
            "{}",
            serde_json::to_string(e).map_err(std::io::Error::other)?
        )?;
    }
    Ok(())
}

fn place_of(e: &CanonicalEvent) -> String {
    let Some(l) = &e.location else {
        return String::new();
    };
    ["name", "area", "country"]
        .iter()
        .filter_map(|k| l.get(*k).and_then(|v| v.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dates_of(e: &CanonicalEvent) -> String {
    match (&e.date, &e.date_end) {
        (None, None) => "-".into(),
        (Some(d), None) => d.clone(),
        (d, Some(end)) => format!("{}..{end}", d.as_deref().unwrap_or("?")),
    }
}

fn write_table(w: &mut dyn Write, events: &[CanonicalEvent]) -> std::io::Result<()> {
    writeln!(
        w,
        "{:<7} {:<13} {:<9} {:<23} {:<15} {:<3} participants @ place",
        "id", "type", "status", "date", "countries", "src"
    )?;
    for e in events {
        writeln!(
            w,
            "{:<7} {:<13} {:<9} {:<23} {:<15} {:<3} {} @ {}",
            e.id,
            e.kind,
            e.status,
            dates_of(e),
            e.countries.join("-"),
            e.sources.len(),
            attache_serve::export::participant_names(e).join(", "),
            place_of(e)
        )?;
    }
    writeln!(w, "{} event(s)", events.len())
}

/// The CSV export: the same columns as the server's (`attache_serve::export`).
fn write_csv(w: &mut dyn Write, events: &[CanonicalEvent]) -> std::io::Result<()> {
    let mut out = String::from(attache_serve::export::CSV_HEADER);
    for e in events {
        attache_serve::export::csv_row(&mut out, e);
    }
    w.write_all(out.as_bytes())
}

fn write_graphml(w: &mut dyn Write, net: &attache_store::Network) -> std::io::Result<()> {
    w.write_all(attache_serve::export::graphml(net).as_bytes())
}
