//! Language identification per block and per document.
//!
//! The script settles most languages outright (Hangul, kana, Bengali, Devanagari, Han); lingua
//! decides only between the languages that share a script (Latin, Cyrillic, Arabic), on a
//! bounded sample of each block, which keeps the cost per document small.

use std::collections::{HashMap, HashSet};
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

fn build(langs: &'static [Language], low: bool) -> LanguageDetector {
    let mut b = LanguageDetectorBuilder::from_languages(langs);
    if low {
        b.with_low_accuracy_mode().build()
    } else {
        b.build()
    }
}

/// lingua among the languages of one script. Blocks use the low-accuracy (trigram) mode on a
/// short sample; the document's language, which decides most things, uses the full models.
fn lingua_among(sample: &str, script: Script, low: bool) -> Option<Language> {
    static CELLS: [OnceLock<LanguageDetector>; 6] = [const { OnceLock::new() }; 6];
    let (langs, slot): (&'static [Language], usize) = match script {
        Script::Latin => (&LATIN, 0),
        Script::Cyrillic => (&CYRILLIC, 1),
        Script::Arabic => (&ARABIC, 2),
        _ => return None,
    };
    let slot = slot * 2 + low as usize;
    CELLS[slot]
        .get_or_init(|| build(langs, low))
        .detect_language_of(sample)
}

/// The most characters of a block that lingua reads.
const BLOCK_SAMPLE_CHARS: usize = 100;
/// Blocks at least this long are prose for the document's language sample.
const PROSE_CHARS: usize = 60;
/// The most characters of a document that lingua reads.
const DOC_SAMPLE_CHARS: usize = 100;
/// Shorter blocks of the document's script take the document's language: a language call on a
/// short line is unreliable.
const MIN_BLOCK_CHARS: usize = 40;

/// The language a script settles by itself, or `None` when lingua must decide.
fn by_script(counts: &HashMap<Script, usize>) -> Option<Result<&'static str, Script>> {
    let get = |sc| counts.get(&sc).copied().unwrap_or(0);
    let cjk = get(Script::Han) + get(Script::Kana);
    let (&script, _) = counts.iter().max_by_key(|&(sc, n)| (*n, *sc as u8))?;
    Some(match script {
        Script::Hangul => Ok("ko"),
        Script::Kana => Ok("ja"),
        Script::Han if get(Script::Kana) * 20 > cjk => Ok("ja"),
        Script::Han => Ok("zh"),
        Script::Bengali => Ok("bn"),
        Script::Devanagari => Ok("hi"),
        Script::Latin | Script::Cyrillic | Script::Arabic => Err(script),
        Script::Other => return None,
    })
}

/// The language of a piece of text: the script where it decides, else lingua on a sample.
fn detect(s: &str, sample_chars: usize, low: bool) -> Option<String> {
    let counts = script_counts(s);
    let total: usize = counts.values().sum();
    if total < 2 {
        return None;
    }
    match by_script(&counts)? {
        Ok(code) => Some(code.to_string()),
        Err(script) => {
            if total < 12 {
                return None;
            }
            let sample: String = s.chars().take(sample_chars).collect();
            lingua_among(&sample, script, low).map(|l| l.iso_code_639_1().to_string())
        }
    }
}

/// The language of one block on its own, or `None` when it is too short or in no supported
/// language.
pub fn block_language(s: &str) -> Option<String> {
    detect(s, BLOCK_SAMPLE_CHARS, true)
}

/// The language of the document, from a sample of its content blocks.
pub fn document_language_of_sample(text: &str, blocks: &[Block]) -> Option<String> {
    // Prose, not page furniture: the sample is taken from the longer blocks (a site name or a
    // menu item in English tops many pages in other languages), and from all blocks only when
    // the page has no longer one.
    let content = || blocks.iter().filter(|b| b.kind == BlockKind::Content);
    let prose: Vec<&Block> = content()
        .filter(|b| b.span.slice(text).chars().count() >= PROSE_CHARS)
        .collect();
    let chosen: Vec<&Block> = if prose.is_empty() {
        content().collect()
    } else {
        prose
    };
    let mut sample = String::new();
    for b in chosen {
        if sample.chars().count() >= DOC_SAMPLE_CHARS {
            break;
        }
        sample.push_str(b.span.slice(text));
        sample.push('\n');
    }
    detect(&sample, DOC_SAMPLE_CHARS, true)
}

/// Sets each block's language: the document's, unless the block is long enough to judge and
/// is written in another script or, within the same script, looks like another language.
///
/// Within one script, a block that shares the document's most frequent words (its function
/// words, whatever the language) is taken to be in the document's language without asking
/// lingua, the costliest step of the pipeline; only blocks that share almost none of them (spam
/// or ads in another language) are identified on their own.
pub fn tag_blocks(text: &str, blocks: &mut [Block], doc_lang: Option<&str>) {
    let doc_script = doc_lang.and_then(script_of_language);
    let common = frequent_words(text, blocks);
    for b in blocks
        .iter_mut()
        .filter(|b| matches!(b.kind, BlockKind::Content | BlockKind::Duplicate))
    {
        let s = b.span.slice(text);
        let own_script = dominant_script(s);
        let same_script = own_script.is_some() && own_script == doc_script;
        let n = s.chars().count();
        let ambiguous_script = matches!(
            own_script,
            Some(Script::Latin | Script::Cyrillic | Script::Arabic)
        );
        b.lang = if same_script
            && (n < MIN_BLOCK_CHARS || !ambiguous_script || shares_words(s, &common))
        {
            doc_lang.map(str::to_string)
        } else {
            block_language(s).or_else(|| doc_lang.map(str::to_string))
        };
    }
}

/// How many of the document's most frequent words count as its vocabulary.
const COMMON_WORDS: usize = 40;

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

fn frequent_words(text: &str, blocks: &[Block]) -> HashSet<String> {
    let mut freq: HashMap<String, usize> = HashMap::new();
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Content) {
        for w in words(b.span.slice(text)) {
            *freq.entry(w).or_insert(0) += 1;
        }
    }
    let mut v: Vec<(String, usize)> = freq.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().take(COMMON_WORDS).map(|(w, _)| w).collect()
}

fn shares_words(s: &str, common: &HashSet<String>) -> bool {
    let (mut total, mut shared) = (0usize, 0usize);
    for w in words(s) {
        total += 1;
        shared += common.contains(&w) as usize;
    }
    total > 0 && shared * 100 >= total * 8
}

/// The script a language is written in.
fn script_of_language(code: &str) -> Option<Script> {
    Some(match code {
        "ru" | "uk" => Script::Cyrillic,
        "ar" | "fa" => Script::Arabic,
        "zh" => Script::Han,
        "ja" => Script::Kana,
        "ko" => Script::Hangul,
        "hi" => Script::Devanagari,
        "bn" => Script::Bengali,
        _ => Script::Latin,
    })
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
