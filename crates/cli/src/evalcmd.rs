//! `attache eval mentions|events`: per-language scores on our own test corpora.

use std::path::Path;
use std::process::ExitCode;

use attache_events::Extractor;

use crate::pipeline::{clean_config, load_kb};

pub fn run(
    data: &Path,
    what: &str,
    dir: Option<&Path>,
    failures: bool,
) -> anyhow::Result<ExitCode> {
    let kb = load_kb(data)?;
    let extractor = Extractor::new(&kb);
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| attache_eval::default_corpus_dir(&kb).join(what));
    let report = if what == "mentions" {
        attache_eval::mentions(&extractor, &dir)?
    } else {
        attache_eval::events(&extractor, &clean_config(&kb), &dir)?
    };
    if failures {
        for (lang, case, what) in &report.failures {
            say!("{lang}  {case}  {what}");
        }
    }
    {
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), "{}", attache_eval::render(&report, what));
    }
    Ok(ExitCode::SUCCESS)
}
