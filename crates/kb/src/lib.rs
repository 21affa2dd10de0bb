//! The knowledge attache reads with, loaded from `data/` and validated.
//!
//! Nothing in this crate knows a name, a title or a word: it only knows the *shape* of the data
//! files (documented in `data/README.md`) and answers lookups over them. The one rule of the
//! road: a data error names the file and, where it can, the entry.

mod error;
mod lang;
mod load;
mod model;
mod tenure;

pub use error::KbError;
pub use lang::{DateWords, Lexicon, Morphology, Segmentation};
pub use load::{default_data_dir, Kb};
pub use model::{Area, Exercise, Organisation, Person, Place, Role, RoleTenure, State};
pub use tenure::DateBound;
