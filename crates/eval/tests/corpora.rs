//! Our own test corpora (`tests/corpus/`), scored per language: the floors below are the
//! promises of the mentions and events issues, and the measured level when they were set.

use std::path::Path;

use attache_events::Extractor;
use attache_kb::Kb;

fn kb() -> Kb {
    Kb::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).expect("data/ loads")
}

fn corpus(what: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus")
        .join(what)
}

#[test]
fn mentions_reach_precision_095_and_recall_09_in_every_language() {
    let kb = kb();
    let extractor = Extractor::new(&kb);
    let report = attache_eval::mentions(&extractor, &corpus("mentions")).unwrap();
    eprintln!("{}", attache_eval::render(&report, "mentions"));
    assert!(
        report.by_lang.len() >= 18,
        "a mention corpus for every language"
    );
    for (lang, c) in &report.by_lang {
        assert!(c.tp + c.fn_ >= 20, "{lang}: at least 20 expected mentions");
        assert!(
            c.precision() >= 0.95 && c.recall() >= 0.9,
            "{lang}: P {:.3} R {:.3}",
            c.precision(),
            c.recall()
        );
    }
}

#[test]
fn events_reach_their_floors_and_hard_negatives_stay_silent() {
    let kb = kb();
    let extractor = Extractor::new(&kb);
    let clean = attache_ingest::CleanConfig::default();
    let report = attache_eval::events(&extractor, &clean, &corpus("events")).unwrap();
    eprintln!("{}", attache_eval::render(&report, "events"));
    assert!(
        report.by_lang.len() >= 18,
        "an event corpus for every language"
    );
    assert!(
        report.total.f1() >= 0.9,
        "overall event F1 {:.3}",
        report.total.f1()
    );
    for (lang, c) in &report.by_lang {
        assert!(c.f1() >= 0.7, "{lang}: event F1 {:.3}", c.f1());
    }
    let (silent, all) = report.negatives;
    assert!(all >= 18 * 5, "at least five hard negatives per language");
    assert_eq!(silent, all, "every hard negative gives no event: domestic meeting, cancelled visit, friendly, round-table, own drill, hypothetical");
}
