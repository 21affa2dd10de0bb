//! Sentences inside a block, for every script.
//!
//! A sentence ends at `.`, `!`, `?` (and their full-width, Devanagari, Bengali, Arabic and
//! Urdu forms) followed by a space and an opening letter, digit or quote; at `。！？` with no
//! space needed. A period after a single letter (`Mark T. Esper`), after a one- or two-digit
//! ordinal (`am 3. Februar`), after a word with an inner
//! period (`U.S.`), or after one of the language's abbreviations (`Gen.`, `Sept.`, from
//! `data/lang`) does not end a sentence.

use std::collections::HashSet;

use attache_core::Span;

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '।' | '॥' | '؟' | '۔' | '…'
    )
}

fn is_spaceless_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Splits `block` (a span of `text`) into trimmed sentence spans.
pub fn sentences(text: &str, block: Span, abbreviations: &HashSet<String>) -> Vec<Span> {
    let s = block.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !is_terminal(c) {
            continue;
        }
        let end = i + c.len_utf8();
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let boundary = if is_spaceless_terminal(c) {
            true
        } else {
            match next {
                None => true,
                Some(n) if n.is_whitespace() => {
                    let after = chars.get(k + 2).map(|&(_, n)| n);
                    let opens = after.is_none_or(|a| {
                        a.is_uppercase() || !a.is_lowercase() || matches!(a, '"' | '“' | '«' | '(')
                    });
                    opens && !(c == '.' && is_abbreviation(&s[start..i], abbreviations))
                }
                // A closing quote or bracket, or a letter straight after the stop (a decimal, an
                // abbreviation, a URL): not a boundary.
                _ => false,
            }
        };
        if boundary {
            push_trimmed(&mut out, s, start, end, block.start);
            start = end;
        }
    }
    push_trimmed(&mut out, s, start, s.len(), block.start);
    out
}

fn is_abbreviation(before: &str, abbreviations: &HashSet<String>) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // German and Nordic ordinals: "am 3. Februar".
    let ordinal = !word.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit());
    ordinal
        || letters == 1
        || (word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.'))
        || abbreviations.contains(&word.to_lowercase())
}

fn push_trimmed(out: &mut Vec<Span>, s: &str, start: usize, end: usize, base: usize) {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let a = base + start + lead;
        out.push(Span::new(a, a + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        let abbr: HashSet<String> = ["gen".to_string()].into_iter().collect();
        sentences(t, Span::new(0, t.len()), &abbr)
            .into_iter()
            .map(|s| s.slice(t))
            .collect()
    }

    #[test]
    fn keeps_titles_and_initials_inside_sentences() {
        assert_eq!(
            split("Gen. Smith met the U.S. envoy. Then he left."),
            ["Gen. Smith met the U.S. envoy.", "Then he left."]
        );
    }

    #[test]
    fn keeps_ordinal_dates_inside_sentences() {
        assert_eq!(
            split("Er kam am 3. Februar 2025 an. Dann ging er."),
            ["Er kam am 3. Februar 2025 an.", "Dann ging er."]
        );
    }

    #[test]
    fn ends_sentences_after_short_capitalised_names() {
        assert_eq!(
            split("Ông thăm Việt Nam. Sau đó về Hà Nội."),
            ["Ông thăm Việt Nam.", "Sau đó về Hà Nội."]
        );
    }

    #[test]
    fn splits_cjk_and_indic_terminals() {
        assert_eq!(
            split("两国举行会谈。双方签署协议。"),
            ["两国举行会谈。", "双方签署协议。"]
        );
        assert_eq!(
            split("তারা বৈঠক করেন। পরে ফিরে যান।"),
            ["তারা বৈঠক করেন।", "পরে ফিরে যান।"]
        );
    }
}
