//! Reading, cleaning, language identification and publication dates: everything between the
//! bytes of an input and a [`attache_core::Document`] whose blocks say which text is article.
//!
//! Invariant: the text of a document is never edited after it is read. Cleaning marks blocks;
//! it does not delete them, so every later offset indexes the text as read.

pub mod clean;
pub mod lang;
pub mod pubdate;
pub mod read;

pub use clean::{html_to_text, mark_blocks, CleanConfig, HtmlText};
pub use read::{read_inputs, Body, RawDoc, ReadError, ReadOptions};

use attache_core::Document;

/// Turns a raw input into a cleaned, language-tagged, dated document.
pub fn prepare(raw: RawDoc, config: &CleanConfig) -> Document {
    let (text, html_meta) = match raw.body {
        Body::Text(t) => (t, None),
        Body::Html(h) => {
            let out = html_to_text(&h, raw.url.as_deref());
            (out.text.clone(), Some(out))
        }
    };
    let title = raw
        .title
        .or_else(|| html_meta.as_ref().and_then(|m| m.title.clone()));
    let mut doc = Document {
        id: raw.id,
        url: raw.url,
        title,
        text,
        ..Document::default()
    };
    doc.blocks = mark_blocks(&doc.text, config);
    doc.lang = match raw.lang {
        Some(l) if !l.trim().is_empty() => Some(l.trim().to_lowercase()),
        _ => lang::document_language_of_sample(&doc.text, &doc.blocks),
    };
    lang::tag_blocks(&doc.text, &mut doc.blocks, doc.lang.as_deref());
    clean::mark_foreign(&doc.text, &mut doc.blocks, doc.lang.as_deref());
    doc.published = raw
        .published
        .as_deref()
        .and_then(pubdate::from_metadata)
        .or_else(|| {
            html_meta
                .as_ref()
                .and_then(|m| m.published.as_deref())
                .and_then(pubdate::from_metadata)
        })
        .or_else(|| doc.url.as_deref().and_then(pubdate::from_url))
        .or_else(|| pubdate::from_dateline(&doc.text, &config.months, &config.eras));
    doc
}
