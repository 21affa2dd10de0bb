//! `attache extract`: read → clean → language → date → mentions → events → output.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use attache_events::Extractor;
use attache_ingest::{read_inputs, CleanConfig, ReadOptions};
use attache_kb::Kb;

use crate::output::Writer;
use crate::Format;

/// Loads the knowledge base, naming the directory on failure.
pub fn load_kb(data: &Path) -> anyhow::Result<Kb> {
    Kb::load(data).with_context(|| format!("loading the knowledge base from {}", data.display()))
}

/// What cleaning needs from the language files: boilerplate markers and month names.
pub fn clean_config(kb: &Kb) -> CleanConfig {
    let mut cfg = CleanConfig::default();
    for lex in kb.lexicons.values() {
        cfg.markers.extend(
            lex.boilerplate
                .markers
                .iter()
                .map(|m| m.to_lowercase())
                .filter(|m| !m.is_empty()),
        );
        cfg.eras.extend(lex.dates.eras());
        for (i, names) in lex.dates.months.iter().enumerate() {
            cfg.months
                .extend(names.iter().map(|n| (n.to_lowercase(), i as u8 + 1)));
        }
    }
    cfg.markers.sort();
    cfg.markers.dedup();
    cfg
}

pub fn extract(
    data: &Path,
    paths: &[String],
    format: Format,
    lang: &str,
) -> anyhow::Result<ExitCode> {
    let kb = load_kb(data)?;
    let extractor = Extractor::new(&kb);
    let cfg = clean_config(&kb);
    let stdout = std::io::stdout();
    let mut writer = Writer::new(format, stdout.lock());
    let mut failures = 0usize;
    // ATTACHE_TRACE=1 reports each document's language, date and blocks on stderr.
    let trace = std::env::var_os("ATTACHE_TRACE").is_some();
    let mut write_error: Option<std::io::Error> = None;
    read_inputs(paths, &ReadOptions::default(), &mut |res| {
        if write_error.is_some() {
            return;
        }
        match res {
            Ok(mut raw) => {
                if lang != "auto" {
                    raw.lang = Some(lang.to_string());
                }
                let doc = attache_ingest::prepare(raw, &cfg);
                if trace {
                    eprintln!(
                        "{}: lang {}, published {}, {} blocks ({} content)",
                        doc.id,
                        doc.lang.as_deref().unwrap_or("?"),
                        doc.published.map_or("-".to_string(), |d| d.to_string()),
                        doc.blocks.len(),
                        doc.content_blocks().count()
                    );
                }
                for event in extractor.extract(&doc) {
                    if let Err(e) = writer.event(&event) {
                        write_error = Some(e);
                        return;
                    }
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("error: {e}");
            }
        }
    });
    if let Some(e) = write_error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e).context("writing output");
    }
    writer.finish().context("writing output")?;
    std::io::stdout().flush().ok();
    if failures > 0 {
        eprintln!("{failures} input(s) failed; the others were processed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
