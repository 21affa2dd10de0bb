//! A store of synthetic canonical events for load tests of `attache serve`:
//!   cargo run --release -p attache-serve --example synth_store -- /tmp/big.db 100000
//! Documents go through `Store::ingest_batch` (merging included) with hand-made events, so a
//! 100k-event store takes seconds instead of extracting 100k articles. Deterministic.

use attache_core::{
    DateBasis, Document, Event, EventType, Evidence, Location, Mode, PartialDate, Participant,
    Status,
};
use attache_store::{DocInput, Store};

const STATES: [&str; 40] = [
    "RUS", "CHN", "USA", "IND", "PAK", "TUR", "SAU", "IRN", "PRK", "KOR", "JPN", "FRA", "GBR",
    "DEU", "ITA", "ESP", "BRA", "ARG", "EGY", "ISR", "UKR", "BLR", "KAZ", "VNM", "THA", "IDN",
    "PHL", "AUS", "CAN", "MEX", "NGA", "ZAF", "ETH", "DZA", "MAR", "ARE", "QAT", "SRB", "POL",
    "FIN",
];

/// A small linear congruential generator: reproducible without a dependency.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "/tmp/attache-100k.db".into());
    let n: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(std::path::Path::new(&path))?;
    let mut rng = Lcg(7);
    let started = std::time::Instant::now();
    let mut batch = Vec::new();
    for i in 0..n {
        let a = STATES[rng.next(STATES.len())];
        let mut b = STATES[rng.next(STATES.len())];
        if a == b {
            b = if a == "RUS" { "CHN" } else { "RUS" };
        }
        let mut countries = vec![a.to_string(), b.to_string()];
        countries.sort();
        let kind = EventType::ALL[rng.next(EventType::ALL.len())];
        let day = rng.next(9000) as i64;
        let (y, m, d) = (
            2000 + (day / 360) as i16,
            1 + ((day / 30) % 12) as u8,
            1 + (day % 28) as u8,
        );
        let date = PartialDate::ymd(y, m, d);
        let p1 = rng.next(600);
        let p2 = rng.next(600);
        let sentence = format!(
            "Defence Minister Official{p1} of {a} met Chief of Staff Official{p2} of {b} on {date} \
             to discuss military cooperation. Министр обороны провёл переговоры."
        );
        let text = format!(
            "Report {i}\n\n{}\n\n{sentence}\n\n{}",
            "Background paragraph about the region and earlier talks. ".repeat(8),
            "Other news of the day, unrelated to the engagement. ".repeat(6)
        );
        let start = text.find(&sentence).unwrap_or(0);
        let cstart = text[..start].chars().count();
        let participant = |p: usize, c: &str, role: &str| Participant {
            name: Some(format!("Official {p}")),
            surface: Some(format!("Official{p}")),
            role: Some(role.to_string()),
            country: Some(c.to_string()),
            id: Some(format!("synthetic-{p}")),
            ..Default::default()
        };
        let event = Event {
            doc_id: format!("synth-{i}"),
            kind,
            status: if i % 10 == 0 {
                Status::Planned
            } else {
                Status::Occurred
            },
            countries: countries.clone(),
            participants: vec![
                participant(p1, a, "Minister of Defence"),
                participant(p2, b, "Chief of the General Staff"),
            ],
            date: Some(date),
            date_end: None,
            date_basis: Some(DateBasis::Explicit),
            date_reason: None,
            mode: Some(Mode::InPerson),
            location: Some(Location {
                name: None,
                country: Some(a.to_string()),
                area: None,
            }),
            evidence: vec![Evidence {
                start: cstart,
                end: cstart + sentence.chars().count(),
                text: sentence.clone(),
            }],
            confidence: 0.9,
            name: None,
            inviter: None,
            invitee: None,
            duration_hours: None,
        };
        batch.push(DocInput {
            doc: Document {
                id: format!("synth-{i}"),
                url: Some(format!("https://example.org/{i}")),
                title: Some(format!("Report {i}")),
                text,
                published: Some(date),
                lang: Some("en".into()),
                ..Default::default()
            },
            events: vec![event],
            mentions: Vec::new(),
        });
        if batch.len() == 2000 {
            store.ingest_batch(&batch)?;
            batch.clear();
        }
    }
    store.ingest_batch(&batch)?;
    let s = store.stats()?;
    eprintln!(
        "{}: {} documents, {} canonical events, {:.0} MB in {:.1} s",
        path,
        s.documents,
        s.canonical_events,
        s.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
