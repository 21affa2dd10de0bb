//! `attache bench`: whole-pipeline throughput per core against a plain read of the same bytes,
//! start-up time and peak memory.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use attache_events::Extractor;
use attache_ingest::{read_inputs, RawDoc, ReadOptions};

use crate::pipeline::{clean_config, load_kb};

/// Peak resident memory of this process, from /proc (Linux); `None` elsewhere.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn body_len(d: &RawDoc) -> usize {
    match &d.body {
        attache_ingest::Body::Text(t) | attache_ingest::Body::Html(t) => t.len(),
    }
}

pub fn run(data: &Path, path: Option<&str>, megabytes: usize) -> anyhow::Result<ExitCode> {
    // Start-up as a user meets it: the knowledge base loaded, the dictionary compiled (or read
    // back from the cache of an earlier run), the language detector's first call made.
    let t0 = Instant::now();
    let kb = load_kb(data)?;
    let t_kb = t0.elapsed();
    let extractor = Extractor::new(&kb);
    let t_ex = t0.elapsed();
    let cfg = clean_config(&kb);
    let _ = attache_ingest::lang::block_language("Warm-up sentence for the language detector.");
    let startup = t0.elapsed();
    let t1 = Instant::now();
    let cold = attache_mentions::Matcher::new(&kb);
    let cold_build = t1.elapsed();
    drop(cold);

    let corpus = path
        .map(PathBuf::from)
        .unwrap_or_else(|| data.join("..").join("samples"));
    let mut docs = Vec::new();
    read_inputs(
        &[corpus.display().to_string()],
        &ReadOptions::default(),
        &mut |r| {
            if let Ok(d) = r {
                docs.push(d);
            }
        },
    );
    anyhow::ensure!(
        !docs.is_empty(),
        "{}: no readable documents to measure on",
        corpus.display()
    );
    let unique_bytes: usize = docs.iter().map(body_len).sum();
    let target = megabytes * 1024 * 1024;
    let rounds = target.div_ceil(unique_bytes.max(1)).max(1);

    // Baseline: reading the same bytes from disk, as often.
    let t = Instant::now();
    let mut read_bytes = 0usize;
    for _ in 0..rounds {
        read_inputs(
            &[corpus.display().to_string()],
            &ReadOptions::default(),
            &mut |r| {
                if let Ok(d) = r {
                    read_bytes += body_len(&d);
                }
            },
        );
    }
    let read_secs = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let (mut n_docs, mut n_bytes, mut n_events) = (0usize, 0usize, 0usize);
    for _ in 0..rounds {
        for raw in &docs {
            n_bytes += body_len(raw);
            let doc = attache_ingest::prepare(raw.clone(), &cfg);
            n_events += extractor.extract(&doc).len();
            n_docs += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = n_bytes as f64 / (1024.0 * 1024.0);
    say!(
        "corpus:        {} ({} documents, {:.1} KB each on average)",
        corpus.display(),
        docs.len(),
        unique_bytes as f64 / docs.len() as f64 / 1024.0
    );
    say!(
        "start-up:      {:.3} s (knowledge base, cached dictionary, language models); {:.3} s to compile the dictionary without the cache",
        startup.as_secs_f64(),
        cold_build.as_secs_f64()
    );
    say!(
        "               knowledge base {:.3} s, dictionary and date grammars {:.3} s, language models {:.3} s",
        t_kb.as_secs_f64(),
        (t_ex - t_kb).as_secs_f64(),
        (startup - t_ex).as_secs_f64()
    );
    say!("pipeline:      {n_docs} documents, {mb:.1} MB in {secs:.2} s on one core");
    say!(
        "               {:.0} documents/s, {:.2} MB/s per core; {n_events} events",
        n_docs as f64 / secs,
        mb / secs
    );
    say!(
        "plain read:    {:.1} MB in {read_secs:.2} s: {:.0} MB/s",
        read_bytes as f64 / 1048576.0,
        read_bytes as f64 / 1048576.0 / read_secs.max(1e-9)
    );
    if let Some(rss) = peak_rss_mb() {
        say!("peak RSS:      {rss:.0} MB");
    }
    Ok(ExitCode::SUCCESS)
}
