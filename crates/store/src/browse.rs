//! Reading the store for `attache serve`: read-only connections, pages of events with their
//! total, documents with their text (to show evidence in place), one actor, per-state counts, a
//! timeline and a filtered, weighted network. New functions only: the CLI's queries are
//! unchanged, and every filter goes through the same `filter_sql` as `attache events`.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::ingest::{canonical_from, CANONICAL_COLUMNS};
use crate::query::{filter_sql, push_arg, CanonicalEvent, Query};
use crate::{Result, Store, StoreError, SCHEMA_VERSION};

/// A stored document as read: evidence offsets are character offsets into `text`.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDocument {
    pub doc_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub text: String,
}

/// Canonical events of one month and type (the month of the day the event starts).
#[derive(Debug, Clone, Serialize)]
pub struct TimelineBucket {
    pub month: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub events: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetNode {
    /// `state:RUS` or `person:<actor id>`.
    pub id: String,
    pub label: String,
    pub kind: &'static str,
    /// Canonical events this node takes part in.
    pub events: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetEdge {
    pub source: String,
    pub target: String,
    pub kind: &'static str,
    pub events: i64,
}

/// The network of the events matching a query, nodes weighted by their events.
#[derive(Debug, Default, Clone, Serialize)]
pub struct WeightedNetwork {
    pub nodes: Vec<NetNode>,
    pub edges: Vec<NetEdge>,
}

/// The columns of `filter_sql` replaced by `what`, for counts and groupings over the same rows.
fn select(store: &Store, q: &Query, what: &str) -> Result<(String, Vec<Sql>)> {
    let (sql, args) = filter_sql(q, store.version >= 3)?;
    let head = format!("SELECT {CANONICAL_COLUMNS} FROM");
    Ok((sql.replacen(&head, &format!("SELECT {what} FROM"), 1), args))
}

impl Store {
    /// Opens an existing store for reading only: SQLite refuses every write on this connection,
    /// which is what makes `attache serve` read-only rather than careful. No migration (that is a
    /// write); a store of an older schema is read as it is, a newer one refused.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "query_only", true)?;
        let ours: bool = conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'documents')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    StoreError::Invalid(format!(
                        "{} is not an attache store (not SQLite)",
                        path.display()
                    ))
                }
                e => e.into(),
            })?;
        if !ours {
            return Err(StoreError::Invalid(format!(
                "{} is not an attache store",
                path.display()
            )));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(Store { conn, version })
    }

    /// How many canonical events match every filter (`q.limit` is ignored).
    pub fn count_events(&self, q: &Query) -> Result<u64> {
        let (sql, args) = select(self, q, "count(*)")?;
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// One page of `events(q)`, in the same order, and the number of events on all pages.
    pub fn events_page(
        &self,
        q: &Query,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<CanonicalEvent>, u64)> {
        let total = self.count_events(q)?;
        let (mut sql, mut args) = filter_sql(q, self.version >= 3)?;
        sql.push_str(" ORDER BY c.t_lo IS NULL, c.t_lo, c.id");
        push_arg(&mut sql, &mut args, " LIMIT ?", Sql::Integer(limit as i64));
        push_arg(
            &mut sql,
            &mut args,
            " OFFSET ?",
            Sql::Integer(offset as i64),
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), canonical_from)?;
        let mut out = Vec::new();
        for c in rows {
            let c = c?.ok_or_else(|| {
                StoreError::Invalid("the store holds an unreadable canonical event".into())
            })?;
            out.push(self.assemble(&c)?);
        }
        Ok((out, total))
    }

    /// A document by its source id, with the text evidence offsets point into.
    pub fn document(&self, doc_id: &str) -> Result<Option<StoredDocument>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT source, url, title, lang, published, text FROM documents WHERE source = ?1",
            )?
            .query_row([doc_id], |r| {
                Ok(StoredDocument {
                    doc_id: r.get(0)?,
                    url: r.get(1)?,
                    title: r.get(2)?,
                    lang: r.get(3)?,
                    published: r.get(4)?,
                    text: r.get(5)?,
                })
            })
            .optional()?)
    }

    /// Every state of the corpus with its number of canonical events, most engaged first.
    pub fn state_counts(&self) -> Result<Vec<(String, i64)>> {
        if self.version >= 3 {
            return Ok(self
                .conn
                .prepare_cached(
                    "SELECT state, count(*) FROM event_states GROUP BY state ORDER BY 2 DESC, 1",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?);
        }
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT countries, count(*) FROM canonical_events GROUP BY countries",
        )?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (list, n) = r?;
            for c in list.split(',').filter(|c| !c.is_empty()) {
                *counts.entry(c.to_string()).or_default() += n;
            }
        }
        let mut out: Vec<(String, i64)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// Matching events per month (of the day they start) and type; undated events are left out.
    pub fn timeline(&self, q: &Query) -> Result<Vec<TimelineBucket>> {
        let (mut sql, args) = select(
            self,
            q,
            "strftime('%Y-%m', c.t_lo * 86400, 'unixepoch'), c.kind, count(*)",
        )?;
        sql.push_str(" AND c.t_lo IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2");
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(TimelineBucket {
                month: r.get(0)?,
                kind: r.get(1)?,
                events: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// States linked by the matching events they share, persons likewise; at most `max_nodes`
    /// of each kind (the most engaged), with the edges among them.
    pub fn network_of(&self, q: &Query, max_nodes: usize) -> Result<WeightedNetwork> {
        let mut net = WeightedNetwork::default();
        for (col, kind) in [("c.countries", "state"), ("c.persons", "person")] {
            let (mut sql, args) = select(self, q, &format!("{col}, count(*)"))?;
            sql.push_str(&format!(" GROUP BY {col}"));
            let mut st = self.conn.prepare_cached(&sql)?;
            let groups: Vec<(String, i64)> = st
                .query_map(rusqlite::params_from_iter(args), |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut nodes: BTreeMap<&str, i64> = BTreeMap::new();
            let mut edges: BTreeMap<(&str, &str), i64> = BTreeMap::new();
            for (list, n) in &groups {
                let items: Vec<&str> = list.split(',').filter(|s| !s.is_empty()).collect();
                for (i, a) in items.iter().enumerate() {
                    *nodes.entry(a).or_default() += n;
                    for b in &items[i + 1..] {
                        *edges.entry((a, b)).or_default() += n;
                    }
                }
            }
            let mut ranked: Vec<(&str, i64)> = nodes.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            ranked.truncate(max_nodes);
            let kept: BTreeMap<&str, i64> = ranked.iter().copied().collect();
            for (id, n) in &ranked {
                let label = if kind == "person" {
                    self.conn
                        .prepare_cached("SELECT max(name) FROM participants WHERE actor = ?1")?
                        .query_row([id], |r| r.get::<_, Option<String>>(0))?
                        .unwrap_or_else(|| id.to_string())
                } else {
                    id.to_string()
                };
                net.nodes.push(NetNode {
                    id: format!("{kind}:{id}"),
                    label,
                    kind,
                    events: *n,
                });
            }
            for ((a, b), n) in edges {
                if kept.contains_key(a) && kept.contains_key(b) {
                    net.edges.push(NetEdge {
                        source: format!("{kind}:{a}"),
                        target: format!("{kind}:{b}"),
                        kind,
                        events: n,
                    });
                }
            }
        }
        Ok(net)
    }
}
