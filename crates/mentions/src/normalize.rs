//! One normalisation for text and dictionary, with a map back to the original offsets.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalised text plus, for every byte of it, the byte offset of the original character it
/// came from (and one extra entry: the original length).
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    pub map: Vec<usize>,
}

impl Folded {
    /// The original byte range of the normalised range `start..end`.
    pub fn original(&self, start: usize, end: usize, original_text: &str) -> (usize, usize) {
        let s = self.map[start];
        // `end` points one past the last normalised byte; map it to the end of that
        // original character.
        let last = self.map[end - 1];
        let e = last
            + original_text[last..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        (s, e)
    }
}

/// Vietnamese letters keep their marks: tones and vowel shapes are what tell `thăm` (visit)
/// from `tham` (take part), `mời` (invite) from `mới` (new), `Ảnh` (photo) from `Anh` (Britain).
fn keeps_marks(c: char) -> bool {
    matches!(c as u32, 0x1EA0..=0x1EF9) || "ăâêôơưđĂÂÊÔƠƯĐ".contains(c)
}

fn strips_marks(c: char) -> bool {
    let u = c as u32;
    // Latin, Greek, Cyrillic: accents are spelling noise in news ("Erdoğan" / "Erdogan",
    // "Шойгу"/"Шоїгу" aside); Indic vowel signs and Hangul must be kept whole.
    u < 0x530 || (0x1E00..=0x1FFF).contains(&u)
}

/// Folds one character into `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02B9}' | '`' | '\u{00B4}' => out.push('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
        // Arabic script: tatweel and short vowels carry no identity.
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
        // Arabic/Persian letter variants.
        '\u{06CC}' | '\u{0649}' => out.push('\u{064A}'),
        '\u{06A9}' => out.push('\u{0643}'),
        '\u{0629}' => out.push('\u{0647}'),
        '\u{0622}' | '\u{0623}' | '\u{0625}' => out.push('\u{0627}'),
        // Digits of every script read as ASCII digits (dates, years, numbered names).
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{0966}'..='\u{096F}' => out.push(char::from(b'0' + (c as u32 - 0x0966) as u8)),
        '\u{09E6}'..='\u{09EF}' => out.push(char::from(b'0' + (c as u32 - 0x09E6) as u8)),
        // The nukta is written or left out at will (फ़िलीपीन्स / फिलीपीन्स); NFKC below splits it
        // off precomposed letters, and it is dropped here and there alike.
        '\u{093C}' | '\u{09BC}' => {}
        _ if matches!(c as u32, 0x0958..=0x095F | 0x09DC..=0x09DF) => {
            out.extend(c.nfkc().filter(|&d| d != '\u{093C}' && d != '\u{09BC}'));
        }
        // Turkish dotless i folds with i (an all-capitals BAKANI is Bakanı).
        'ı' => out.push('i'),
        _ if keeps_marks(c) => out.extend(c.to_lowercase()),
        // Zero-width joiners and marks: invisible.
        '\u{200B}'..='\u{200F}' | '\u{FEFF}' => {}
        _ if strips_marks(c) => {
            for d in c.nfkd() {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
        _ if (0xAC00..=0xD7AF).contains(&(c as u32)) => out.push(c),
        _ => {
            for d in c.nfkc() {
                out.extend(d.to_lowercase());
            }
        }
    }
}

/// Normalises `text`: NFKC, lower case, accents off Latin and Cyrillic letters, Arabic letter
/// variants unified, every run of white space one space.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        map: Vec::with_capacity(text.len() + 1),
    };
    let mut last_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == '\u{00A0}' {
            if !last_space {
                out.text.push(' ');
                out.map.push(i);
                last_space = true;
            }
            continue;
        }
        last_space = false;
        let before = out.text.len();
        fold_char(c, &mut out.text);
        out.map
            .extend(std::iter::repeat_n(i, out.text.len() - before));
    }
    out.map.push(text.len());
    out
}

/// Normalises a dictionary entry (no offset map needed).
pub fn fold_str(s: &str) -> String {
    fold(s.trim()).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_arabic_variants() {
        assert_eq!(fold_str("Erdoğan"), "erdogan");
        assert_eq!(fold_str("Шойгу"), "шоигу");
        assert_eq!(fold_str("Gerassimow’s"), "gerassimow's");
        assert_eq!(fold_str("ایران"), fold_str("ايران"));
        assert_eq!(fold_str("Phan  Văn\u{00A0}Giang"), "phan văn giang");
        assert_eq!(fold_str("국방장관"), "국방장관");
        assert_eq!(fold_str("১২ অক্টোবর ২০২৪"), "12 অক্টোবর 2024");
        assert_eq!(fold_str("۱۴۰۲"), "1402");
        assert_ne!(fold_str("thăm"), fold_str("tham"));
        assert_ne!(fold_str("mời"), fold_str("mới"));
        assert_eq!(fold_str("BAKANI"), fold_str("Bakanı"));
        assert_eq!(fold_str("फ़िलीपीन्स"), fold_str("फिलीपीन्स"));
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let t = "Le ministre Erdoğan  a dit";
        let f = fold(t);
        let s = f.text.find("erdogan").unwrap();
        let (a, b) = f.original(s, s + "erdogan".len(), t);
        assert_eq!(&t[a..b], "Erdoğan");
    }
}
