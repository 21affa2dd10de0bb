use std::collections::BTreeMap;

use serde::Deserialize;

/// Everything attache knows about one language: `data/lang/<code>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Lexicon {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub morphology: Morphology,
    /// Event type (`MEETING`, …, plus `CALL_VIDEO`) → trigger words.
    #[serde(default)]
    pub triggers: BTreeMap<String, Vec<String>>,
    /// Cue name (`planned`, `joint`, `naval`, …) → words.
    #[serde(default)]
    pub cues: BTreeMap<String, Vec<String>>,
    /// Role id → titles.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub dates: DateWords,
    #[serde(default)]
    pub segmentation: Segmentation,
    /// Visit words that name the destination (`방한` = a visit to Korea) → its ISO3 code.
    #[serde(default)]
    pub visit_destinations: BTreeMap<String, String>,
    /// Two-state abbreviations (`한미`, `日比`, `中俄`) → the two ISO3 codes.
    #[serde(default)]
    pub state_pairs: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub boilerplate: Boilerplate,
}

/// Sentence segmentation hints.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Segmentation {
    /// Words that end in a period without ending the sentence (`Gen.`, `Sept.`).
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

/// How words attach to names in this language.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Morphology {
    #[serde(default)]
    pub prefixes: Vec<String>,
    #[serde(default)]
    pub suffixes: Vec<String>,
    #[serde(default)]
    pub no_spaces: bool,
    /// Trigger words may end a compound word (German `Antrittsbesuch`, `Staatsbesuch`).
    #[serde(default)]
    pub compounds: bool,
    /// The verb comes last (ja, ko, hi, bn, tr, fa): status and negation words follow the
    /// event word instead of preceding it.
    #[serde(default)]
    pub verb_final: bool,
}

/// Month, weekday and relative-date words.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DateWords {
    #[serde(default)]
    pub order: Option<String>,
    #[serde(default)]
    pub months: Vec<Vec<String>>,
    #[serde(default)]
    pub weekdays: Vec<Vec<String>>,
    #[serde(flatten)]
    pub words: BTreeMap<String, toml::Value>,
}

impl DateWords {
    /// Era names with the Gregorian year of their first year (`令和` → 2019).
    pub fn eras(&self) -> Vec<(String, i32)> {
        match self.words.get("eras") {
            Some(toml::Value::Table(t)) => t
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_integer()? as i32)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A yes/no setting under `key` (`numeric_day_month = true`); absent is no.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.words.get(key), Some(toml::Value::Boolean(true)))
    }

    /// A list of word lists under `key` (`solar_hijri_months`: twelve lists of names).
    pub fn lists(&self, key: &str) -> Vec<Vec<String>> {
        match self.words.get(key) {
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(|v| match v {
                    toml::Value::Array(inner) => inner
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect(),
                    toml::Value::String(s) => vec![s.clone()],
                    _ => Vec::new(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The words listed under `key` (`today`, `last_week`, `numbers`, …).
    pub fn list(&self, key: &str) -> Vec<String> {
        match self.words.get(key) {
            Some(toml::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(toml::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Boilerplate {
    #[serde(default)]
    pub markers: Vec<String>,
}
