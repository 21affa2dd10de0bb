//! From a cleaned document to the engagements it reports.
//!
//! Per sentence: the trigger words of the block's language say what kind of engagement is
//! stated; the mentions around them say who (participants and their states), where and when;
//! the cue words say whether it happened, is planned, or is not an engagement at all. Events of
//! one document that describe the same engagement (a headline restating the lead) are merged.

pub mod dates;
mod extract;
mod merge;
pub mod segment;

pub use extract::Extractor;
