//! Plain data types that flow between attache's stages.
//!
//! Every stage takes and returns these types; none of them does I/O. The one invariant that
//! every stage keeps: **spans index the document text as read** (for HTML, the extracted main
//! text). Inside the pipeline a [`Span`] holds byte offsets; at the output edge
//! [`Evidence::from_span`] turns them into character offsets, so that for every evidence
//! `text.chars().skip(start).take(end - start)` equals `evidence.text`.

pub mod calendar;
mod date;
mod document;
mod event;
mod mention;
mod span;

pub use date::PartialDate;
pub use document::{Block, BlockKind, Document};
pub use event::{DateBasis, Event, EventType, Evidence, Location, Mode, Participant, Status};
pub use mention::{Mention, MentionKind};
pub use span::Span;
