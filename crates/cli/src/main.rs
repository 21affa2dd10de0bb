//! The `attache` command: flags and wiring only. Every stage lives in a library crate.

/// `println!` that ignores a closed pipe (`attache bench | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod bench;
mod corpuscmd;
mod evalcmd;
mod kbcmd;
mod output;
mod pipeline;
mod servecmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "attache",
    version,
    about = "Military-diplomatic engagements from news in any language, with evidence"
)]
struct Cli {
    /// The data directory (knowledge base and language files). Default: $ATTACHE_DATA, ./data,
    /// or the data/ of the source tree.
    #[arg(long, global = true)]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Json,
    Table,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from files, directories (recursively) or standard input (`-`).
    Extract {
        /// Inputs: plain text, HTML, or JSON Lines records (id, url, title, text|html,
        /// published, lang).
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// The language of every input (`auto` identifies it per document and block).
        #[arg(long, default_value = "auto")]
        lang: String,
    },
    /// Whole-pipeline throughput, start-up time and peak memory.
    Bench {
        /// A corpus to measure on (default: the shipped samples, repeated).
        path: Option<String>,
        /// Megabytes of text to process.
        #[arg(long, default_value_t = 20)]
        megabytes: usize,
    },
    /// Score attache on its own test corpora (tests/corpus), per language.
    Eval {
        /// `mentions` or `events`.
        #[arg(value_parser = ["mentions", "events"])]
        what: String,
        /// The corpus directory (default: tests/corpus/<what> beside the data directory).
        dir: Option<PathBuf>,
        /// Also list every miss and false positive.
        #[arg(long)]
        failures: bool,
    },
    /// Store documents and their events in the corpus (one SQLite file), merging reports of
    /// the same engagement into canonical events.
    Ingest(corpuscmd::IngestArgs),
    /// List the canonical events of the corpus, filtered.
    Events(corpuscmd::EventsArgs),
    /// One canonical event with all its sources (and with --why, why they were merged).
    Show(corpuscmd::ShowArgs),
    /// The people of the corpus: name variants and roles over time.
    Actors(corpuscmd::ListArgs),
    /// What the corpus holds.
    Stats(corpuscmd::DbArg),
    /// Canonical events as JSON Lines or CSV, or the network as GraphML.
    Export(corpuscmd::ExportArgs),
    /// Serve the corpus: a JSON API (/api, described at /api/openapi.json) and a web UI.
    Serve(servecmd::ServeArgs),
    /// Inspect the knowledge base.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
}

#[derive(Subcommand)]
enum KbCommand {
    /// Load every data file, report every problem, and print the knowledge base's size.
    Validate,
    /// Resolve a name, title or word as the matcher would, and say why.
    Lookup {
        text: String,
        /// The date at which to resolve roles (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// The language of the text (default: identified).
        #[arg(long)]
        lang: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data = cli.data.unwrap_or_else(attache_kb::default_data_dir);
    let result = match cli.command {
        Command::Extract {
            paths,
            format,
            lang,
        } => pipeline::extract(&data, &paths, format, &lang),
        Command::Bench { path, megabytes } => bench::run(&data, path.as_deref(), megabytes),
        Command::Eval {
            what,
            dir,
            failures,
        } => evalcmd::run(&data, &what, dir.as_deref(), failures),
        Command::Ingest(a) => corpuscmd::ingest(&data, a),
        Command::Events(a) => corpuscmd::events(a),
        Command::Show(a) => corpuscmd::show(a),
        Command::Actors(a) => corpuscmd::actors(a),
        Command::Stats(a) => corpuscmd::stats(a),
        Command::Export(a) => corpuscmd::export(a),
        Command::Serve(a) => servecmd::serve(&data, a),
        Command::Kb {
            command: KbCommand::Validate,
        } => kbcmd::validate(&data),
        Command::Kb {
            command: KbCommand::Lookup { text, date, lang },
        } => kbcmd::lookup(&data, &text, date.as_deref(), lang.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
