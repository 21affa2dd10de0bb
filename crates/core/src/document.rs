use crate::{PartialDate, Span};

/// One input document after reading and cleaning.
///
/// `text` is the text as read (for HTML: the extracted main text). Cleaning never edits it: it
/// only marks [`Block`]s as boilerplate, so every offset still indexes `text`.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The input's own id (JSONL `id`), else the file name without extension, else a content hash.
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// Publication date from metadata, the URL or a dateline; `None` when nothing states it.
    pub published: Option<PartialDate>,
    /// Dominant language of the content (ISO 639-1), when identified.
    pub lang: Option<String>,
    /// Paragraph-level blocks covering the text, in order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The blocks that carry article text (not boilerplate).
    pub fn content_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Content)
    }
}

/// A paragraph (or line) of a document, with its language and whether it is article text.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
    pub lang: Option<String>,
}

/// Why a block is, or is not, read for events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Content,
    /// Script, style or ad code (`adUnits.push({...})`).
    Code,
    /// Page furniture: "Related news", newsletter prompts, copyright lines, link lists.
    Furniture,
    /// Text in a language or script unrelated to the article (spam, site ads).
    Foreign,
    /// A block that repeats an earlier block verbatim.
    Duplicate,
}
