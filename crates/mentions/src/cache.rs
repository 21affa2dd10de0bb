//! The compiled dictionary, kept between runs.
//!
//! Compiling the automaton over ~120,000 patterns is most of attache's start-up; reading it
//! back is a few milliseconds. The cache file is named by a hash of every file of the data
//! directory, of this program's version and of the source of the code that compiles patterns,
//! so editing `data/` or changing attache simply misses the cache and builds afresh. Where it lives: `$ATTACHE_CACHE` (`off` disables it),
//! else `$XDG_CACHE_HOME/attache`, else `~/.cache/attache`.
//!
//! Format (little-endian): magic, strings (`u32` count, then `u32` length and bytes each),
//! entries per pattern (`u32` pattern count; per pattern a `u32` entry count, then per entry a
//! kind byte, three `u32` string indices with `u32::MAX` for none, and a flag byte), then the
//! automaton as daachorse serialises it. The automaton is read with daachorse's checked
//! deserialiser: a damaged file is an error, never undefined behaviour.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use attache_core::MentionKind;
use attache_kb::Kb;
use daachorse::CharwiseDoubleArrayAhoCorasick;

use crate::matcher::{Dictionary, Entry};

const MAGIC: &[u8; 8] = b"ATCHDIC2";
const NONE: u32 = u32::MAX;

/// Where the cache lives, or `None` when it is switched off.
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os("ATTACHE_CACHE") {
        Some(v) if v == "off" => return None,
        Some(v) => return Some(PathBuf::from(v)),
        None => {}
    }
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(x).join("attache"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("attache"))
}

/// A hash of every data file (name and bytes) and of the program version.
pub fn key(kb: &Kb) -> u64 {
    let mut files = Vec::new();
    collect(&kb.dir, &mut files);
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    MAGIC.hash(&mut h);
    // The code that turns data into patterns is part of the key too: a change to folding or to
    // the flags of an entry must not meet a dictionary compiled by the old code.
    include_str!("normalize.rs").hash(&mut h);
    include_str!("matcher.rs").hash(&mut h);
    for f in files {
        if let Ok(bytes) = fs::read(&f) {
            f.strip_prefix(&kb.dir).unwrap_or(&f).hash(&mut h);
            bytes.hash(&mut h);
        }
    }
    h.finish()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn kind_code(k: MentionKind) -> u8 {
    match k {
        MentionKind::State => 0,
        MentionKind::StateAdjective => 1,
        MentionKind::StateMetonym => 2,
        MentionKind::Person => 3,
        MentionKind::Role => 4,
        MentionKind::Organisation => 5,
        MentionKind::Place => 6,
        MentionKind::Area => 7,
        MentionKind::Exercise => 8,
        MentionKind::Trigger => 9,
        MentionKind::Cue => 10,
    }
}

fn kind_of(code: u8) -> Option<MentionKind> {
    Some(match code {
        0 => MentionKind::State,
        1 => MentionKind::StateAdjective,
        2 => MentionKind::StateMetonym,
        3 => MentionKind::Person,
        4 => MentionKind::Role,
        5 => MentionKind::Organisation,
        6 => MentionKind::Place,
        7 => MentionKind::Area,
        8 => MentionKind::Exercise,
        9 => MentionKind::Trigger,
        10 => MentionKind::Cue,
        _ => return None,
    })
}

/// Writes the dictionary to `path` (atomically: a temporary file renamed into place).
pub(crate) fn write(path: &Path, dict: &Dictionary) -> std::io::Result<()> {
    let mut strings: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    fn intern<'a>(
        s: Option<&'a str>,
        strings: &mut Vec<&'a str>,
        index: &mut HashMap<&'a str, u32>,
    ) -> u32 {
        match s {
            None => NONE,
            Some(s) => *index.entry(s).or_insert_with(|| {
                strings.push(s);
                (strings.len() - 1) as u32
            }),
        }
    }
    let mut body = Vec::new();
    body.extend((dict.entries.len() as u32).to_le_bytes());
    for list in &dict.entries {
        body.extend((list.len() as u32).to_le_bytes());
        for e in list {
            body.push(kind_code(e.kind));
            let ids = [
                intern(Some(e.id.as_str()), &mut strings, &mut index),
                intern(e.country.as_deref(), &mut strings, &mut index),
                intern(e.lang.as_deref(), &mut strings, &mut index),
            ];
            for i in ids {
                body.extend(i.to_le_bytes());
            }
            body.push(
                e.stem as u8
                    | (e.case_sensitive as u8) << 1
                    | (e.proper as u8) << 2
                    | (e.short as u8) << 3,
            );
        }
    }
    let mut out = Vec::with_capacity(body.len() * 2);
    out.extend(MAGIC);
    out.extend((strings.len() as u32).to_le_bytes());
    for s in &strings {
        out.extend((s.len() as u32).to_le_bytes());
        out.extend(s.as_bytes());
    }
    out.extend(body);
    out.extend(dict.automaton.serialize());
    fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    fs::File::create(&tmp)?.write_all(&out)?;
    fs::rename(&tmp, path)
}

/// A cursor over the cache bytes that fails instead of panicking on short input.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
}

/// Reads a dictionary written by [`write`]; `None` for a missing or damaged file.
pub(crate) fn read(path: &Path) -> Option<Dictionary> {
    let bytes = fs::read(path).ok()?;
    let mut r = Reader(&bytes);
    if r.take(8)? != MAGIC {
        return None;
    }
    let n_strings = r.u32()? as usize;
    let mut strings = Vec::with_capacity(n_strings.min(1 << 20));
    for _ in 0..n_strings {
        let len = r.u32()? as usize;
        strings.push(std::str::from_utf8(r.take(len)?).ok()?.to_string());
    }
    let get = |i: u32| -> Option<Option<String>> {
        if i == NONE {
            Some(None)
        } else {
            strings.get(i as usize).cloned().map(Some)
        }
    };
    let n_patterns = r.u32()? as usize;
    let mut entries = Vec::with_capacity(n_patterns.min(1 << 22));
    for _ in 0..n_patterns {
        let n = r.u32()? as usize;
        let mut list = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            let kind = kind_of(r.u8()?)?;
            let (id, country, lang) = (get(r.u32()?)??, get(r.u32()?)?, get(r.u32()?)?);
            let flags = r.u8()?;
            list.push(Entry {
                kind,
                id,
                country,
                lang,
                stem: flags & 1 != 0,
                case_sensitive: flags & 2 != 0,
                proper: flags & 4 != 0,
                short: flags & 8 != 0,
            });
        }
        entries.push(list);
    }
    let (automaton, rest) = CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(r.0).ok()?;
    if !rest.is_empty() {
        return None;
    }
    Some(Dictionary { automaton, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_damage() {
        let entries = vec![vec![Entry {
            kind: MentionKind::Person,
            id: "valery-gerasimov".into(),
            country: Some("RUS".into()),
            lang: None,
            stem: false,
            case_sensitive: false,
            proper: true,
            short: false,
        }]];
        let automaton = CharwiseDoubleArrayAhoCorasick::with_values([("герасимов", 0u32)]).unwrap();
        let dir = std::env::temp_dir().join(format!("attache-cache-test-{}", std::process::id()));
        let path = dir.join("d.bin");
        write(
            &path,
            &Dictionary {
                automaton,
                entries: entries.clone(),
            },
        )
        .unwrap();
        let back = read(&path).expect("reads back");
        assert_eq!(back.entries, entries);
        assert_eq!(
            back.automaton
                .find_iter("о герасимов")
                .next()
                .map(|m| m.value()),
            Some(0)
        );
        let mut bytes = fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 3);
        fs::write(&path, &bytes).unwrap();
        assert!(
            read(&path).is_none(),
            "a truncated file is a miss, not a panic"
        );
        fs::remove_dir_all(&dir).ok();
    }
}
