//! Canonical events: the per-document events that report one real engagement, merged across
//! articles, languages and days.
//!
//! Everything here is a pure function over plain types: the store hands in per-document events
//! as [`Member`]s and the canonical events it already holds as [`Canonical`]s, and writes back
//! what [`Merger::add`] changed. Nothing is recomputed: a new member is compared only with the
//! canonical events of its own type and set of states whose time is near its own (an ordered
//! index per key), so merging cost grows with the number of *candidates*, not the corpus.
//!
//! Two reports are of one engagement when (each test explained in [`Why`]):
//! - **type** is the same (a VISIT is never a MEETING; a MEETING with and without a date is);
//! - **status** is compatible (`occurred` and `planned` are the same engagement told before and
//!   after; `cancelled`, `denied`, `hypothetical` only merge with their own kind);
//! - **states** are the same set;
//! - **participants** overlap by knowledge-base id (not by surface). When one side names nobody,
//!   both must state a date, so that two undated exercises of the same pair never merge;
//! - **dates** are compatible: the stated ranges overlap (equal, or one inside the other), or
//!   one is unknown and the publication times are within [`CLOSE_DAYS`];
//! - **places** do not contradict (a field stated on both sides must agree).
//!
//! The canonical event takes the most precise date and place any source states; its
//! participants are the union of its sources'.

mod time;

use std::collections::{BTreeSet, HashMap};

pub use attache_core::{EventType, PartialDate, Status};
use serde::Serialize;

use time::Interval;
pub use time::{day_number, CLOSE_DAYS, OPEN_START_DAYS};

/// A place as merging sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    pub name: Option<String>,
    pub country: Option<String>,
    pub area: Option<String>,
}

impl Place {
    fn specificity(&self) -> u8 {
        self.name.is_some() as u8 * 4 + self.area.is_some() as u8 * 2 + self.country.is_some() as u8
    }

    pub fn is_empty(&self) -> bool {
        self.specificity() == 0
    }

    fn describe(&self) -> String {
        let parts: Vec<&str> = [&self.name, &self.area, &self.country]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if parts.is_empty() {
            "unstated".into()
        } else {
            parts.join(", ")
        }
    }
}

/// One per-document event, with what merging needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The store's id of the per-document event.
    pub id: u64,
    pub kind: EventType,
    pub status: Status,
    /// ISO3 codes, sorted and unique.
    pub countries: Vec<String>,
    /// Knowledge-base ids of the named participants, sorted and unique.
    pub persons: Vec<String>,
    pub date: Option<PartialDate>,
    pub date_end: Option<PartialDate>,
    /// The publication date of the member's document.
    pub published: Option<PartialDate>,
    pub place: Place,
}

/// One real engagement as the corpus knows it so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Canonical {
    pub id: u64,
    pub kind: EventType,
    pub status: Status,
    pub countries: Vec<String>,
    pub persons: Vec<String>,
    pub date: Option<PartialDate>,
    pub date_end: Option<PartialDate>,
    pub place: Place,
    /// Earliest and latest publication day ([`day_number`]) of its sources, when any is known.
    pub published: Option<(i32, i32)>,
    /// How many per-document events it merges.
    pub members: u32,
}

/// Why a member joined a canonical event, or why it founded a new one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    /// The canonical event it joined; `None` when it founded a new one.
    pub joined: Option<u64>,
    /// One line per test passed (joined) or the tests the nearest candidates failed (founded).
    pub reasons: Vec<String>,
}

/// What [`Merger::add`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub canonical: u64,
    pub created: bool,
    pub why: Why,
}

/// Canonical events are looked up by type and set of states first.
type Key = (EventType, String);

fn key_of(kind: EventType, countries: &[String]) -> Key {
    (kind, countries.join(","))
}

/// The canonical events of one key, ordered by the start of their time anchor; those whose
/// time cannot be placed (no year anywhere) are scanned every time.
#[derive(Default)]
struct KeyIndex {
    by_time: BTreeSet<(i32, u64)>,
    floating: Vec<u64>,
    /// The widest anchor in `by_time`, so that a range query also finds long events that
    /// started well before the member's time.
    max_width: i32,
}

/// The incremental merger: canonical events by key, plus the ones changed since the last
/// [`Merger::take_changed`].
#[derive(Default)]
pub struct Merger {
    canon: HashMap<u64, Canonical>,
    anchors: HashMap<u64, Option<Interval>>,
    index: HashMap<Key, KeyIndex>,
    loaded: BTreeSet<Key>,
    changed: BTreeSet<u64>,
    next_id: u64,
}

impl Merger {
    /// A merger whose new canonical events are numbered from `next_id`.
    pub fn new(next_id: u64) -> Self {
        Merger {
            next_id: next_id.max(1),
            ..Default::default()
        }
    }

    /// Whether the canonical events of this member's key have been handed in with
    /// [`Merger::load`] (the store loads each key once, on first need).
    pub fn key_loaded(&self, kind: EventType, countries: &[String]) -> bool {
        self.loaded.contains(&key_of(kind, countries))
    }

    /// Marks a key as loaded (after its canonical events were handed in).
    pub fn mark_loaded(&mut self, kind: EventType, countries: &[String]) {
        self.loaded.insert(key_of(kind, countries));
    }

    /// Hands in a canonical event the store already holds.
    pub fn load(&mut self, c: Canonical) {
        self.next_id = self.next_id.max(c.id + 1);
        self.insert(c);
    }

    pub fn get(&self, id: u64) -> Option<&Canonical> {
        self.canon.get(&id)
    }

    pub fn len(&self) -> usize {
        self.canon.len()
    }

    pub fn is_empty(&self) -> bool {
        self.canon.is_empty()
    }

    /// Drops a canonical event (the store dissolves one whose sources changed and adds its
    /// remaining members again).
    pub fn remove(&mut self, id: u64) -> Option<Canonical> {
        self.unindex(id);
        self.changed.remove(&id);
        self.canon.remove(&id)
    }

    /// The canonical events changed or created since the last call.
    pub fn take_changed(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.changed).into_iter().collect()
    }

    fn insert(&mut self, c: Canonical) {
        let id = c.id;
        let anchor = canonical_anchor(&c);
        let idx = self.index.entry(key_of(c.kind, &c.countries)).or_default();
        match anchor {
            Some(iv) => {
                idx.by_time.insert((iv.lo, id));
                idx.max_width = idx.max_width.max(iv.hi - iv.lo);
            }
            None => idx.floating.push(id),
        }
        self.anchors.insert(id, anchor);
        self.canon.insert(id, c);
    }

    fn unindex(&mut self, id: u64) {
        let Some(c) = self.canon.get(&id) else { return };
        let anchor = self.anchors.remove(&id).flatten();
        if let Some(idx) = self.index.get_mut(&key_of(c.kind, &c.countries)) {
            match anchor {
                Some(iv) => {
                    idx.by_time.remove(&(iv.lo, id));
                }
                None => idx.floating.retain(|&f| f != id),
            }
        }
    }

    /// The canonical events a member could join: same key, time anchor near its own.
    fn candidates(&self, m: &Member) -> Vec<u64> {
        let Some(idx) = self.index.get(&key_of(m.kind, &m.countries)) else {
            return Vec::new();
        };
        let mut out = idx.floating.clone();
        match member_anchor(m) {
            Some(iv) => {
                let from = iv.lo - idx.max_width - OPEN_START_DAYS - CLOSE_DAYS - 1;
                let to = iv.hi + OPEN_START_DAYS + CLOSE_DAYS + 1;
                out.extend(
                    idx.by_time
                        .range((from, 0)..(to, u64::MAX))
                        .map(|&(_, id)| id),
                );
            }
            None => out.extend(idx.by_time.iter().map(|&(_, id)| id)),
        }
        out
    }

    /// Merges one per-document event: it joins the best compatible canonical event, or founds a
    /// new one. The explanation says which tests decided.
    pub fn add(&mut self, m: &Member) -> Outcome {
        let mut best: Option<(u32, u64, Vec<String>)> = None;
        let mut rejected: Vec<String> = Vec::new();
        for id in self.candidates(m) {
            let c = &self.canon[&id];
            match compatible(c, m) {
                Ok((score, reasons)) => {
                    if best
                        .as_ref()
                        .is_none_or(|b| (score, u64::MAX - id) > (b.0, u64::MAX - b.1))
                    {
                        best = Some((score, id, reasons));
                    }
                }
                Err(reason) => {
                    if rejected.len() < 3 {
                        rejected.push(format!("not E{id}: {reason}"));
                    }
                }
            }
        }
        if let Some((_, id, reasons)) = best {
            self.unindex(id);
            let mut c = self.canon.remove(&id).expect("candidate exists");
            absorb(&mut c, m);
            self.insert(c);
            self.changed.insert(id);
            return Outcome {
                canonical: id,
                created: false,
                why: Why {
                    joined: Some(id),
                    reasons,
                },
            };
        }
        let id = self.next_id;
        self.next_id += 1;
        let c = found(id, m);
        self.insert(c);
        self.changed.insert(id);
        let mut reasons = vec![if rejected.is_empty() {
            format!(
                "first {} of {} in its time",
                m.kind.as_str(),
                m.countries.join("-")
            )
        } else {
            "no compatible canonical event".to_string()
        }];
        reasons.extend(rejected);
        Outcome {
            canonical: id,
            created: true,
            why: Why {
                joined: None,
                reasons,
            },
        }
    }
}

/// A new canonical event from its first member.
pub fn found(id: u64, m: &Member) -> Canonical {
    let mut c = Canonical {
        id,
        kind: m.kind,
        status: m.status,
        countries: m.countries.clone(),
        persons: Vec::new(),
        date: None,
        date_end: None,
        place: Place::default(),
        published: None,
        members: 0,
    };
    absorb(&mut c, m);
    c
}

/// Folds a member into a canonical event: union of participants, the most precise date bound
/// and place, the publication span. Order-independent except for exact ties.
pub fn absorb(c: &mut Canonical, m: &Member) {
    c.members += 1;
    for p in &m.persons {
        if let Err(i) = c.persons.binary_search(p) {
            c.persons.insert(i, p.clone());
        }
    }
    if m.status == Status::Occurred && c.status == Status::Planned {
        c.status = Status::Occurred;
    }
    c.date = more_precise(c.date, m.date, false);
    c.date_end = more_precise(c.date_end, m.date_end, true);
    // A year stated on one bound dates the other ("until April 19" beside "2023-04-16").
    if let (Some(s), Some(e)) = (c.date.as_mut(), c.date_end.as_mut()) {
        if e.year.is_none() && s.year.is_some() {
            e.year = s.year.map(|y| {
                if (e.month, e.day) < (s.month, s.day) {
                    y + 1
                } else {
                    y
                }
            });
        } else if s.year.is_none() && e.year.is_some() {
            s.year = e.year.map(|y| {
                if (s.month, s.day) > (e.month, e.day) {
                    y - 1
                } else {
                    y
                }
            });
        }
    }
    if m.place.specificity() > c.place.specificity() {
        let old = std::mem::replace(&mut c.place, m.place.clone());
        fill(&mut c.place, &old);
    } else {
        let new = m.place.clone();
        fill(&mut c.place, &new);
    }
    if let Some(p) = m.published.and_then(|p| time::bounds(p, p.year?)) {
        c.published = Some(match c.published {
            Some((lo, hi)) => (lo.min(p.lo), hi.max(p.lo)),
            None => (p.lo, p.lo),
        });
    }
}

fn fill(place: &mut Place, from: &Place) {
    if place.name.is_none() {
        place.name.clone_from(&from.name);
    }
    if place.country.is_none() {
        place.country.clone_from(&from.country);
    }
    if place.area.is_none() {
        place.area.clone_from(&from.area);
    }
}

/// How much a partial date says: a full date beats a month, a month beats a year, and a year
/// beats a month-day without year.
fn precision(d: &PartialDate) -> u8 {
    d.year.is_some() as u8 * 4 + d.month.is_some() as u8 * 2 + d.day.is_some() as u8
}

/// The more precise of two bounds; on a tie the earlier start (`end = false`) or the later end,
/// so that the merged range covers what every source states.
fn more_precise(a: Option<PartialDate>, b: Option<PartialDate>, end: bool) -> Option<PartialDate> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(match precision(&a).cmp(&precision(&b)) {
            std::cmp::Ordering::Greater => a,
            std::cmp::Ordering::Less => b,
            std::cmp::Ordering::Equal if end => a.max(b),
            std::cmp::Ordering::Equal => a.min(b),
        }),
    }
}

fn status_group(s: Status) -> u8 {
    match s {
        Status::Occurred | Status::Planned => 0,
        Status::Cancelled => 1,
        Status::Denied => 2,
        Status::Hypothetical => 3,
    }
}

fn show_dates(date: Option<PartialDate>, end: Option<PartialDate>) -> String {
    let s = |d: Option<PartialDate>| d.map_or("?".to_string(), |d| d.to_string());
    match (date, end) {
        (None, None) => "undated".into(),
        (d, None) => s(d),
        (d, e) => format!("{}..{}", s(d), s(e)),
    }
}

fn member_anchor(m: &Member) -> Option<Interval> {
    let hint = m.published.and_then(|p| p.year);
    Interval::of(m.date, m.date_end, m.published, hint)
        .or_else(|| m.published.and_then(|p| time::bounds(p, p.year?)))
}

fn canonical_anchor(c: &Canonical) -> Option<Interval> {
    Interval::of(c.date, c.date_end, None, canonical_year(c))
        .or(c.published.map(|(lo, hi)| Interval { lo, hi }))
}

fn canonical_year(c: &Canonical) -> Option<i16> {
    c.date
        .and_then(|d| d.year)
        .or(c.date_end.and_then(|d| d.year))
        .or_else(|| c.published.map(|(lo, _)| time::year_of(lo)))
}

/// The tests of the module documentation, in order; the score ranks compatible candidates
/// (shared participants first, then stated dates, then agreeing places).
fn compatible(c: &Canonical, m: &Member) -> Result<(u32, Vec<String>), String> {
    let mut reasons = Vec::new();
    let mut score = 0u32;
    if c.kind != m.kind {
        return Err(format!("type {} vs {}", c.kind.as_str(), m.kind.as_str()));
    }
    reasons.push(format!("same type {}", m.kind.as_str()));
    if status_group(c.status) != status_group(m.status) {
        return Err(format!("status {:?} vs {:?}", c.status, m.status).to_lowercase());
    }
    if c.countries != m.countries {
        return Err("different states".into());
    }
    reasons.push(format!("same states {}", m.countries.join(", ")));

    // Dates. A member without a year takes it from its publication date, else from the
    // canonical event (and the other way round).
    let c_year = canonical_year(c);
    let m_hint = m
        .published
        .and_then(|p| p.year)
        .or(c_year)
        .or(m.date.and_then(|d| d.year));
    let m_iv = Interval::of(m.date, m.date_end, m.published, m_hint);
    let c_iv = Interval::of(c.date, c.date_end, None, c_year.or(m_hint));
    let dated_both = match (m_iv, c_iv) {
        (Some(a), Some(b)) => {
            if !a.overlaps(&b) {
                return Err(format!(
                    "dates {} and {} do not overlap",
                    show_dates(m.date, m.date_end),
                    show_dates(c.date, c.date_end)
                ));
            }
            reasons.push(format!(
                "dates compatible: {} within or overlapping {}",
                show_dates(m.date, m.date_end),
                show_dates(c.date, c.date_end)
            ));
            true
        }
        _ => {
            // One side undated: close in publication time, or not the same as far as we know.
            let m_time = m_iv.or_else(|| m.published.and_then(|p| time::bounds(p, p.year?)));
            let c_time = match (c_iv, c.published) {
                (Some(iv), Some((lo, hi))) => Some(Interval {
                    lo: iv.lo.min(lo),
                    hi: iv.hi.max(hi),
                }),
                (Some(iv), None) => Some(iv),
                (None, Some((lo, hi))) => Some(Interval { lo, hi }),
                (None, None) => None,
            };
            match (m_time, c_time) {
                (Some(a), Some(b)) if a.distance(&b) <= CLOSE_DAYS => {
                    reasons.push(format!(
                        "date unknown on one side ({} vs {}); published within {CLOSE_DAYS} days",
                        show_dates(m.date, m.date_end),
                        show_dates(c.date, c.date_end)
                    ));
                }
                (Some(a), Some(b)) => {
                    return Err(format!(
                        "date unknown on one side and {} days apart in publication",
                        a.distance(&b)
                    ))
                }
                _ => return Err("date unknown and no publication date to compare".into()),
            }
            false
        }
    };
    if dated_both {
        score += 2;
    }

    // Participants, by knowledge-base id.
    let shared: Vec<&str> = m
        .persons
        .iter()
        .filter(|p| c.persons.binary_search(p).is_ok())
        .map(String::as_str)
        .collect();
    if !m.persons.is_empty() && !c.persons.is_empty() {
        if shared.is_empty() {
            return Err("no participant in common".into());
        }
        score += 4 * shared.len() as u32;
        reasons.push(format!("shared participants: {}", shared.join(", ")));
    } else if dated_both {
        reasons.push("participants unnamed on one side; dates stated on both".into());
    } else {
        return Err("participants unnamed on one side and a date unknown".into());
    }

    // Places: every field stated on both sides agrees.
    let (a, b) = (&m.place, &c.place);
    for (x, y, what) in [
        (&a.country, &b.country, "country"),
        (&a.name, &b.name, "place"),
        (&a.area, &b.area, "area"),
    ] {
        if let (Some(x), Some(y)) = (x, y) {
            if !x.eq_ignore_ascii_case(y) {
                return Err(format!("{what} {x} vs {y}"));
            }
            score += 1;
        }
    }
    reasons.push(if a.is_empty() || b.is_empty() {
        "place unstated on one side".to_string()
    } else {
        format!("places agree: {} ~ {}", a.describe(), b.describe())
    });
    Ok((score, reasons))
}

#[cfg(test)]
mod tests;

/// The days a canonical event covers (its stated dates, else its sources' publication span),
/// as [`day_number`]s; what `--since`/`--until` filter on.
pub fn time_span(c: &Canonical) -> Option<(i32, i32)> {
    canonical_anchor(c).map(|iv| (iv.lo, iv.hi))
}

/// The days a partial date with a year covers (`2023-01` → January 2023).
pub fn date_span(d: PartialDate) -> Option<(i32, i32)> {
    time::bounds(d, d.year?).map(|iv| (iv.lo, iv.hi))
}

/// CAMEO and PLOVER codes of an engagement, per the table of PRODUCT.md (which follows
/// `CAMEO2PLOVER-2021.txt`), so exports join GDELT/ICEWS/POLECAT-based work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Codes {
    pub cameo: &'static str,
    pub plover: &'static str,
    pub plover_mode: Option<&'static str>,
    pub plover_context: Option<&'static str>,
}

/// `place_country` outside `countries` makes a MEETING one "at a third location" (044).
pub fn codes(
    kind: EventType,
    status: Status,
    countries: &[String],
    place_country: Option<&str>,
) -> Codes {
    let c = |cameo, plover, mode, context| Codes {
        cameo,
        plover,
        plover_mode: mode,
        plover_context: context,
    };
    match kind {
        EventType::Meeting => {
            let third = place_country.is_some_and(|p| !countries.iter().any(|c| c == p));
            c(if third { "044" } else { "040" }, "CONSULT", None, None)
        }
        EventType::Visit => c("042", "CONSULT", Some("visit"), None),
        EventType::Call => c("041", "CONSULT", Some("phone"), None),
        EventType::Exercise | EventType::Patrol => c("062", "COOPERATE", None, Some("military")),
        EventType::Agreement if status == Status::Planned => {
            c("0312", "AGREE", None, Some("military"))
        }
        EventType::Agreement => c("057", "SUPPORT", None, Some("military")),
        EventType::Invitation => c("036", "AGREE", None, None),
        EventType::PortCall => c("042", "CONSULT", Some("visit"), Some("military")),
        // Donation (072) and sale (062) are not told apart yet; 072 is CAMEO's military aid.
        EventType::ArmsTransfer => c("072", "AID", None, Some("military")),
    }
}
