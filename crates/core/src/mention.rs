use crate::Span;

/// Something the knowledge base recognised in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
    /// What it refers to: an ISO3 code for states, a person, role, place, area, organisation
    /// or exercise id, or a lexicon key (`MEETING`, `planned`, …) for words of a language.
    pub id: String,
    /// The state the mention belongs to, when it has one (a person's, a city's, an army's).
    pub country: Option<String>,
    /// 1.0 for an exact dictionary match; lower for inflected, fuzzy or short-form matches.
    pub confidence: f32,
}

/// The kinds of things mentions point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionKind {
    /// A state by its name.
    State,
    /// A state by an adjective or demonym ("Russian").
    StateAdjective,
    /// A state by a metonym for its government ("the Kremlin").
    StateMetonym,
    Person,
    Role,
    Organisation,
    Place,
    Area,
    Exercise,
    /// An event trigger word; `id` is the event type.
    Trigger,
    /// A status, mode or context cue word; `id` is the cue name.
    Cue,
}
