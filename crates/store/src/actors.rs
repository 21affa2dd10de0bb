//! Actors: every person the events name, with their spellings and roles over time. They are
//! grouped from `participants`; since schema 3 each one is also kept as a row of `actors`
//! (recomputed for the actors a batch touched), so that a page of actors, most engaged first,
//! reads a page of rows instead of grouping every participant.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};

use crate::query::{Actor, ActorRole};
use crate::{Result, Store};

/// The lower-cased name and spellings, one per line: what a name filter looks in.
fn search_key(a: &Actor) -> String {
    let mut s = a.name.as_deref().unwrap_or("").to_lowercase();
    for n in &a.names {
        s.push('\n');
        s.push_str(&n.to_lowercase());
    }
    s
}

/// Whether `a` matches a lower-cased needle: in the name or a spelling, or (with `id`) the id.
fn matches(a: &Actor, needle: &str, id: bool) -> bool {
    (id && a.id.to_lowercase().contains(needle)) || search_key(a).contains(needle)
}

/// One actor, grouped from their participant rows (through the actor index only).
pub(crate) fn compute(conn: &Connection, id: &str) -> Result<Option<Actor>> {
    let head = conn
        .prepare_cached(
            "SELECT max(p.name), max(p.country), count(DISTINCT de.canonical), count(*)
             FROM participants p JOIN doc_events de ON de.id = p.doc_event
             WHERE p.actor = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
    if head.3 == 0 {
        return Ok(None);
    }
    let names = conn
        .prepare_cached(
            "SELECT surface FROM participants WHERE actor = ?1 AND surface IS NOT NULL
             GROUP BY surface ORDER BY count(*) DESC, surface",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let roles = conn
        .prepare_cached(
            "SELECT role, country,
                    min(CASE WHEN date GLOB '[0-9]*' THEN date END),
                    max(CASE WHEN date GLOB '[0-9]*' THEN date END)
             FROM participants WHERE actor = ?1 AND role IS NOT NULL
             GROUP BY role, country ORDER BY 3, 1, 2",
        )?
        .query_map([id], |r| {
            Ok(ActorRole {
                role: r.get(0)?,
                country: r.get(1)?,
                first: r.get(2)?,
                last: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Actor {
        id: id.to_string(),
        name: head.0,
        country: head.1,
        events: head.2,
        names,
        roles,
    }))
}

/// Every actor, most engaged first, grouped from all participant rows in three passes.
pub(crate) fn compute_all(conn: &Connection) -> Result<Vec<Actor>> {
    let mut actors: Vec<Actor> = conn
        .prepare(
            "SELECT p.actor, max(p.name), max(p.country), count(DISTINCT de.canonical)
             FROM participants p JOIN doc_events de ON de.id = p.doc_event
             GROUP BY p.actor ORDER BY 4 DESC, 1",
        )?
        .query_map([], |r| {
            Ok(Actor {
                id: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                events: r.get(3)?,
                names: Vec::new(),
                roles: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: BTreeMap<String, usize> = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let mut st = conn.prepare(
        "SELECT actor, surface FROM participants WHERE surface IS NOT NULL
         GROUP BY actor, surface ORDER BY actor, count(*) DESC, surface",
    )?;
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (a, s) = r?;
        if let Some(&i) = index.get(&a) {
            actors[i].names.push(s);
        }
    }
    let mut st = conn.prepare(
        "SELECT actor, role, country,
                min(CASE WHEN date GLOB '[0-9]*' THEN date END),
                max(CASE WHEN date GLOB '[0-9]*' THEN date END)
         FROM participants WHERE role IS NOT NULL
         GROUP BY actor, role, country ORDER BY actor, 4, 2, 3",
    )?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            ActorRole {
                role: r.get(1)?,
                country: r.get(2)?,
                first: r.get(3)?,
                last: r.get(4)?,
            },
        ))
    })? {
        let (a, role) = r?;
        if let Some(&i) = index.get(&a) {
            actors[i].roles.push(role);
        }
    }
    Ok(actors)
}

/// Stores (or replaces) an actor's row.
pub(crate) fn write(conn: &Connection, a: &Actor) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO actors(id, name, country, events, names, roles, search)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.id,
        a.name,
        a.country,
        a.events,
        serde_json::to_string(&a.names)?,
        serde_json::to_string(&a.roles)?,
        search_key(a),
    ])?;
    Ok(())
}

/// Recomputes the rows of these actors from their participants (an actor left without any
/// loses their row).
pub(crate) fn refresh(conn: &Connection, ids: &BTreeSet<String>) -> Result<()> {
    for id in ids {
        match compute(conn, id)? {
            Some(a) => write(conn, &a)?,
            None => {
                conn.prepare_cached("DELETE FROM actors WHERE id = ?1")?
                    .execute([id])?;
            }
        }
    }
    Ok(())
}

/// The actors of the participant rows of one per-document event, into `into`.
pub(crate) fn of_doc_event(conn: &Connection, id: i64, into: &mut BTreeSet<String>) -> Result<()> {
    let mut st = conn.prepare_cached("SELECT actor FROM participants WHERE doc_event = ?1")?;
    for a in st.query_map([id], |r| r.get::<_, String>(0))? {
        into.insert(a?);
    }
    Ok(())
}

fn actor_row(r: &rusqlite::Row) -> rusqlite::Result<(Actor, String, String)> {
    Ok((
        Actor {
            id: r.get(0)?,
            name: r.get(1)?,
            country: r.get(2)?,
            events: r.get(3)?,
            names: Vec::new(),
            roles: Vec::new(),
        },
        r.get(4)?,
        r.get(5)?,
    ))
}

/// Which actors a page holds.
#[derive(Debug, Default, Clone)]
pub struct ActorFilter {
    /// Keep actors whose name or any spelling contains this (case-insensitive).
    pub needle: Option<String>,
    /// Look for `needle` in the actor's id as well.
    pub in_id: bool,
}

impl Store {
    /// Every person the events name, most engaged first (ties by id).
    pub fn actors(&self) -> Result<Vec<Actor>> {
        Ok(self
            .actors_page(&ActorFilter::default(), 0, i64::MAX as u64)?
            .0)
    }

    /// One page of `actors()` matching `f`, and how many match on all pages. Reads the
    /// `actors` table in its rank index; a store of an older schema opened read-only is
    /// grouped in full instead.
    pub fn actors_page(
        &self,
        f: &ActorFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Actor>, u64)> {
        let needle = f.needle.as_deref().map(str::to_lowercase);
        if self.version < 3 {
            let all: Vec<Actor> = compute_all(&self.conn)?
                .into_iter()
                .filter(|a| needle.as_deref().is_none_or(|n| matches(a, n, f.in_id)))
                .collect();
            let total = all.len() as u64;
            let page = all
                .into_iter()
                .skip(offset.min(total) as usize)
                .take(limit.min(total) as usize)
                .collect();
            return Ok((page, total));
        }
        let mut filter = String::new();
        let mut args: Vec<Sql> = Vec::new();
        if let Some(n) = needle {
            filter.push_str(if f.in_id {
                " WHERE (instr(search, ?1) > 0 OR instr(lower(id), ?1) > 0)"
            } else {
                " WHERE instr(search, ?1) > 0"
            });
            args.push(Sql::Text(n));
        }
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM actors{filter}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let k = args.len();
        args.push(Sql::Integer(limit.min(i64::MAX as u64) as i64));
        args.push(Sql::Integer(offset.min(i64::MAX as u64) as i64));
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT id, name, country, events, names, roles FROM actors{filter}
             ORDER BY events DESC, id LIMIT ?{} OFFSET ?{}",
            k + 1,
            k + 2
        ))?;
        let mut out = Vec::new();
        for r in st.query_map(rusqlite::params_from_iter(args.iter()), actor_row)? {
            let (mut a, names, roles) = r?;
            a.names = serde_json::from_str(&names)?;
            a.roles = serde_json::from_str(&roles)?;
            out.push(a);
        }
        Ok((out, total as u64))
    }

    /// One person as `actors()` describes them.
    pub fn actor(&self, id: &str) -> Result<Option<Actor>> {
        if self.version < 3 {
            return compute(&self.conn, id);
        }
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, name, country, events, names, roles FROM actors WHERE id = ?1",
            )?
            .query_row([id], actor_row)
            .optional()?;
        row.map(|(mut a, names, roles)| {
            a.names = serde_json::from_str(&names)?;
            a.roles = serde_json::from_str(&roles)?;
            Ok(a)
        })
        .transpose()
    }
}
