use std::collections::BTreeMap;

use serde::Deserialize;

use crate::tenure::DateBound;

/// A state: ISO code, canonical English name, and what news calls it in each language.
#[derive(Debug, Clone, Deserialize)]
pub struct State {
    pub iso3: String,
    pub name: String,
    #[serde(default)]
    pub capital: Option<String>,
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub adjectives: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub metonyms: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Role {
    pub id: String,
    pub title: String,
    #[serde(default = "default_rank")]
    pub rank: u8,
}

fn default_rank() -> u8 {
    50
}

/// An official and the offices they held.
#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub country: String,
    #[serde(default)]
    pub names: Vec<String>,
    /// Ambiguous short forms, matched only after a full name of the same person.
    #[serde(default)]
    pub short: Vec<String>,
    #[serde(default)]
    pub roles: Vec<RoleTenure>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RoleTenure {
    pub role: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

impl RoleTenure {
    /// Whether the tenure covers the day `(y, m, d)`. Unknown bounds are open.
    pub fn covers(&self, y: i16, m: u8, d: u8) -> bool {
        let start_ok = self
            .start
            .as_deref()
            .and_then(DateBound::parse)
            .is_none_or(|b| b.first() <= (y, m, d));
        let end_ok = self
            .end
            .as_deref()
            .and_then(DateBound::parse)
            .is_none_or(|b| (y, m, d) <= b.last());
        start_ok && end_ok
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Area {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Exercise {
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default = "default_exercise_kind")]
    pub kind: String,
    #[serde(default)]
    pub mode: Option<String>,
}

fn default_exercise_kind() -> String {
    "exercise".into()
}

/// A city from the gazetteer.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub country: String,
    pub population: u64,
    pub aliases: Vec<String>,
}
