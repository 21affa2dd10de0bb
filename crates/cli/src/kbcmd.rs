//! `attache kb validate` and `attache kb lookup`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use attache_core::{MentionKind, PartialDate, Span};
use attache_ingest::lang::{block_language, script_of, Script};
use attache_mentions::{DocMemory, Matcher};

use crate::pipeline::load_kb;

fn script_name(s: &str) -> &'static str {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for c in s.chars() {
        let name = match script_of(c) {
            Some(Script::Latin) => "Latin",
            Some(Script::Cyrillic) => "Cyrillic",
            Some(Script::Arabic) => "Arabic",
            Some(Script::Han) => "Han",
            Some(Script::Kana) => "Kana",
            Some(Script::Hangul) => "Hangul",
            Some(Script::Devanagari) => "Devanagari",
            Some(Script::Bengali) => "Bengali",
            Some(Script::Other) => "Other",
            None => continue,
        };
        *counts.entry(name).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or("Other", |(s, _)| s)
}

pub fn validate(data: &Path) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let kb = load_kb(data)?;
    let load = t0.elapsed();
    let errors = kb.validate();
    for e in &errors {
        eprintln!("invalid: {e}");
    }
    let t1 = Instant::now();
    let matcher = Matcher::new(&kb);
    let build = t1.elapsed();
    let stats = matcher.stats();
    let role_lines: usize = kb.persons.iter().map(|p| p.roles.len()).sum();
    let mut per_script: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &kb.persons {
        for n in p.names.iter().chain(&p.short) {
            *per_script.entry(script_name(n)).or_insert(0) += 1;
        }
    }
    say!("data:          {}", kb.dir.display());
    say!("states:        {}", kb.states.len());
    say!(
        "officials:     {} ({} role tenures)",
        kb.persons.len(),
        role_lines
    );
    say!(
        "name variants: {}",
        per_script
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    say!(
        "organisations: {}, areas: {}, exercises: {}, cities: {}",
        kb.organisations.len(),
        kb.areas.len(),
        kb.exercises.len(),
        kb.places.len()
    );
    say!(
        "languages:     {} ({})",
        kb.lexicons.len(),
        kb.lexicons.keys().cloned().collect::<Vec<_>>().join(" ")
    );
    say!(
        "patterns:      {} ({} meanings, {} fuzzy keys)",
        stats.patterns,
        stats.entries,
        stats.fuzzy_keys
    );
    say!(
        "load:          {:.0} ms, matcher build {:.0} ms",
        load.as_secs_f64() * 1e3,
        build.as_secs_f64() * 1e3
    );
    if errors.is_empty() {
        say!("ok: no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        say!("{} problem(s)", errors.len());
        Ok(ExitCode::from(1))
    }
}

pub fn lookup(
    data: &Path,
    text: &str,
    date: Option<&str>,
    lang: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let kb = load_kb(data)?;
    let matcher = Matcher::new(&kb);
    let when = match date {
        Some(d) => Some(
            PartialDate::parse(d)
                .filter(PartialDate::is_full)
                .ok_or_else(|| anyhow::anyhow!("--date {d:?}: want YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let ymd = when.map(|d| {
        (
            d.year.unwrap_or(0),
            d.month.unwrap_or(1),
            d.day.unwrap_or(1),
        )
    });
    let detected = lang.map(str::to_string).or_else(|| block_language(text));
    let mut memory = DocMemory::default();
    // A lone short form ("Li") is ambiguous in running text; a lookup asks about it directly.
    let mentions = matcher.find(
        text,
        Span::new(0, text.len()),
        detected.as_deref(),
        &mut memory,
    );
    if mentions.is_empty() {
        say!("{text:?}: nothing in the knowledge base matches");
        return Ok(ExitCode::from(1));
    }
    say!(
        "{text:?} (language: {})",
        detected.as_deref().unwrap_or("unknown")
    );
    for m in mentions {
        let surface = m.span.slice(text);
        let how = if m.confidence < 0.75 {
            "fuzzy match on a transliterated key"
        } else if m.confidence < 1.0 {
            "short form after a full name"
        } else {
            "dictionary match (normalised, with inflection)"
        };
        match m.kind {
            MentionKind::Person => {
                let Some(p) = kb.person(&m.id) else { continue };
                let role = kb.role_at(p, ymd).or_else(|| {
                    if ymd.is_none() {
                        kb.role_at(p, None)
                    } else {
                        None
                    }
                });
                let role = role.map(|t| {
                    let span = format!(
                        "{}..{}",
                        t.start.as_deref().unwrap_or("?"),
                        t.end.as_deref().unwrap_or("today")
                    );
                    format!("{} ({span})", kb.title_of(t))
                });
                say!(
                    "  {surface:?} → {} [{}], {}, {} — {how}",
                    p.name,
                    p.id,
                    role.unwrap_or_else(|| "no office on that date".into()),
                    p.country
                );
            }
            _ => {
                let what = format!("{:?}", m.kind);
                let country = m
                    .country
                    .as_deref()
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default();
                say!("  {surface:?} → {what} {}{country} — {how}", m.id);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
