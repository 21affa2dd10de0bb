//! HTML to main text, and boilerplate marking in plain text.
//!
//! Marking, not deleting: [`mark_blocks`] splits the text into line blocks and labels each one;
//! the text itself is untouched so that offsets stay valid.

use std::collections::HashSet;

use attache_core::{Block, BlockKind, Span};

use crate::lang;

/// What cleaning needs to know from the language data.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {
    /// Lower-cased boilerplate markers of every language ("related news", "читайте также").
    pub markers: Vec<String>,
    /// Lower-cased month names of every language with their month number, for datelines.
    pub months: Vec<(String, u8)>,
    /// Era names (`令和`) with the Gregorian year of their first year.
    pub eras: Vec<(String, i32)>,
}

/// The main text of an HTML page and the metadata found on the way.
#[derive(Debug, Clone, Default)]
pub struct HtmlText {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// Deeper than this, a page is not parsed as a tree (parsers recurse); its tags are stripped.
const MAX_HTML_DEPTH: usize = 512;

/// Extracts the main text of a page with dom_smoothie (a Readability port), falling back to the
/// whole body text when the page has no article-like content, and to tag stripping when the
/// markup is too deeply nested to parse safely.
pub fn html_to_text(html: &str, url: Option<&str>) -> HtmlText {
    if nesting_depth(html) > MAX_HTML_DEPTH {
        return HtmlText {
            text: strip_tags(html),
            ..HtmlText::default()
        };
    }
    let doc = dom_query::Document::from(html);
    let meta = |sel: &str, attr: &str| {
        doc.select(sel).iter().find_map(|n| {
            n.attr(attr)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
    };
    let published = meta("meta[property='article:published_time']", "content")
        .or_else(|| meta("meta[name='pubdate']", "content"))
        .or_else(|| meta("meta[name='publishdate']", "content"))
        .or_else(|| meta("meta[itemprop='datePublished']", "content"))
        .or_else(|| meta("meta[name='date']", "content"))
        .or_else(|| meta("meta[name='DC.date.issued']", "content"))
        .or_else(|| meta("time[datetime]", "datetime"))
        .or_else(|| json_ld_date(&doc));
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let article = dom_smoothie::Readability::new(html, url, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (text, title) = match article {
        Some(a) if a.text_content.trim().chars().count() > 80 => (
            tidy(&a.text_content),
            Some(a.title.to_string()).filter(|t| !t.trim().is_empty()),
        ),
        _ => {
            let body = doc.select("body");
            let text = if body.exists() {
                body.text().to_string()
            } else {
                doc.select("html").text().to_string()
            };
            (
                tidy(&text),
                meta("title", "").or_else(|| {
                    Some(doc.select("title").text().trim().to_string()).filter(|t| !t.is_empty())
                }),
            )
        }
    };
    HtmlText {
        text,
        title,
        published,
    }
}

fn json_ld_date(doc: &dom_query::Document) -> Option<String> {
    doc.select("script[type='application/ld+json']")
        .iter()
        .find_map(|n| {
            let t = n.text();
            let i = t.find("\"datePublished\"")?;
            let rest = &t[i + 15..];
            let start = rest.find('"')? + 1;
            let end = rest[start..].find('"')? + start;
            Some(rest[start..end].to_string())
        })
}

/// Collapses runs of blank lines and trailing spaces that extraction leaves behind.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.trim_start());
    }
    out
}

/// An upper bound on element nesting, counted from tags without parsing.
fn nesting_depth(html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| name_start + p);
        if name_end == name_start {
            continue;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Removes tags, scripts and styles without building a tree.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    tidy(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Splits `text` into line blocks and labels code, page furniture and repeats.
pub fn mark_blocks(text: &str, config: &CleanConfig) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let content = line.trim();
        if !content.is_empty() {
            let start = offset + trimmed_start;
            blocks.push(Block {
                span: Span::new(start, start + content.len()),
                kind: BlockKind::Content,
                lang: None,
            });
        }
        offset += line.len();
    }
    let mut seen = HashSet::new();
    let longest = blocks.iter().map(|b| b.span.len()).max().unwrap_or(0);
    let last_long = blocks
        .iter()
        .rposition(|b| b.span.len() >= 200.min(longest));
    let mut furniture_zone = false;
    for (i, block) in blocks.iter_mut().enumerate() {
        let s = block.span.slice(text);
        let lower = s.to_lowercase();
        let after_body = last_long.is_some_and(|l| i > l);
        block.kind = if is_code(s) {
            BlockKind::Code
        } else if is_marker(&lower, &config.markers) {
            if after_body || block.span.start * 3 > text.len() * 2 {
                furniture_zone = true;
            }
            BlockKind::Furniture
        } else if furniture_zone || (after_body && is_teaser(s)) || is_repeated_within(s) {
            BlockKind::Furniture
        } else if !seen.insert(lower) {
            BlockKind::Duplicate
        } else {
            BlockKind::Content
        };
    }
    blocks
}

fn is_marker(lower: &str, markers: &[String]) -> bool {
    let short = lower.chars().count() <= 80;
    markers
        .iter()
        .any(|m| lower.starts_with(m.as_str()) && (short || lower.len() <= m.len() + 2))
}

/// Script, style and ad code: dense in `{}();=` and with code-like tokens.
fn is_code(s: &str) -> bool {
    let n = s.chars().count().max(1);
    let code_chars = s
        .chars()
        .filter(|c| {
            matches!(
                c,
                '{' | '}' | '(' | ')' | ';' | '=' | '[' | ']' | '<' | '>' | '|'
            )
        })
        .count();
    let tokens = [
        "function(",
        "function (",
        "=>",
        ".push(",
        "var ",
        "const ",
        "window.",
        "document.",
        "@media",
        "{width",
        "px;",
        "});",
        "googletag",
        "adsbygoogle",
    ];
    let hits = tokens.iter().filter(|t| s.contains(*t)).count();
    (code_chars * 100 / n >= 8 && (hits > 0 || code_chars >= 4))
        || hits >= 2
        || (n < 60 && s.ends_with(['{', '}', ',']) && code_chars > 0)
        || (n < 40 && s.contains(": ") && s.ends_with(","))
}

/// A teaser line after the article: short, and no sentence ends in it.
fn is_teaser(s: &str) -> bool {
    let n = s.chars().count();
    let ends_a_sentence = s
        .trim_end()
        .ends_with(['.', '!', '?', '。', '।', '؟', '」', '"', '»']);
    // A block with a full stop inside is prose (an article cut short), not a headline.
    let inner_stop = s.contains(['。', '।', '؟']) || s.contains(". ");
    n < 160 && !ends_a_sentence && !inner_stop
}

/// "Headline by Author Headline": a link-list entry that repeats its own title.
fn is_repeated_within(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n < 40 {
        return false;
    }
    let probe: String = chars[..20].iter().collect();
    s[probe.len()..].contains(&probe)
}

/// Labels content blocks whose language differs from the document's as foreign (spam, ads in
/// another language), when they are long enough for the language call to be trusted.
pub fn mark_foreign(text: &str, blocks: &mut [Block], doc_lang: Option<&str>) {
    let Some(doc_lang) = doc_lang else { return };
    for block in blocks.iter_mut() {
        if block.kind != BlockKind::Content {
            continue;
        }
        let n = block.span.slice(text).chars().count();
        if let Some(l) = &block.lang {
            if l != doc_lang && n >= 25 && !lang::compatible(l, doc_lang) {
                block.kind = BlockKind::Foreign;
            }
        }
    }
}
