//! Schema 3 on real stores: the migration from schema 2 fills `event_states` and `actors` from
//! the existing rows, ingest and replacement keep them in step, and a page of actors is the
//! same as the corresponding slice of all actors grouped from the participants.

use attache_core::{
    DateBasis, Document, Event, EventType, Evidence, Mode, PartialDate, Participant, Status,
};
use attache_store::{ActorFilter, DocInput, Query, Store, SCHEMA_VERSION};
use rusqlite::Connection;

fn person(n: usize, c: &str, role: &str, surface: &str) -> Participant {
    Participant {
        name: Some(format!("Person {n}")),
        surface: Some(surface.to_string()),
        role: Some(role.to_string()),
        country: Some(c.to_string()),
        id: Some(format!("p{n}")),
        ..Default::default()
    }
}

/// Document `i`: states a and b meet, persons pa and pb take part.
fn doc(i: usize, text_extra: &str, a: &str, b: &str, pa: usize, pb: usize) -> DocInput {
    let mut countries = vec![a.to_string(), b.to_string()];
    countries.sort();
    let date = PartialDate::ymd(
        2020 + (i % 3) as i16,
        1 + (i % 12) as u8,
        1 + (i % 28) as u8,
    );
    let sentence = format!("Person {pa} of {a} met Person {pb} of {b}. {text_extra}");
    let event = Event {
        doc_id: format!("d{i}"),
        kind: EventType::ALL[i % EventType::ALL.len()],
        status: Status::Occurred,
        countries,
        participants: vec![
            person(pa, a, "Minister of Defence", &format!("P{pa}")),
            person(pb, b, "Chief of Staff", &format!("Пёрсон {pb}")),
        ],
        date: Some(date),
        date_basis: Some(DateBasis::Explicit),
        mode: Some(Mode::InPerson),
        evidence: vec![Evidence {
            start: 0,
            end: sentence.chars().count(),
            text: sentence.clone(),
        }],
        date_end: None,
        date_reason: None,
        location: None,
        confidence: 0.9,
        name: None,
        inviter: None,
        invitee: None,
        duration_hours: None,
    };
    DocInput {
        doc: Document {
            id: format!("d{i}"),
            text: sentence,
            published: Some(date),
            lang: Some("en".into()),
            ..Default::default()
        },
        events: vec![event],
        mentions: Vec::new(),
    }
}

const STATES: [&str; 5] = ["RUS", "CHN", "IND", "USA", "FRA"];

fn corpus() -> Vec<DocInput> {
    (0..60)
        .map(|i| {
            let a = STATES[i % 5];
            let b = STATES[(i / 5 + i + 1) % 5];
            let b = if a == b { STATES[(i + 2) % 5] } else { b };
            doc(i, "", a, b, i % 7, 7 + i % 11)
        })
        .collect()
}

/// The ids of the events `q` selects, through the per-state table and through the old LIKE.
fn ids(store: &Store, q: &Query) -> Vec<String> {
    store.events(q).unwrap().into_iter().map(|e| e.id).collect()
}

fn like_ids(path: &std::path::Path, state: &str) -> Vec<String> {
    let c = Connection::open(path).unwrap();
    let mut st = c
        .prepare(
            "SELECT id FROM canonical_events WHERE (',' || countries || ',') LIKE ?1
             ORDER BY t_lo IS NULL, t_lo, id",
        )
        .unwrap();
    st.query_map([format!("%,{state},%")], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|r| format!("E{}", r.unwrap()))
        .collect()
}

/// Turns a schema-3 store back into the schema-2 file an older attache wrote.
fn downgrade(path: &std::path::Path) {
    let c = Connection::open(path).unwrap();
    c.execute_batch("DROP TABLE event_states; DROP TABLE actors; PRAGMA user_version = 2;")
        .unwrap();
}

fn state_rows(path: &std::path::Path) -> Vec<(String, i64)> {
    let c = Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT state, event FROM event_states ORDER BY 1, 2")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn migration_from_schema_2_fills_states_and_actors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (before_states, before_actors) = {
        let mut s = Store::open(&path).unwrap();
        s.ingest_batch(&corpus()).unwrap();
        (state_rows(&path), s.actors().unwrap())
    };
    assert!(!before_states.is_empty());
    downgrade(&path);

    // An old store opened read-only (not migrated) is still read, the old way.
    {
        let ro = Store::open_read_only(&path).unwrap();
        assert_eq!(ro.schema_version().unwrap(), 2);
        let q = Query {
            country: Some("RUS".into()),
            ..Default::default()
        };
        assert_eq!(ids(&ro, &q), like_ids(&path, "RUS"));
        assert_eq!(ro.actors().unwrap(), before_actors);
    }

    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(state_rows(&path), before_states);
    assert_eq!(s.actors().unwrap(), before_actors);
    for state in STATES {
        let q = Query {
            country: Some(state.into()),
            ..Default::default()
        };
        let got = ids(&s, &q);
        assert!(!got.is_empty(), "{state}");
        assert_eq!(got, like_ids(&path, state), "{state}");
        let (page, total) = s.events_page(&q, 0, 5).unwrap();
        assert_eq!(total as usize, got.len());
        assert_eq!(
            page.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            got[..5.min(got.len())]
        );
    }
    // --country and --with together: events of both states.
    let q = Query {
        country: Some("RUS".into()),
        with: Some("chn".into()),
        ..Default::default()
    };
    let both: Vec<String> = like_ids(&path, "RUS")
        .into_iter()
        .filter(|id| like_ids(&path, "CHN").contains(id))
        .collect();
    assert!(!both.is_empty());
    assert_eq!(ids(&s, &q), both);
    let counts = s.state_counts().unwrap();
    assert_eq!(
        counts.iter().find(|(c, _)| c == "RUS").map(|x| x.1),
        Some(like_ids(&path, "RUS").len() as i64)
    );
}

#[test]
fn replacing_a_document_keeps_states_and_actors_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut s = Store::open(&path).unwrap();
    s.ingest_batch(&corpus()).unwrap();
    // d0 changes: other states, other people (p99 appears, p0 loses one report).
    let mut changed = doc(0, "Revised.", "IND", "FRA", 99, 98);
    changed.doc.id = "d0".into();
    let r = s.ingest_batch(&[changed]).unwrap();
    assert_eq!(r.replaced, 1);
    drop(s);
    let fresh_states = state_rows(&path);
    let s = Store::open(&path).unwrap();
    let kept = s.actors().unwrap();
    // What a migration would compute from the rows as they are now.
    downgrade(&path);
    let s2 = Store::open(&path).unwrap();
    assert_eq!(state_rows(&path), fresh_states);
    assert_eq!(s2.actors().unwrap(), kept);
    assert!(kept.iter().any(|a| a.id == "p99"));
    drop(s);
}

#[test]
fn actors_pages_are_slices_of_all_actors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut s = Store::open(&path).unwrap();
    let docs = corpus();
    for chunk in docs.chunks(7) {
        s.ingest_batch(chunk).unwrap();
    }
    let all = s.actors().unwrap();
    assert_eq!(all.len(), 18);
    for w in all.windows(2) {
        assert!((-w[0].events, &w[0].id) < (-w[1].events, &w[1].id));
    }
    let p7 = all.iter().find(|a| a.id == "p7").unwrap();
    assert_eq!(p7.names, vec!["Пёрсон 7".to_string()]);
    assert_eq!(p7.roles[0].role, "Chief of Staff");
    assert!(p7.roles[0].first <= p7.roles[0].last);
    let every = ActorFilter::default();
    let mut paged = Vec::new();
    for page in 0..4 {
        let (rows, total) = s.actors_page(&every, page * 5, 5).unwrap();
        assert_eq!(total, 18);
        paged.extend(rows);
    }
    assert_eq!(paged, all);
    let (rows, total) = s.actors_page(&every, 100, 5).unwrap();
    assert!(rows.is_empty());
    assert_eq!(total, 18);
    // The name filter: case-insensitive in any script, over names and spellings.
    let f = ActorFilter {
        needle: Some("ПЁРСОН 1".into()),
        in_id: false,
    };
    let (rows, total) = s.actors_page(&f, 0, 50).unwrap();
    let want: Vec<_> = all
        .iter()
        .filter(|a| a.names.iter().any(|n| n.starts_with("Пёрсон 1")))
        .cloned()
        .collect();
    assert_eq!(total as usize, want.len());
    assert_eq!(rows, want);
    // By id only with `in_id` (p17 is written "Пёрсон 17").
    let f = ActorFilter {
        needle: Some("p17".into()),
        in_id: false,
    };
    assert_eq!(s.actors_page(&f, 0, 50).unwrap().1, 0);
    let f = ActorFilter {
        needle: Some("P17".into()),
        in_id: true,
    };
    let (rows, total) = s.actors_page(&f, 0, 50).unwrap();
    assert_eq!((rows[0].id.as_str(), total), ("p17", 1));
    // The same answers as the old full grouping on a read-only schema-2 copy.
    drop(s);
    let copy = dir.path().join("c2.db");
    std::fs::copy(&path, &copy).unwrap();
    downgrade(&copy);
    let ro = Store::open_read_only(&copy).unwrap();
    assert_eq!(ro.actors().unwrap(), all);
    assert_eq!(
        ro.actors_page(&every, 5, 5).unwrap(),
        (all[5..10].to_vec(), 18)
    );
    assert_eq!(ro.actor("p7").unwrap().as_ref(), Some(p7));
    let s = Store::open_read_only(&path).unwrap();
    assert_eq!(s.actor("p7").unwrap().as_ref(), Some(p7));
}
