//! Exports streamed as they are read: a blocking task reads the store a page at a time and
//! sends chunks through a small channel, so a 100k-event export holds one page in memory and a
//! client that stops reading stops the reader (the channel closes). The CSV columns and the
//! GraphML keys are those of `attache export`.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use attache_store::{CanonicalEvent, Query};
use axum::body::{Body, Bytes};
use tokio::sync::mpsc;

use crate::App;

/// Events read per query while exporting.
const EXPORT_PAGE: u64 = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Graphml,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" => Some(Format::Jsonl),
            "graphml" => Some(Format::Graphml),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Jsonl => "application/x-ndjson; charset=utf-8",
            Format::Graphml => "application/graphml+xml; charset=utf-8",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Format::Csv => "attache-events.csv",
            Format::Jsonl => "attache-events.jsonl",
            Format::Graphml => "attache-network.graphml",
        }
    }
}

struct ChunkStream(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for ChunkStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The body of an export; errors after the first byte end the stream (the client sees a
/// truncated transfer, not a silently short file).
pub(crate) fn stream(app: Arc<App>, format: Format, query: Query) -> Body {
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let send = |s: String| tx.blocking_send(Ok(Bytes::from(s))).is_ok();
        let store = match attache_store::Store::open_read_only(&app.db) {
            Ok(s) => s,
            Err(e) => {
                let _ = tx.blocking_send(Err(std::io::Error::other(e)));
                return;
            }
        };
        if format == Format::Graphml {
            match store.network() {
                Ok(net) => {
                    send(graphml(&net));
                }
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e)));
                }
            }
            return;
        }
        if format == Format::Csv && !send(CSV_HEADER.to_string()) {
            return;
        }
        let mut offset = 0;
        loop {
            let page = match store.events_page(&query, offset, EXPORT_PAGE) {
                Ok((page, _)) => page,
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e)));
                    return;
                }
            };
            let mut chunk = String::new();
            for e in &page {
                if format == Format::Csv {
                    csv_row(&mut chunk, e);
                } else if let Ok(line) = serde_json::to_string(e) {
                    chunk.push_str(&line);
                    chunk.push('\n');
                }
            }
            if !send(chunk) || (page.len() as u64) < EXPORT_PAGE {
                return;
            }
            offset += EXPORT_PAGE;
        }
    });
    Body::from_stream(ChunkStream(rx))
}

/// The CSV export's header line (also used by `attache export`).
pub const CSV_HEADER: &str = "id,type,status,date,date_end,countries,participants,location_name,\
location_country,location_area,mode,cameo,plover,plover_mode,plover_context,confidence,sources,\
doc_ids,urls,evidence\n";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The participants of an event as names, or `(role)` for an unnamed official.
pub fn participant_names(e: &CanonicalEvent) -> Vec<String> {
    e.participants
        .iter()
        .map(|p| {
            p.get("name")
                .and_then(|n| n.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!(
                        "({})",
                        p.get("role").and_then(|r| r.as_str()).unwrap_or("?")
                    )
                })
        })
        .collect()
}

/// One canonical event as a CSV line (with its newline), the columns of [`CSV_HEADER`].
pub fn csv_row(out: &mut String, e: &CanonicalEvent) {
    let loc = |k: &str| {
        e.location
            .as_ref()
            .and_then(|l| l.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let evidence: Vec<String> = e
        .sources
        .iter()
        .flat_map(|s| s.evidence.as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let row = [
        e.id.clone(),
        e.kind.clone(),
        e.status.clone(),
        e.date.clone().unwrap_or_default(),
        e.date_end.clone().unwrap_or_default(),
        e.countries.join(";"),
        participant_names(e).join(";"),
        loc("name"),
        loc("country"),
        loc("area"),
        e.mode.as_str().unwrap_or("").to_string(),
        e.codes.cameo.to_string(),
        e.codes.plover.to_string(),
        e.codes.plover_mode.unwrap_or("").to_string(),
        e.codes.plover_context.unwrap_or("").to_string(),
        e.confidence.to_string(),
        e.sources.len().to_string(),
        e.sources
            .iter()
            .map(|s| s.doc_id.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        e.sources
            .iter()
            .filter_map(|s| s.url.as_deref())
            .collect::<Vec<_>>()
            .join(";"),
        evidence.join(" | "),
    ];
    out.push_str(
        &row.iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
}

fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

/// The state and official network as GraphML (loads in Gephi and networkx).
pub fn graphml(net: &attache_store::Network) -> String {
    let mut w = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
         \x20 <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n\
         \x20 <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n\
         \x20 <key id=\"ekind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n\
         \x20 <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n\
         \x20 <graph id=\"attache\" edgedefault=\"undirected\">\n",
    );
    for (id, label, kind) in &net.nodes {
        w.push_str(&format!(
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"kind\">{kind}</data></node>\n",
            xml(id),
            xml(label)
        ));
    }
    for (a, b, kind, weight) in &net.edges {
        w.push_str(&format!(
            "    <edge source=\"{}\" target=\"{}\"><data key=\"ekind\">{kind}</data><data key=\"weight\">{weight}</data></edge>\n",
            xml(a),
            xml(b)
        ));
    }
    w.push_str("  </graph>\n</graphml>\n");
    w
}
