//! Ingesting documents and their events, one transaction per batch, merging each event into the
//! canonical events incrementally.

use std::collections::BTreeSet;

use attache_core::{Document, Event, EventType, Mention, MentionKind, PartialDate, Status};
use attache_corpus::{Canonical, Member, Merger, Place};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::{actors, Result, Store, StoreError};

/// One prepared document with what extraction found in it.
pub struct DocInput {
    pub doc: Document,
    pub events: Vec<Event>,
    pub mentions: Vec<Mention>,
}

/// Why a document of a batch was not (re)stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// Same source id, same text: already stored.
    Unchanged(String),
    /// Same text as a document stored under another source id.
    Duplicate { source: String, of: String },
}

/// What one batch did.
#[derive(Debug, Default, Clone)]
pub struct BatchReport {
    pub added: usize,
    pub replaced: usize,
    pub skipped: Vec<Skipped>,
    pub events: usize,
    /// Per-document events that joined an existing canonical event.
    pub joined: usize,
    /// Canonical events founded.
    pub created: usize,
}

pub(crate) fn status_str(s: Status) -> &'static str {
    match s {
        Status::Occurred => "occurred",
        Status::Planned => "planned",
        Status::Cancelled => "cancelled",
        Status::Denied => "denied",
        Status::Hypothetical => "hypothetical",
    }
}

pub(crate) fn parse_status(s: &str) -> Option<Status> {
    Some(match s {
        "occurred" => Status::Occurred,
        "planned" => Status::Planned,
        "cancelled" => Status::Cancelled,
        "denied" => Status::Denied,
        "hypothetical" => Status::Hypothetical,
        _ => return None,
    })
}

fn kind_str(k: MentionKind) -> &'static str {
    match k {
        MentionKind::State => "state",
        MentionKind::StateAdjective => "state_adjective",
        MentionKind::StateMetonym => "state_metonym",
        MentionKind::Person => "person",
        MentionKind::Role => "role",
        MentionKind::Organisation => "organisation",
        MentionKind::Place => "place",
        MentionKind::Area => "area",
        MentionKind::Exercise => "exercise",
        MentionKind::Trigger => "trigger",
        MentionKind::Cue => "cue",
    }
}

fn date_str(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string()).filter(|s| !s.is_empty())
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Invalid(format!("the store holds an unreadable {what}"))
}

/// A per-document event as merging sees it.
fn member_of(id: u64, e: &Event, published: Option<PartialDate>) -> Member {
    let mut persons: Vec<String> = e.participants.iter().filter_map(|p| p.id.clone()).collect();
    persons.sort();
    persons.dedup();
    let mut countries = e.countries.clone();
    countries.sort();
    countries.dedup();
    let place = e.location.as_ref().map_or_else(Place::default, |l| Place {
        name: l.name.clone(),
        country: l.country.clone(),
        area: l.area.clone(),
    });
    Member {
        id,
        kind: e.kind,
        status: e.status,
        countries,
        persons,
        date: e.date,
        date_end: e.date_end,
        published,
        place,
    }
}

const MEMBER_COLUMNS: &str = "de.id, de.kind, de.status, de.countries, de.persons, de.date,
    de.date_end, de.place_name, de.place_country, de.place_area, d.published";

fn member_row(r: &rusqlite::Row) -> rusqlite::Result<(u64, [Option<String>; 10])> {
    Ok((
        r.get::<_, i64>(0)? as u64,
        [
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ],
    ))
}

fn member_from(id: u64, c: [Option<String>; 10]) -> Result<Member> {
    let [kind, status, countries, persons, date, date_end, name, country, area, published] = c;
    let parse = |s: Option<String>| s.as_deref().and_then(PartialDate::parse);
    Ok(Member {
        id,
        kind: kind
            .as_deref()
            .and_then(EventType::parse)
            .ok_or_else(|| corrupt("event type"))?,
        status: status
            .as_deref()
            .and_then(parse_status)
            .ok_or_else(|| corrupt("status"))?,
        countries: split(countries.as_deref().unwrap_or("")),
        persons: split(persons.as_deref().unwrap_or("")),
        date: parse(date),
        date_end: parse(date_end),
        published: parse(published),
        place: Place {
            name,
            country,
            area,
        },
    })
}

pub(crate) fn canonical_from(r: &rusqlite::Row) -> rusqlite::Result<Option<Canonical>> {
    let kind: String = r.get(1)?;
    let status: String = r.get(2)?;
    let (Some(kind), Some(status)) = (EventType::parse(&kind), parse_status(&status)) else {
        return Ok(None);
    };
    let date = |i: usize| -> rusqlite::Result<Option<PartialDate>> {
        Ok(r.get::<_, Option<String>>(i)?
            .as_deref()
            .and_then(PartialDate::parse))
    };
    let pub_lo: Option<i32> = r.get(10)?;
    let pub_hi: Option<i32> = r.get(11)?;
    Ok(Some(Canonical {
        id: r.get::<_, i64>(0)? as u64,
        kind,
        status,
        countries: split(&r.get::<_, String>(3)?),
        persons: split(&r.get::<_, String>(4)?),
        date: date(5)?,
        date_end: date(6)?,
        place: Place {
            name: r.get(7)?,
            country: r.get(8)?,
            area: r.get(9)?,
        },
        published: pub_lo.zip(pub_hi),
        members: r.get(12)?,
    }))
}

pub(crate) const CANONICAL_COLUMNS: &str = "id, kind, status, countries, persons, date, date_end,
    place_name, place_country, place_area, pub_lo, pub_hi, members";

/// Loads the canonical events of a member's key into the merger, once per batch.
fn ensure_loaded(tx: &Transaction, merger: &mut Merger, m: &Member) -> Result<()> {
    if merger.key_loaded(m.kind, &m.countries) {
        return Ok(());
    }
    let mut st = tx.prepare_cached(&format!(
        "SELECT {CANONICAL_COLUMNS} FROM canonical_events WHERE kind = ?1 AND countries = ?2"
    ))?;
    let rows = st.query_map(
        params![m.kind.as_str(), m.countries.join(",")],
        canonical_from,
    )?;
    for c in rows {
        match c? {
            Some(c) => merger.load(c),
            None => return Err(corrupt("canonical event")),
        }
    }
    merger.mark_loaded(m.kind, &m.countries);
    Ok(())
}

/// Merges one per-document event; its actors go into `touched` (their event counts may change).
fn merge_member(
    tx: &Transaction,
    merger: &mut Merger,
    m: &Member,
    report: &mut BatchReport,
    touched: &mut BTreeSet<String>,
) -> Result<()> {
    ensure_loaded(tx, merger, m)?;
    actors::of_doc_event(tx, m.id as i64, touched)?;
    let out = merger.add(m);
    if out.created {
        report.created += 1;
    } else {
        report.joined += 1;
    }
    tx.prepare_cached("UPDATE doc_events SET canonical = ?1, why = ?2 WHERE id = ?3")?
        .execute(params![
            out.canonical as i64,
            serde_json::to_string(&out.why)?,
            m.id as i64
        ])?;
    Ok(())
}

/// Removes a document and dissolves the canonical events its events were part of; their other
/// members are merged again (a removed source may have been what held two reports together).
fn remove_document(
    tx: &Transaction,
    merger: &mut Merger,
    doc: i64,
    report: &mut BatchReport,
    touched: &mut BTreeSet<String>,
) -> Result<()> {
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT p.actor FROM participants p JOIN doc_events de ON de.id = p.doc_event
         WHERE de.doc = ?1",
    )?;
    for a in st.query_map([doc], |r| r.get::<_, String>(0))? {
        touched.insert(a?);
    }
    let affected: Vec<i64> = tx
        .prepare_cached(
            "SELECT DISTINCT canonical FROM doc_events WHERE doc = ?1 AND canonical IS NOT NULL",
        )?
        .query_map([doc], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "DELETE FROM event_text WHERE rowid IN (SELECT id FROM doc_events WHERE doc = ?1)",
        [doc],
    )?;
    tx.execute("DELETE FROM documents WHERE id = ?1", [doc])?;
    for c in affected {
        let members: Vec<Member> = tx
            .prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS} FROM doc_events de JOIN documents d ON d.id = de.doc
                 WHERE de.canonical = ?1 ORDER BY de.id"
            ))?
            .query_map([c], member_row)?
            .map(|r| {
                r.map_err(StoreError::from)
                    .and_then(|(id, cols)| member_from(id, cols))
            })
            .collect::<Result<_>>()?;
        tx.execute("DELETE FROM canonical_events WHERE id = ?1", [c])?;
        tx.execute("DELETE FROM event_states WHERE event = ?1", [c])?;
        merger.remove(c as u64);
        for m in &members {
            merge_member(tx, merger, m, report, touched)?;
        }
    }
    Ok(())
}

/// Byte spans of mentions to character offsets, in one pass over the text.
fn char_offsets(text: &str, mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| mentions[i].span.start);
    let mut out = vec![(0, 0); mentions.len()];
    let (mut byte, mut chars) = (0usize, 0usize);
    for i in order {
        let s = mentions[i].span;
        if s.start < byte
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        chars += text[byte..s.start].chars().count();
        byte = s.start;
        out[i] = (chars, chars + text[s.start..s.end].chars().count());
    }
    out
}

fn text_hash(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

impl Store {
    /// Whether this document (same source id, same text) is already stored, so that a re-run
    /// can skip extracting it. `ingest_batch` checks again inside its transaction.
    pub fn is_stored(&self, doc: &Document) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE source = ?1 AND hash = ?2")?
            .query_row(params![doc.id, text_hash(&doc.text)], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Stores a batch of documents in one transaction. A document whose source id and text are
    /// already stored changes nothing; one whose text changed replaces its old extraction.
    pub fn ingest_batch(&mut self, batch: &[DocInput]) -> Result<BatchReport> {
        let tx = self.conn.transaction()?;
        let mut report = BatchReport::default();
        let next: i64 = tx.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM canonical_events",
            [],
            |r| r.get(0),
        )?;
        let mut merger = Merger::new(next as u64);
        let mut touched = BTreeSet::new();
        for input in batch {
            ingest_one(&tx, &mut merger, input, &mut report, &mut touched)?;
        }
        for id in merger.take_changed() {
            let Some(c) = merger.get(id) else { continue };
            let span = attache_corpus::time_span(c);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO canonical_events(id, kind, status, countries, persons, date,
                 date_end, place_name, place_country, place_area, pub_lo, pub_hi, t_lo, t_hi, members)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                c.id as i64,
                c.kind.as_str(),
                status_str(c.status),
                c.countries.join(","),
                c.persons.join(","),
                date_str(c.date),
                date_str(c.date_end),
                c.place.name,
                c.place.country,
                c.place.area,
                c.published.map(|p| p.0),
                c.published.map(|p| p.1),
                span.map(|s| s.0),
                span.map(|s| s.1),
                c.members,
            ])?;
            // The per-state rows of the event (its states never change, the event may be new).
            tx.prepare_cached("DELETE FROM event_states WHERE event = ?1")?
                .execute([c.id as i64])?;
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO event_states(state, event) VALUES (?1, ?2)",
            )?;
            for state in &c.countries {
                st.execute(params![state, c.id as i64])?;
            }
        }
        actors::refresh(&tx, &touched)?;
        tx.commit()?;
        Ok(report)
    }
}

fn ingest_one(
    tx: &Transaction,
    merger: &mut Merger,
    input: &DocInput,
    report: &mut BatchReport,
    touched: &mut BTreeSet<String>,
) -> Result<()> {
    let doc = &input.doc;
    let hash = text_hash(&doc.text);
    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, hash FROM documents WHERE source = ?1")?
        .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match &existing {
        Some((_, h)) if *h == hash => {
            report.skipped.push(Skipped::Unchanged(doc.id.clone()));
            return Ok(());
        }
        Some(_) => {}
        None => {
            let dup: Option<String> = tx
                .prepare_cached("SELECT source FROM documents WHERE hash = ?1 LIMIT 1")?
                .query_row([&hash], |r| r.get(0))
                .optional()?;
            if let Some(of) = dup {
                report.skipped.push(Skipped::Duplicate {
                    source: doc.id.clone(),
                    of,
                });
                return Ok(());
            }
        }
    }
    if let Some((old, _)) = existing {
        remove_document(tx, merger, old, report, touched)?;
        report.replaced += 1;
    } else {
        report.added += 1;
    }
    tx.prepare_cached(
        "INSERT INTO documents(source, hash, url, title, lang, published, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc.id,
        hash,
        doc.url,
        doc.title,
        doc.lang,
        date_str(doc.published),
        doc.text
    ])?;
    let doc_row = tx.last_insert_rowid();

    let offsets = char_offsets(&doc.text, &input.mentions);
    let mut st = tx.prepare_cached(
        "INSERT INTO mentions(doc, start, end, kind, ref, country) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (m, (s, e)) in input.mentions.iter().zip(offsets) {
        if matches!(m.kind, MentionKind::Trigger | MentionKind::Cue) || e == 0 {
            continue;
        }
        st.execute(params![
            doc_row,
            s as i64,
            e as i64,
            kind_str(m.kind),
            m.id,
            m.country
        ])?;
    }

    for (ord, e) in input.events.iter().enumerate() {
        let member = member_of(0, e, doc.published);
        tx.prepare_cached(
            "INSERT INTO doc_events(doc, ord, kind, status, countries, persons, date, date_end,
             place_name, place_country, place_area, event)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            doc_row,
            ord as i64,
            e.kind.as_str(),
            status_str(e.status),
            member.countries.join(","),
            member.persons.join(","),
            date_str(e.date),
            date_str(e.date_end),
            member.place.name,
            member.place.country,
            member.place.area,
            serde_json::to_string(e)?,
        ])?;
        let id = tx.last_insert_rowid();
        let when = date_str(e.date.or(e.date_end).or(doc.published));
        let mut body = String::new();
        for p in &e.participants {
            let actor = match (&p.id, &p.name) {
                (Some(id), _) => id.clone(),
                (None, Some(n)) => format!("name:{n}"),
                (None, None) => continue,
            };
            tx.prepare_cached(
                "INSERT INTO participants(doc_event, actor, name, surface, role, country, date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id, actor, p.name, p.surface, p.role, p.country, when
            ])?;
            for s in [&p.name, &p.surface].into_iter().flatten() {
                body.push_str(s);
                body.push('\n');
            }
        }
        for ev in &e.evidence {
            body.push_str(&ev.text);
            body.push('\n');
        }
        for s in [&member.place.name, &member.place.area, &e.name]
            .into_iter()
            .flatten()
        {
            body.push_str(s);
            body.push('\n');
        }
        tx.prepare_cached("INSERT INTO event_text(rowid, body) VALUES (?1, ?2)")?
            .execute(params![id, body])?;
        report.events += 1;
        merge_member(
            tx,
            merger,
            &Member {
                id: id as u64,
                ..member
            },
            report,
            touched,
        )?;
    }
    Ok(())
}
