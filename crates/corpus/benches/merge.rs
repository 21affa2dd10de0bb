//! Merging 1M per-document events into canonical events, incrementally, one at a time as the
//! store does. The workload: 300,000 engagements among 40 states over ten years, each reported
//! by 1 to 6 articles with varying date precision (full date, month only, undated with a
//! publication date close by), so that about two thirds of the adds join an existing event.

use attache_core::EventType;
use attache_corpus::{Member, Merger, PartialDate, Place, Status};
use criterion::{criterion_group, criterion_main, Criterion};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const STATES: usize = 40;

fn workload(n: usize) -> Vec<Member> {
    let mut rng = Lcg(7);
    let codes: Vec<String> = (0..STATES).map(|i| format!("S{i:02}")).collect();
    let mut out = Vec::with_capacity(n);
    let mut id = 0u64;
    while out.len() < n {
        let a = rng.below(STATES as u64) as usize;
        let b = (a + 1 + rng.below(STATES as u64 - 1) as usize) % STATES;
        let mut countries = vec![codes[a].clone(), codes[b].clone()];
        countries.sort();
        let kind = EventType::ALL[rng.below(9) as usize];
        let (y, m, d) = (
            2015 + rng.below(10) as i16,
            1 + rng.below(12) as u8,
            1 + rng.below(28) as u8,
        );
        let persons = vec![
            format!("p{a}-{}", rng.below(5)),
            format!("p{b}-{}", rng.below(5)),
        ];
        let reports = 1 + rng.below(6);
        for _ in 0..reports {
            id += 1;
            let (date, published) = match rng.below(3) {
                0 => (
                    Some(PartialDate::ymd(y, m, d)),
                    Some(PartialDate::ymd(y, m, d.min(27) + 1)),
                ),
                1 => (
                    Some(PartialDate {
                        year: Some(y),
                        month: Some(m),
                        day: None,
                    }),
                    None,
                ),
                _ => (
                    None,
                    Some(PartialDate::ymd(y, m, d.min(25) + rng.below(3) as u8)),
                ),
            };
            let mut persons = persons.clone();
            if rng.below(2) == 0 {
                persons.pop();
            }
            persons.sort();
            out.push(Member {
                id,
                kind,
                status: Status::Occurred,
                countries: countries.clone(),
                persons,
                date,
                date_end: None,
                published,
                place: Place {
                    country: Some(codes[b].clone()),
                    ..Default::default()
                },
            });
        }
    }
    out.truncate(n);
    out
}

fn bench(c: &mut Criterion) {
    let members = workload(1_000_000);
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.bench_function("merge 1M per-document events", |b| {
        b.iter(|| {
            let mut m = Merger::new(1);
            let mut created = 0usize;
            for e in &members {
                created += m.add(e).created as usize;
            }
            assert!(created < members.len());
            (created, m.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
