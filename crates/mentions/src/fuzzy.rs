//! Names never seen before, matched on a transliterated key: "Gerassimow", "Grassimov" →
//! Gerasimov. Only capitalised Latin words of six letters or more that no dictionary entry
//! covered are tried, against surnames of five letters or more whose key starts with the same
//! letter. A key that is merely close (not equal) also needs the word before it to be close to
//! one of the person's given names ("Valery Grassimov"): "Colonel" is near "Colonna" and
//! "Durante" near "Durán", but neither follows a Catherine or a José.

use any_ascii::any_ascii;
use attache_kb::Kb;

use crate::normalize::Folded;

/// The spelling-independent key of a Latin name: German, French and Slavic spellings map to
/// one English-like form, doubled letters collapse.
pub fn key(word: &str) -> String {
    let mut s = any_ascii(word).to_lowercase();
    s.retain(|c| c.is_ascii_alphabetic());
    for (from, to) in [
        ("tsch", "ch"),
        ("sch", "sh"),
        ("kh", "h"),
        ("ph", "f"),
        ("ou", "u"),
        ("w", "v"),
        ("j", "y"),
        ("z", "s"),
        ("c", "k"),
        ("q", "k"),
        ("x", "ks"),
        ("ie", "i"),
        ("iy", "i"),
        ("yi", "i"),
    ] {
        s = s.replace(from, to);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Surname keys of every official with a Latin-script name.
pub struct FuzzyIndex {
    keys: Vec<(String, usize)>,
    /// Given-name keys by person index.
    given: Vec<Vec<String>>,
    /// (person id, country) by index.
    pub persons: Vec<(String, String)>,
}

const MIN_WORD: usize = 6;
const MIN_SURNAME: usize = 5;
const THRESHOLD: f64 = 0.9;

impl FuzzyIndex {
    pub fn new(kb: &Kb) -> Self {
        let mut keys = Vec::new();
        let mut persons = Vec::new();
        let mut given = Vec::new();
        for p in &kb.persons {
            let idx = persons.len();
            persons.push((p.id.clone(), p.country.clone()));
            let mut firsts: Vec<String> = Vec::new();
            let mut seen = Vec::new();
            for n in std::iter::once(&p.name).chain(&p.names) {
                let words: Vec<&str> = n.split_whitespace().collect();
                if words.len() >= 2 {
                    let k = key(words[0]);
                    if k.len() >= 3 && !firsts.contains(&k) {
                        firsts.push(k);
                    }
                }
                let Some(last) = words.last() else {
                    continue;
                };
                if !last
                    .chars()
                    .all(|c| c.is_alphabetic() && (c.is_ascii() || (c as u32) < 0x250))
                {
                    continue;
                }
                let k = key(last);
                if k.len() >= MIN_SURNAME && !seen.contains(&k) {
                    seen.push(k.clone());
                    keys.push((k, idx));
                }
            }
            given.push(firsts);
        }
        keys.sort();
        FuzzyIndex {
            keys,
            given,
            persons,
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The best person for one word, if any key is close enough; `previous` is the word before
    /// it, which must resemble a given name of the person unless the keys are equal.
    pub fn lookup(&self, word: &str, previous: Option<&str>) -> Option<usize> {
        let k = key(word);
        // Without a given name before the word only an equal key can match: a binary search,
        // no similarity scores (most capitalised words of a text are not names).
        if previous.is_none() {
            let i = self.keys.partition_point(|(x, _)| x.as_str() < k.as_str());
            let same: Vec<usize> = self.keys[i..]
                .iter()
                .take_while(|(x, _)| *x == k)
                .map(|&(_, p)| p)
                .collect();
            return match same.as_slice() {
                [p] => Some(*p),
                [p, rest @ ..] if rest.iter().all(|q| q == p) => Some(*p),
                _ => None,
            };
        }
        let prev = previous.map(key);
        let first = k.chars().next()?;
        let lo = self
            .keys
            .partition_point(|(x, _)| x.chars().next() < Some(first));
        let mut best: Option<(f64, usize)> = None;
        let mut ambiguous = false;
        for (cand, person) in self.keys[lo..]
            .iter()
            .take_while(|(x, _)| x.starts_with(first))
        {
            if k.len().abs_diff(cand.len()) > 2 {
                continue;
            }
            let score = strsim::jaro_winkler(&k, cand);
            if score < THRESHOLD {
                continue;
            }
            if *cand != k {
                let given_ok = prev.as_ref().is_some_and(|p| {
                    self.given[*person]
                        .iter()
                        .any(|g| strsim::jaro_winkler(p, g) >= 0.85)
                });
                if !given_ok {
                    continue;
                }
            }
            match best {
                Some((b, p)) if score < b || (score == b && p == *person) => {}
                Some((b, p)) if score == b && p != *person => ambiguous = true,
                _ => {
                    best = Some((score, *person));
                    ambiguous = false;
                }
            }
        }
        if ambiguous {
            return None;
        }
        best.map(|(_, p)| p)
    }

    /// Capitalised Latin words of `block` outside `covered` (folded ranges) that match a
    /// surname: (start, end) in `block` bytes, person index.
    pub fn find(
        &self,
        block: &str,
        folded: &Folded,
        covered: &[(usize, usize)],
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        let bytes = block.as_bytes();
        let mut previous: Option<&str> = None;
        while i < bytes.len() {
            let Some(c) = block[i..].chars().next() else {
                break;
            };
            if !c.is_alphabetic() {
                i += c.len_utf8();
                continue;
            }
            let len: usize = block[i..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            let word = &block[i..i + len];
            let latin = word
                .chars()
                .all(|c| c.is_ascii_alphabetic() || ((c as u32) >= 0xC0 && (c as u32) < 0x250));
            if latin
                && c.is_uppercase()
                && word.chars().count() >= MIN_WORD
                && !is_covered(i, i + len, folded, covered)
            {
                if let Some(p) = self.lookup(word, previous) {
                    out.push((i, i + len, p));
                }
            }
            let gap_ok = block[i + len..].starts_with(' ');
            previous = (latin && c.is_uppercase() && gap_ok).then_some(word);
            i += len;
        }
        out
    }
}

fn is_covered(s: usize, e: usize, folded: &Folded, covered: &[(usize, usize)]) -> bool {
    covered.iter().any(|&(cs, ce)| {
        let os = folded.map[cs];
        let oe = folded.map[ce.min(folded.map.len() - 1)];
        os < e && s < oe.max(os + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(key("Gerassimow"), key("Gerasimov"));
        assert_eq!(key("Schoigu"), key("Shoigu"));
        assert!(strsim::jaro_winkler(&key("Grassimov"), &key("Gerasimov")) >= THRESHOLD);
        assert!(strsim::jaro_winkler(&key("Waleri"), &key("Valery")) >= 0.85);
    }
}
