//! Finding what the knowledge base knows in text of any script.
//!
//! Text and dictionary entries go through the same [`normalize::fold`] (compatibility forms,
//! case, Latin and Cyrillic accents, Arabic letter variants), with an offset map back to the
//! text as read. One Aho-Corasick automaton holds every entry; each hit is then checked against
//! the word boundaries of its script and the inflection of its block's language (suffixes and
//! clitic prefixes from `data/lang`). Capitalised Latin words that match nothing are tried
//! against officials' surnames on a transliterated key ([`fuzzy`]).

pub mod cache;
pub mod fuzzy;
mod matcher;
pub mod normalize;

pub use matcher::{DocMemory, Matcher, MatcherStats};
