//! Output formats for events: JSON Lines (the contract), a JSON array, or a table for people.

use std::io::{self, Write};

use attache_core::Event;

use crate::Format;

pub struct Writer<W: Write> {
    format: Format,
    out: W,
    count: usize,
}

impl<W: Write> Writer<W> {
    pub fn new(format: Format, out: W) -> Self {
        Writer {
            format,
            out,
            count: 0,
        }
    }

    pub fn event(&mut self, e: &Event) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, e)?;
                writeln!(self.out)?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut self.out, e)?;
            }
            Format::Table => {
                if self.count == 0 {
                    writeln!(
                        self.out,
                        "{:<24} {:<13} {:<9} {:<15} {:<23} {:<30} WHERE",
                        "DOC", "TYPE", "STATUS", "STATES", "DATE", "WHO"
                    )?;
                }
                let date = match (e.date, e.date_end) {
                    (Some(a), Some(b)) => format!("{a}..{b}"),
                    (Some(a), None) => a.to_string(),
                    (None, Some(b)) => format!("..{b}"),
                    _ => "-".into(),
                };
                let who: Vec<String> = e
                    .participants
                    .iter()
                    .map(|p| {
                        p.name.clone().unwrap_or_else(|| {
                            format!(
                                "({} {})",
                                p.country.as_deref().unwrap_or("?"),
                                p.role.as_deref().unwrap_or("official")
                            )
                        })
                    })
                    .collect();
                let place = e
                    .location
                    .as_ref()
                    .map(|l| {
                        [l.name.as_deref(), l.area.as_deref(), l.country.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                writeln!(
                    self.out,
                    "{:<24} {:<13} {:<9} {:<15} {:<23} {:<30} {}",
                    truncate(&e.doc_id, 24),
                    e.kind.as_str(),
                    serde_json::to_value(e.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    e.countries.join("-"),
                    date,
                    truncate(&who.join(", "), 30),
                    place
                )?;
            }
        }
        self.count += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
