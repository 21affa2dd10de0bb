//! The hot stages one by one, on the shipped sample articles: language identification, the
//! dictionary matcher, and extraction of one whole document. `cargo bench -p attache-events`.
//! (Whole-pipeline throughput, start-up and memory: `attache bench`.)

use std::path::Path;

use attache_core::Span;
use attache_events::Extractor;
use attache_ingest::{prepare, Body, CleanConfig, RawDoc};
use attache_kb::Kb;
use attache_mentions::DocMemory;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stages(c: &mut Criterion) {
    let kb = Kb::load(&attache_kb::default_data_dir()).expect("data/ loads");
    let extractor = Extractor::new(&kb);
    let texts = [
        sample("en-helsinki-talks.txt"),
        sample("ru-phone-call.txt"),
        sample("bn-kim-putin.txt"),
    ];
    let bytes: usize = texts.iter().map(String::len).sum();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("language", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter_map(|t| attache_ingest::lang::block_language(t))
                .count()
        })
    });
    g.bench_function("matcher", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    extractor
                        .matcher()
                        .find(t, Span::new(0, t.len()), None, &mut DocMemory::default())
                        .len()
                })
                .sum::<usize>()
        })
    });
    let config = CleanConfig::default();
    g.bench_function("document", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    let raw = RawDoc {
                        id: "bench".into(),
                        origin: "bench".into(),
                        url: None,
                        title: None,
                        body: Body::Text(t.clone()),
                        published: None,
                        lang: None,
                    };
                    extractor.extract(&prepare(raw, &config)).len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
