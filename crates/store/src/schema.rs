//! The schema and its migrations. `PRAGMA user_version` holds the schema version; each
//! migration runs in the transaction that bumps it, so a store is never half-migrated.

use rusqlite::{params, Connection};

use crate::StoreError;

/// The schema this build writes. A store with a newer version is refused, not guessed at.
pub const SCHEMA_VERSION: i64 = 3;

const V1: &str = r#"
CREATE TABLE documents(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,      -- the input's own id (JSONL id, file name), else its hash
    hash TEXT NOT NULL,               -- SHA-256 of the text as read: what "the same document" means
    url TEXT,
    title TEXT,
    lang TEXT,
    published TEXT,                   -- ISO partial date
    text TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(hash);

-- What the knowledge base recognised, in character offsets into documents.text.
CREATE TABLE mentions(
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    country TEXT
);
CREATE INDEX mentions_doc ON mentions(doc);
CREATE INDEX mentions_ref ON mentions(ref);

CREATE TABLE canonical_events(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    countries TEXT NOT NULL,          -- sorted ISO3, comma-separated
    persons TEXT NOT NULL,            -- sorted KB ids, comma-separated
    date TEXT,
    date_end TEXT,
    place_name TEXT,
    place_country TEXT,
    place_area TEXT,
    pub_lo INTEGER,                   -- publication span of the sources, in day numbers
    pub_hi INTEGER,
    t_lo INTEGER,                     -- the days the event covers (dates, else publication)
    t_hi INTEGER,
    members INTEGER NOT NULL
);
CREATE INDEX canonical_key ON canonical_events(kind, countries);
CREATE INDEX canonical_time ON canonical_events(t_lo);

-- One row per event per document (the extraction contract, as JSON), with the canonical event
-- it was merged into and why.
CREATE TABLE doc_events(
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    countries TEXT NOT NULL,
    persons TEXT NOT NULL,
    date TEXT,
    date_end TEXT,
    place_name TEXT,
    place_country TEXT,
    place_area TEXT,
    event TEXT NOT NULL,
    canonical INTEGER,
    why TEXT,
    UNIQUE(doc, ord)
);
CREATE INDEX doc_events_canonical ON doc_events(canonical);

-- Every participant of every per-document event: actors and their roles over time are
-- grouped from here, so replacing a document needs no bookkeeping.
CREATE TABLE participants(
    doc_event INTEGER NOT NULL REFERENCES doc_events(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,              -- KB id, else "name:" + canonical name
    name TEXT,
    surface TEXT,
    role TEXT,
    country TEXT,
    date TEXT
);
CREATE INDEX participants_event ON participants(doc_event);
CREATE INDEX participants_actor ON participants(actor);

-- Evidence, names and places of each per-document event; rowid = doc_events.id. Trigrams
-- find substrings in every script, including those written without spaces.
CREATE VIRTUAL TABLE event_text USING fts5(body, tokenize = 'trigram');
"#;

/// Version 2: the event list's order (undated last, then by time) as an index, so that a page
/// of `attache serve` reads 50 rows instead of sorting every canonical event.
const V2: &str = r#"
CREATE INDEX canonical_order ON canonical_events(t_lo IS NULL, t_lo, id);
"#;

/// Version 3: one row per state of each canonical event, so that `--country`/`--with` read an
/// index instead of matching every comma-separated `countries`; and one row per actor with
/// their spellings and roles over time, so that a page of actors reads a page of rows. Both
/// are derived from `canonical_events` and `participants` (filled from them here) and are kept
/// in step by every write of those.
const V3: &str = r#"
CREATE TABLE event_states(
    state TEXT NOT NULL,              -- ISO3
    event INTEGER NOT NULL,           -- canonical_events.id
    PRIMARY KEY(state, event)
) WITHOUT ROWID;
CREATE INDEX event_states_event ON event_states(event);

CREATE TABLE actors(
    id TEXT PRIMARY KEY,              -- participants.actor
    name TEXT,
    country TEXT,
    events INTEGER NOT NULL,          -- distinct canonical events
    search TEXT NOT NULL,             -- the name and spellings, lower-cased, one per line
    names TEXT NOT NULL,              -- JSON: spellings, most used first
    roles TEXT NOT NULL               -- JSON: [{role, country, first, last}], earliest first
) WITHOUT ROWID;                      -- (search before the long JSON: a filter reads no overflow)
CREATE INDEX actors_rank ON actors(events DESC, id);
"#;

/// Creates or upgrades the schema.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        let tx = conn.transaction()?;
        tx.execute_batch(V1)?;
        tx.pragma_update(None, "user_version", 1)?;
        tx.commit()?;
    }
    if version < 2 {
        let tx = conn.transaction()?;
        tx.execute_batch(V2)?;
        tx.pragma_update(None, "user_version", 2)?;
        tx.commit()?;
    }
    if version < 3 {
        let tx = conn.transaction()?;
        tx.execute_batch(V3)?;
        fill_event_states(&tx)?;
        let actors = crate::actors::compute_all(&tx)?;
        for a in &actors {
            crate::actors::write(&tx, a)?;
        }
        tx.pragma_update(None, "user_version", 3)?;
        tx.commit()?;
    }
    Ok(())
}

/// `event_states` from the comma-separated `countries` of every canonical event.
fn fill_event_states(conn: &Connection) -> Result<(), StoreError> {
    let mut read = conn.prepare("SELECT id, countries FROM canonical_events")?;
    let mut write =
        conn.prepare("INSERT OR IGNORE INTO event_states(state, event) VALUES (?1, ?2)")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let countries: String = r.get(1)?;
        for c in countries.split(',').filter(|c| !c.is_empty()) {
            write.execute(params![c, id])?;
        }
    }
    Ok(())
}
