//! Inputs to raw documents: files, directories (recursively), standard input; plain text, HTML
//! and JSON Lines. Every failure names its input (and line, for JSON Lines) and the batch goes
//! on.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The body of a document before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Text(String),
    Html(String),
}

/// A document as read, before cleaning.
#[derive(Debug, Clone)]
pub struct RawDoc {
    pub id: String,
    /// Where it came from: a path, `path:line` for JSON Lines, or `-` for standard input.
    pub origin: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub body: Body,
    pub published: Option<String>,
    pub lang: Option<String>,
}

/// Why an input (or one line of it) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{input}: cannot read: {source}")]
    Io {
        input: String,
        source: std::io::Error,
    },
    #[error(
        "{input}: binary data (NUL byte at offset {offset}); expected text, HTML or JSON Lines"
    )]
    Binary { input: String, offset: usize },
    #[error("{input}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { input: String, offset: usize },
    #[error("{input}: {size} bytes is over the limit of {limit} bytes per input")]
    TooLarge {
        input: String,
        size: u64,
        limit: u64,
    },
    #[error("{input}: empty")]
    Empty { input: String },
    #[error("{input}: directory holds no files")]
    EmptyDir { input: String },
    #[error("{input}:{line}: {message}")]
    JsonLine {
        input: String,
        line: usize,
        message: String,
    },
}

/// Limits on what is read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Inputs larger than this are refused before they are read.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// A JSON Lines record: `id, url, title, text|html, published, lang`.
#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// Reads every input, calling `sink` once per document or error, in a stable order
/// (directories are walked in sorted order).
pub fn read_inputs(
    inputs: &[String],
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Result<RawDoc, ReadError>),
) {
    for input in inputs {
        if input == "-" {
            read_stdin(opts, sink);
            continue;
        }
        let path = PathBuf::from(input);
        match fs::metadata(&path) {
            Err(source) => sink(Err(ReadError::Io {
                input: input.clone(),
                source,
            })),
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                if let Err(e) = walk(&path, &mut files) {
                    sink(Err(e));
                }
                if files.is_empty() {
                    sink(Err(ReadError::EmptyDir {
                        input: input.clone(),
                    }));
                }
                for f in files {
                    read_file(&f, opts, sink);
                }
            }
            Ok(_) => read_file(&path, opts, sink),
        }
    }
}

/// Collects regular files under `dir`, sorted; hidden entries and symlinked directories are
/// skipped (no loops).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let io = |source| ReadError::Io {
        input: dir.display().to_string(),
        source,
    };
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk(&p, out)?;
        } else if meta.is_file() || (meta.file_type().is_symlink() && p.is_file()) {
            out.push(p);
        }
    }
    Ok(())
}

fn read_stdin(opts: &ReadOptions, sink: &mut dyn FnMut(Result<RawDoc, ReadError>)) {
    let mut bytes = Vec::new();
    let limit = opts.max_bytes;
    let res = std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes);
    if let Err(source) = res {
        return sink(Err(ReadError::Io {
            input: "-".into(),
            source,
        }));
    }
    if bytes.len() as u64 > limit {
        return sink(Err(ReadError::TooLarge {
            input: "-".into(),
            size: bytes.len() as u64,
            limit,
        }));
    }
    parse_bytes("-", None, bytes, sink);
}

fn read_file(path: &Path, opts: &ReadOptions, sink: &mut dyn FnMut(Result<RawDoc, ReadError>)) {
    let input = path.display().to_string();
    let size = match fs::metadata(path) {
        Ok(m) => m.len(),
        Err(source) => return sink(Err(ReadError::Io { input, source })),
    };
    if size > opts.max_bytes {
        return sink(Err(ReadError::TooLarge {
            input,
            size,
            limit: opts.max_bytes,
        }));
    }
    match fs::read(path) {
        Ok(bytes) => parse_bytes(&input, Some(path), bytes, sink),
        Err(source) => sink(Err(ReadError::Io { input, source })),
    }
}

/// A short, stable content hash used as an id when the input has none.
pub fn content_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn to_text(input: &str, bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty {
            input: input.to_string(),
        });
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(ReadError::Binary {
            input: input.to_string(),
            offset,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
        input: input.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

fn parse_bytes(
    input: &str,
    path: Option<&Path>,
    bytes: Vec<u8>,
    sink: &mut dyn FnMut(Result<RawDoc, ReadError>),
) {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let stem = path
        .and_then(|p| p.file_stem())
        .and_then(|s| s.to_str())
        .map(str::to_string);
    let hash = content_id(&bytes);
    let text = match to_text(input, bytes) {
        Ok(t) => t,
        Err(e) => return sink(Err(e)),
    };
    let is_jsonl = matches!(ext.as_deref(), Some("jsonl" | "ndjson"))
        || (ext.is_none() && text.trim_start().starts_with('{'));
    if is_jsonl {
        return parse_jsonl(input, &text, sink);
    }
    let html = matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) || looks_like_html(&text);
    let body = if html {
        Body::Html(text)
    } else {
        Body::Text(text)
    };
    let id = stem.unwrap_or_else(|| format!("stdin-{hash}"));
    sink(Ok(RawDoc {
        id,
        origin: input.to_string(),
        url: None,
        title: None,
        body,
        published: None,
        lang: None,
    }));
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.starts_with("<?xml")
}

fn parse_jsonl(input: &str, text: &str, sink: &mut dyn FnMut(Result<RawDoc, ReadError>)) {
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| ReadError::JsonLine {
            input: input.to_string(),
            line: line_no,
            message,
        };
        let rec: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                sink(Err(err(format!("malformed JSON: {e}"))));
                continue;
            }
        };
        let body = match (rec.text, rec.html) {
            (Some(t), _) if !t.trim().is_empty() => Body::Text(t),
            (_, Some(h)) if !h.trim().is_empty() => Body::Html(h),
            _ => {
                sink(Err(err("record has neither `text` nor `html`".into())));
                continue;
            }
        };
        let (Body::Text(t) | Body::Html(t)) = &body;
        if t.contains('\0') {
            sink(Err(err("NUL character in the record's text".into())));
            continue;
        }
        let id = match rec.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => content_id(line.as_bytes()),
        };
        sink(Ok(RawDoc {
            id,
            origin: format!("{input}:{line_no}"),
            url: rec.url,
            title: rec.title,
            body,
            published: rec.published,
            lang: rec.lang,
        }));
    }
}
