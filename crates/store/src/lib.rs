//! The corpus store: one embedded SQLite file holding documents, mentions, per-document events
//! with their evidence, canonical events (merged by `attache-corpus`) and the participants that
//! actors are grouped from, plus a full-text index.
//!
//! Writes come in batches, each one transaction: a process killed mid-batch leaves the store as
//! it was after the previous batch, and running the same ingest again finishes the work without
//! duplicating anything, because a document is identified by its source id and the hash of its
//! text. Every SQL statement takes its values as parameters.

mod actors;
mod browse;
mod ingest;
mod query;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use actors::ActorFilter;
pub use browse::{NetEdge, NetNode, StoredDocument, TimelineBucket, WeightedNetwork};
pub use ingest::{BatchReport, DocInput, Skipped};
pub use query::{parse_event_id, Actor, ActorRole, CanonicalEvent, Network, Query, Source, Stats};
pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the store was written by a newer attache (schema {found}; this one reads up to {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    /// The schema version of the file: a store of an older one opened read-only (not
    /// migrated) is read without the tables later versions added.
    version: i64,
}

impl Store {
    /// Opens the store at `path`, creating and migrating it on first use.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        // WAL: readers (`attache events`) never block an ingest; a kill loses at most the
        // uncommitted batch. NORMAL sync is durable against process death, which is what a
        // batch tool meets; foreign keys so that replacing a document cascades.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    StoreError::Invalid(format!(
                        "{} is not an attache store (not SQLite)",
                        path.display()
                    ))
                }
                e => open_err(e),
            })?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let is_ours: bool = conn.query_row(
            "SELECT count(*) = 0 OR EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'documents')
             FROM sqlite_master",
            [],
            |r| r.get(0),
        )?;
        if !is_ours {
            return Err(StoreError::Invalid(format!(
                "{} is an SQLite file but not an attache store",
                path.display()
            )));
        }
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            version: SCHEMA_VERSION,
        })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
