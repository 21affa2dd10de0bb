//! Reading the store: canonical events with their sources, actors, statistics, the network.

use std::collections::{BTreeMap, BTreeSet};

use attache_core::{EventType, PartialDate};
use attache_corpus::Codes;
use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ingest::{canonical_from, parse_status, status_str, CANONICAL_COLUMNS};
use crate::{Result, Store, StoreError};

/// Filters of `attache events`; every field narrows the result.
#[derive(Debug, Default, Clone)]
pub struct Query {
    /// A state taking part (ISO3).
    pub country: Option<String>,
    /// Another state taking part (ISO3).
    pub with: Option<String>,
    pub kind: Option<String>,
    /// A participant's KB id, or part of their name or of the text's spelling.
    pub person: Option<String>,
    /// Events that end on or after this (partial) date.
    pub since: Option<String>,
    /// Events that start on or before this (partial) date.
    pub until: Option<String>,
    pub status: Option<String>,
    /// Full-text search in the evidence, names and places (3 characters or more).
    pub search: Option<String>,
    pub limit: Option<usize>,
}

/// One source of a canonical event: a document and the evidence it gives.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub doc_id: String,
    pub url: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub evidence: Value,
    /// Why this report was merged where it was (`attache show --why`).
    #[serde(skip)]
    pub why: Value,
}

/// A canonical event: the extraction contract's fields (taken from the most precise sources)
/// plus its `id`, CAMEO/PLOVER codes and every source with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct CanonicalEvent {
    pub id: String,
    pub doc_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub countries: Vec<String>,
    pub participants: Vec<Value>,
    pub date: Option<String>,
    pub date_end: Option<String>,
    pub date_basis: Value,
    pub mode: Value,
    pub location: Option<Value>,
    pub evidence: Value,
    pub confidence: f64,
    #[serde(skip_serializing_if = "Value::is_null")]
    pub name: Value,
    #[serde(skip_serializing_if = "Value::is_null")]
    pub inviter: Value,
    #[serde(skip_serializing_if = "Value::is_null")]
    pub invitee: Value,
    #[serde(flatten)]
    pub codes: Codes,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRole {
    pub role: String,
    pub country: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One person, with every spelling the texts used and the offices they were reported in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    pub id: String,
    pub name: Option<String>,
    pub country: Option<String>,
    pub events: i64,
    pub names: Vec<String>,
    pub roles: Vec<ActorRole>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub schema_version: i64,
    pub documents: i64,
    pub languages: Vec<(String, i64)>,
    pub mentions: i64,
    pub doc_events: i64,
    pub canonical_events: i64,
    /// Canonical events with more than one source.
    pub merged: i64,
    pub by_type: Vec<(String, i64)>,
    pub actors: i64,
    pub bytes: i64,
}

/// The state-to-state and person-to-person network: who engaged whom, how often.
#[derive(Debug, Default, Clone)]
pub struct Network {
    /// (id, label, kind: `state` | `person`)
    pub nodes: Vec<(String, String, &'static str)>,
    /// (a, b, kind, number of canonical events)
    pub edges: Vec<(String, String, &'static str, usize)>,
}

fn bad(msg: String) -> StoreError {
    StoreError::Invalid(msg)
}

/// Appends a clause whose `?` is the next parameter.
pub(crate) fn push_arg(sql: &mut String, args: &mut Vec<Sql>, clause: &str, v: Sql) {
    args.push(v);
    sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
}

fn like_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

fn iso3(s: &str, flag: &str) -> Result<String> {
    let up = s.trim().to_uppercase();
    if up.len() == 3 && up.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(up)
    } else {
        Err(bad(format!(
            "{flag} {s:?}: expected an ISO 3166-1 alpha-3 code like RUS"
        )))
    }
}

fn day_bound(s: &str, flag: &str, end: bool) -> Result<i32> {
    PartialDate::parse(s)
        .filter(|d| d.year.is_some())
        .and_then(attache_corpus::date_span)
        .map(|(lo, hi)| if end { hi } else { lo })
        .ok_or_else(|| {
            bad(format!(
                "{flag} {s:?}: expected a date like 2023, 2023-04 or 2023-04-16"
            ))
        })
}

/// Parses an event id as printed (`E12`) or bare (`12`).
pub fn parse_event_id(s: &str) -> Option<i64> {
    s.trim().trim_start_matches(['E', 'e']).parse().ok()
}

/// The `SELECT … WHERE` of the canonical events matching every filter of `q` (without order or
/// limit) and its parameters, shared by the list, the page and the count so they always agree.
/// With `state_index` (schema 3 on), states are looked up in `event_states`.
pub(crate) fn filter_sql(q: &Query, state_index: bool) -> Result<(String, Vec<Sql>)> {
    let mut sql = format!("SELECT {CANONICAL_COLUMNS} FROM canonical_events c WHERE 1 = 1");
    let mut args: Vec<Sql> = Vec::new();
    for (v, flag) in [(&q.country, "--country"), (&q.with, "--with")] {
        if let Some(v) = v {
            let code = iso3(v, flag)?;
            if state_index {
                push_arg(
                    &mut sql,
                    &mut args,
                    " AND c.id IN (SELECT event FROM event_states WHERE state = ?)",
                    Sql::Text(code),
                );
            } else {
                push_arg(
                    &mut sql,
                    &mut args,
                    " AND (',' || c.countries || ',') LIKE ?",
                    Sql::Text(format!("%,{code},%")),
                );
            }
        }
    }
    if let Some(k) = &q.kind {
        let k = EventType::parse(&k.to_uppercase()).ok_or_else(|| {
            bad(format!(
                "--type {k:?}: expected one of {}",
                EventType::ALL.map(|t| t.as_str()).join(", ")
            ))
        })?;
        push_arg(
            &mut sql,
            &mut args,
            " AND c.kind = ?",
            Sql::Text(k.as_str().into()),
        );
    }
    if let Some(s) = &q.status {
        let s = parse_status(&s.to_lowercase()).ok_or_else(|| {
            bad(format!(
                "--status {s:?}: expected occurred, planned, cancelled, denied or hypothetical"
            ))
        })?;
        push_arg(
            &mut sql,
            &mut args,
            " AND c.status = ?",
            Sql::Text(status_str(s).into()),
        );
    }
    if let Some(s) = &q.since {
        push_arg(
            &mut sql,
            &mut args,
            " AND c.t_hi >= ?",
            Sql::Integer(day_bound(s, "--since", false)? as i64),
        );
    }
    if let Some(s) = &q.until {
        push_arg(
            &mut sql,
            &mut args,
            " AND c.t_lo <= ?",
            Sql::Integer(day_bound(s, "--until", true)? as i64),
        );
    }
    if let Some(p) = &q.person {
        let pat = format!("%{}%", like_escape(p.trim()));
        args.push(Sql::Text(p.trim().to_string()));
        args.push(Sql::Text(pat));
        let (a, b) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " AND EXISTS(SELECT 1 FROM doc_events de JOIN participants p ON p.doc_event = de.id
              WHERE de.canonical = c.id AND (p.actor = ?{a} OR p.name LIKE ?{b} ESCAPE '\\'
              OR p.surface LIKE ?{b} ESCAPE '\\'))"
        ));
    }
    if let Some(t) = &q.search {
        if t.trim().chars().count() < 3 {
            return Err(bad(format!("--search {t:?}: give at least 3 characters")));
        }
        let phrase = format!("\"{}\"", t.trim().replace('"', "\"\""));
        push_arg(
            &mut sql,
            &mut args,
            " AND c.id IN (SELECT de.canonical FROM doc_events de
              WHERE de.id IN (SELECT rowid FROM event_text WHERE event_text MATCH ?))",
            Sql::Text(phrase),
        );
    }
    Ok((sql, args))
}

impl Store {
    /// Canonical events matching every filter, ordered by time.
    pub fn events(&self, q: &Query) -> Result<Vec<CanonicalEvent>> {
        let (mut sql, mut args) = filter_sql(q, self.version >= 3)?;
        sql.push_str(" ORDER BY c.t_lo IS NULL, c.t_lo, c.id");
        if let Some(n) = q.limit {
            push_arg(&mut sql, &mut args, " LIMIT ?", Sql::Integer(n as i64));
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), canonical_from)?;
        let mut out = Vec::new();
        for c in rows {
            let c =
                c?.ok_or_else(|| bad("the store holds an unreadable canonical event".into()))?;
            out.push(self.assemble(&c)?);
        }
        Ok(out)
    }

    /// One canonical event by id (`E12` or `12`).
    pub fn event(&self, id: &str) -> Result<Option<CanonicalEvent>> {
        let Some(n) = parse_event_id(id) else {
            return Err(bad(format!("{id:?} is not an event id (like E12)")));
        };
        let c = self
            .conn
            .query_row(
                &format!("SELECT {CANONICAL_COLUMNS} FROM canonical_events WHERE id = ?1"),
                [n],
                canonical_from,
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?
            .flatten();
        c.map(|c| self.assemble(&c)).transpose()
    }

    /// Why each source of an event was merged into it, in the order they arrived.
    pub fn why(&self, id: &str) -> Result<Vec<(String, Value)>> {
        Ok(self
            .event(id)?
            .map(|e| e.sources.into_iter().map(|s| (s.doc_id, s.why)).collect())
            .unwrap_or_default())
    }

    pub(crate) fn assemble(&self, c: &attache_corpus::Canonical) -> Result<CanonicalEvent> {
        let mut st = self.conn.prepare_cached(
            "SELECT de.event, de.why, d.source, d.url, d.published, d.lang
             FROM doc_events de JOIN documents d ON d.id = de.doc
             WHERE de.canonical = ?1 ORDER BY de.id",
        )?;
        let members: Vec<(Value, Source)> = st
            .query_map([c.id as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .map(|r| {
                let (event, why, doc_id, url, published, lang) = r?;
                let event: Value = serde_json::from_str(&event)?;
                let why: Value = why
                    .as_deref()
                    .map(serde_json::from_str)
                    .transpose()?
                    .unwrap_or(Value::Null);
                let evidence = event
                    .get("evidence")
                    .cloned()
                    .unwrap_or(Value::Array(vec![]));
                Ok((
                    event,
                    Source {
                        doc_id,
                        url,
                        published,
                        lang,
                        evidence,
                        why,
                    },
                ))
            })
            .collect::<Result<_>>()?;
        let date = c.date.map(|d| d.to_string());
        let date_end = c.date_end.map(|d| d.to_string());
        // The primary source: the one stating the canonical date (else the first). The
        // contract's single-document fields (doc_id, evidence, date_basis) come from it.
        let primary = members
            .iter()
            .position(|(e, _)| {
                date.is_some() && e.get("date").and_then(Value::as_str) == date.as_deref()
            })
            .unwrap_or(0);
        let field = |k: &str| -> Value {
            members
                .iter()
                .map(|(e, _)| e.get(k).cloned().unwrap_or(Value::Null))
                .find(|v| !v.is_null())
                .unwrap_or(Value::Null)
        };
        let mut participants: Vec<Value> = Vec::new();
        let mut seen = BTreeSet::new();
        for (e, _) in &members {
            for p in e
                .get("participants")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let key = p
                    .get("id")
                    .or(p.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        format!(
                            "role:{}",
                            p.get("role").and_then(Value::as_str).unwrap_or("?")
                        )
                    });
                if seen.insert(key) {
                    participants.push(p.clone());
                }
            }
        }
        let location = (!c.place.is_empty()).then(|| {
            serde_json::json!({"name": c.place.name, "country": c.place.country, "area": c.place.area})
        });
        let confidence = members
            .iter()
            .filter_map(|(e, _)| e.get("confidence").and_then(Value::as_f64))
            .fold(0.0, f64::max);
        let (pe, ps) = members
            .get(primary)
            .map(|(e, s)| (e.clone(), s.doc_id.clone()))
            .unwrap_or((Value::Null, String::new()));
        Ok(CanonicalEvent {
            id: format!("E{}", c.id),
            doc_id: ps,
            kind: c.kind.as_str().into(),
            status: status_str(c.status).into(),
            countries: c.countries.clone(),
            participants,
            date,
            date_end,
            date_basis: pe.get("date_basis").cloned().unwrap_or(Value::Null),
            mode: field("mode"),
            location,
            evidence: pe.get("evidence").cloned().unwrap_or(Value::Array(vec![])),
            confidence: (confidence * 100.0).round() / 100.0,
            name: field("name"),
            inviter: field("inviter"),
            invitee: field("invitee"),
            codes: attache_corpus::codes(
                c.kind,
                c.status,
                &c.countries,
                c.place.country.as_deref(),
            ),
            sources: members.into_iter().map(|(_, s)| s).collect(),
        })
    }

    pub fn stats(&self) -> Result<Stats> {
        let n = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            Ok(self
                .conn
                .prepare(sql)?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?)
        };
        Ok(Stats {
            schema_version: self.schema_version()?,
            documents: n("SELECT count(*) FROM documents")?,
            languages: pairs(
                "SELECT coalesce(lang, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
            mentions: n("SELECT count(*) FROM mentions")?,
            doc_events: n("SELECT count(*) FROM doc_events")?,
            canonical_events: n("SELECT count(*) FROM canonical_events")?,
            merged: n("SELECT count(*) FROM canonical_events WHERE members > 1")?,
            by_type: pairs(
                "SELECT kind, count(*) FROM canonical_events GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
            actors: n(if self.version >= 3 {
                "SELECT count(*) FROM actors"
            } else {
                "SELECT count(DISTINCT actor) FROM participants"
            })?,
            bytes: n("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?,
        })
    }

    /// States linked by the canonical events they share, persons by the events they both took
    /// part in; weights count canonical events.
    pub fn network(&self) -> Result<Network> {
        let mut labels: BTreeMap<String, String> = BTreeMap::new();
        for r in self
            .conn
            .prepare("SELECT actor, max(name) FROM participants GROUP BY actor")?
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?
        {
            let (a, n) = r?;
            labels.insert(a.clone(), n.unwrap_or(a));
        }
        let mut edges: BTreeMap<(String, String, &'static str), usize> = BTreeMap::new();
        let mut nodes: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
        let mut st = self
            .conn
            .prepare("SELECT countries, persons FROM canonical_events")?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (countries, persons) = r?;
            for (list, kind) in [(countries, "state"), (persons, "person")] {
                let items: Vec<&str> = list.split(',').filter(|s| !s.is_empty()).collect();
                for (i, a) in items.iter().enumerate() {
                    let id = format!("{kind}:{a}");
                    let label = if kind == "person" {
                        labels.get(*a).cloned().unwrap_or(a.to_string())
                    } else {
                        a.to_string()
                    };
                    nodes.entry(id.clone()).or_insert((label, kind));
                    for b in &items[i + 1..] {
                        *edges
                            .entry((id.clone(), format!("{kind}:{b}"), kind))
                            .or_default() += 1;
                    }
                }
            }
        }
        Ok(Network {
            nodes: nodes.into_iter().map(|(id, (l, k))| (id, l, k)).collect(),
            edges: edges
                .into_iter()
                .map(|((a, b, k), w)| (a, b, k, w))
                .collect(),
        })
    }
}
