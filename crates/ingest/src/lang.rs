//! Language identification per block and per document.
//!
//! The script settles most languages outright (Hangul, kana, Bengali, Devanagari, Han); lingua
//! decides only between the languages that share a script (Latin, Cyrillic, Arabic), on a
//! bounded sample of each block, which keeps the cost per document small.

use std::collections::HashMap;
use std::sync::OnceLock;

use attache_core::{Block, BlockKind};
use lingua::{IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder};

/// Writing systems that decide or narrow the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Han,
    Kana,
    Hangul,
    Devanagari,
    Bengali,
    Other,
}

pub fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    Some(match u {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x400..=0x52F => Script::Cyrillic,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => Script::Han,
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
        0x900..=0x97F => Script::Devanagari,
        0x980..=0x9FF => Script::Bengali,
        _ if c.is_alphabetic() => Script::Other,
        _ => return None,
    })
}

/// Letters per script in `s`.
pub fn script_counts(s: &str) -> HashMap<Script, usize> {
    let mut counts = HashMap::new();
    for c in s.chars() {
        if let Some(sc) = script_of(c) {
            *counts.entry(sc).or_insert(0) += 1;
        }
    }
    counts
}

pub fn dominant_script(s: &str) -> Option<Script> {
    script_counts(s)
        .into_iter()
        .max_by_key(|&(sc, n)| (n, sc as u8))
        .map(|(sc, _)| sc)
}

const LATIN: [Language; 9] = [
    Language::English,
    Language::French,
    Language::Spanish,
    Language::German,
    Language::Italian,
    Language::Portuguese,
    Language::Turkish,
    Language::Vietnamese,
    Language::Indonesian,
];
const CYRILLIC: [Language; 2] = [Language::Russian, Language::Ukrainian];
const ARABIC: [Language; 2] = [Language::Arabic, Language::Persian];

fn detector(
    langs: &'static [Language],
    cell: &'static OnceLock<LanguageDetector>,
) -> &'static LanguageDetector {
    cell.get_or_init(|| LanguageDetectorBuilder::from_languages(langs).build())
}

fn lingua_among(sample: &str, script: Script) -> Option<Language> {
    static LAT: OnceLock<LanguageDetector> = OnceLock::new();
    static CYR: OnceLock<LanguageDetector> = OnceLock::new();
    static ARA: OnceLock<LanguageDetector> = OnceLock::new();
    let d = match script {
        Script::Latin => detector(&LATIN, &LAT),
        Script::Cyrillic => detector(&CYRILLIC, &CYR),
        Script::Arabic => detector(&ARABIC, &ARA),
        _ => return None,
    };
    d.detect_language_of(sample)
}

/// The most characters of a block that lingua reads.
const SAMPLE_CHARS: usize = 400;

/// The language of one block, or `None` when it is too short or in no supported language.
pub fn block_language(s: &str) -> Option<String> {
    let counts = script_counts(s);
    let total: usize = counts.values().sum();
    if total < 2 {
        return None;
    }
    let get = |sc| counts.get(&sc).copied().unwrap_or(0);
    let cjk = get(Script::Han) + get(Script::Kana);
    let (&script, _) = counts.iter().max_by_key(|&(sc, n)| (*n, *sc as u8))?;
    let code = match script {
        Script::Hangul => "ko",
        Script::Kana => "ja",
        Script::Han if get(Script::Kana) * 20 > cjk => "ja",
        Script::Han => "zh",
        Script::Bengali => "bn",
        Script::Devanagari => "hi",
        Script::Latin | Script::Cyrillic | Script::Arabic => {
            if total < 12 {
                return None;
            }
            let sample: String = s.chars().take(SAMPLE_CHARS).collect();
            let lang = lingua_among(&sample, script)?;
            return Some(lang.iso_code_639_1().to_string());
        }
        Script::Other => return None,
    };
    Some(code.to_string())
}

/// The language of most of the document's content text.
pub fn document_language(text: &str, blocks: &[Block]) -> Option<String> {
    let mut weight: HashMap<&str, usize> = HashMap::new();
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Content) {
        if let Some(l) = &b.lang {
            *weight.entry(l.as_str()).or_insert(0) += b.span.slice(text).len();
        }
    }
    weight
        .into_iter()
        .max_by_key(|&(l, w)| (w, l))
        .map(|(l, _)| l.to_string())
}

/// Languages that are easily confused on short text and need not be treated as foreign to one
/// another.
pub fn compatible(a: &str, b: &str) -> bool {
    let pair = |x: &str, y: &str| (a == x && b == y) || (a == y && b == x);
    pair("ru", "uk") || pair("es", "pt") || pair("ar", "fa") || pair("zh", "ja")
}

/// Whether lingua knows `code` (kept for `kb validate` to check lexicons against).
pub fn supported(code: &str) -> bool {
    IsoCode639_1::try_from(code).is_ok()
}
