use serde::Serialize;

use crate::{PartialDate, Span};

/// The engagement types of PRODUCT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    Meeting,
    Visit,
    Call,
    Exercise,
    Patrol,
    Agreement,
    Invitation,
    PortCall,
    ArmsTransfer,
}

impl EventType {
    pub const ALL: [EventType; 9] = [
        EventType::Meeting,
        EventType::Visit,
        EventType::Call,
        EventType::Exercise,
        EventType::Patrol,
        EventType::Agreement,
        EventType::Invitation,
        EventType::PortCall,
        EventType::ArmsTransfer,
    ];

    /// The upper-case name used in data files and output (`PORT_CALL`).
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Meeting => "MEETING",
            EventType::Visit => "VISIT",
            EventType::Call => "CALL",
            EventType::Exercise => "EXERCISE",
            EventType::Patrol => "PATROL",
            EventType::Agreement => "AGREEMENT",
            EventType::Invitation => "INVITATION",
            EventType::PortCall => "PORT_CALL",
            EventType::ArmsTransfer => "ARMS_TRANSFER",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Whether the engagement happened. Only `Occurred` and `Planned` are engagements; the others
/// are kept so that a reader can see why something was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Occurred,
    Planned,
    Cancelled,
    Denied,
    Hypothetical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    InPerson,
    Phone,
    Video,
    Air,
    Naval,
    Land,
}

/// How the date was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    Explicit,
    RelativeToPublication,
    InferredYear,
    FromName,
}

/// One person (or unnamed official) taking part in an engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Participant {
    /// Canonical English name; `None` for an official the text introduces only by role.
    pub name: Option<String>,
    /// The text's own spelling (`None` when resolved from role + date).
    pub surface: Option<String>,
    pub role: Option<String>,
    pub country: Option<String>,
    /// `Some(false)` when the name was resolved from role + state + date, not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_in_text: Option<bool>,
    /// The knowledge-base id of the person, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Location {
    pub name: Option<String>,
    pub country: Option<String>,
    pub area: Option<String>,
}

/// A piece of text that states the event, in **character** offsets into the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Evidence {
    /// Converts a byte span of `text` into character offsets. `chars_before` is the number of
    /// characters in `text[..span.start]` when the caller already knows it (pass `None` to
    /// count).
    pub fn from_span(text: &str, span: Span) -> Self {
        let start = text[..span.start].chars().count();
        let slice = span.slice(text);
        let end = start + slice.chars().count();
        Evidence {
            start,
            end,
            text: slice.to_string(),
        }
    }
}

/// One engagement as one document reports it: the extraction output contract of PRODUCT.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub doc_id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub status: Status,
    /// ISO 3166-1 alpha-3 of the states engaged, sorted and unique.
    pub countries: Vec<String>,
    pub participants: Vec<Participant>,
    pub date: Option<PartialDate>,
    pub date_end: Option<PartialDate>,
    pub date_basis: Option<DateBasis>,
    /// Why `date` is null, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_reason: Option<String>,
    pub mode: Option<Mode>,
    pub location: Option<Location>,
    pub evidence: Vec<Evidence>,
    pub confidence: f32,
    /// Exercise or agreement name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inviter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_hours: Option<f32>,
}
