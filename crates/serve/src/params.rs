//! Query strings, parsed by hand so that every way a parameter can be wrong gets its own
//! 400 message naming the parameter: bad percent-encoding, invalid UTF-8, an unknown name
//! (a typo must not silently widen the result), an unknown state, type or status, an
//! unparsable or inverted date range, a page out of range.

use std::collections::BTreeMap;

use attache_core::{EventType, PartialDate};
use attache_store::Query;

/// The largest page the API serves: bigger asks are refused, not truncated, so a client
/// never mistakes a cut page for the whole.
pub const MAX_PER_PAGE: u64 = 500;
pub const DEFAULT_PER_PAGE: u64 = 50;
/// No value (names, search text) is longer than this.
const MAX_VALUE_CHARS: usize = 300;
/// page × per_page beyond this is refused (OFFSET that large is a scan of nothing).
const MAX_OFFSET: u64 = 100_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub parameter: Option<String>,
    pub message: String,
}

fn err(p: &str, message: String) -> ParamError {
    ParamError {
        parameter: Some(p.to_string()),
        message,
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `application/x-www-form-urlencoded` decoding of one name or value into bytes.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hi = b.get(i + 1).copied().and_then(hex)?;
                let lo = b.get(i + 2).copied().and_then(hex)?;
                out.push(hi * 16 + lo);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Name → value of a query string, every name checked against `allowed`. Empty values count as
/// absent (an HTML form sends its empty fields).
pub fn parse_query(
    raw: Option<&str>,
    allowed: &[&str],
) -> Result<BTreeMap<String, String>, ParamError> {
    let mut out = BTreeMap::new();
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(k)
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| ParamError {
                parameter: None,
                message: format!("the parameter name {k:?} is not valid percent-encoded UTF-8"),
            })?;
        if !allowed.contains(&name.as_str()) {
            return Err(err(
                &name,
                format!(
                    "unknown parameter {name:?}; this endpoint takes {}",
                    if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ),
            ));
        }
        let bytes = percent_decode(v)
            .ok_or_else(|| err(&name, format!("{name}: bad percent-encoding in {v:?}")))?;
        let value = String::from_utf8(bytes)
            .map_err(|_| err(&name, format!("{name}: the value is not valid UTF-8")))?;
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(err(
                &name,
                format!("{name}: longer than {MAX_VALUE_CHARS} characters"),
            ));
        }
        if value.chars().any(|c| c.is_control()) {
            return Err(err(&name, format!("{name}: control characters")));
        }
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        if out.insert(name.clone(), value).is_some() {
            return Err(err(&name, format!("{name}: given more than once")));
        }
    }
    Ok(out)
}

/// The event filters of `/api/events` (and of the timeline, network and exports), validated.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub query: Query,
    pub page: u64,
    pub per_page: u64,
}

pub const FILTER_PARAMS: [&str; 8] = [
    "country", "with", "type", "person", "since", "until", "status", "q",
];

/// Parses one page number or size.
fn number(
    p: &BTreeMap<String, String>,
    name: &str,
    default: u64,
    max: u64,
) -> Result<u64, ParamError> {
    match p.get(name) {
        None => Ok(default),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(err(
                name,
                format!("{name}={v:?}: expected a whole number from 1 to {max}"),
            )),
        },
    }
}

fn date_bound(p: &BTreeMap<String, String>, name: &str) -> Result<Option<(i32, i32)>, ParamError> {
    let Some(v) = p.get(name) else {
        return Ok(None);
    };
    PartialDate::parse(v)
        .filter(|d| d.year.is_some() && v.len() <= 10)
        .and_then(attache_corpus::date_span)
        .map(Some)
        .ok_or_else(|| {
            err(
                name,
                format!("{name}={v:?}: expected a date like 2023, 2023-04 or 2023-04-16"),
            )
        })
}

impl EventFilter {
    /// `known_state` says whether an ISO3 code names a state (the knowledge base's, else the
    /// store's).
    pub fn parse(
        p: &BTreeMap<String, String>,
        known_state: &dyn Fn(&str) -> bool,
    ) -> Result<EventFilter, ParamError> {
        let mut q = Query::default();
        for name in ["country", "with"] {
            if let Some(v) = p.get(name) {
                let code = v.to_uppercase();
                if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(err(
                        name,
                        format!("{name}={v:?}: expected an ISO 3166-1 alpha-3 code like RUS"),
                    ));
                }
                if !known_state(&code) {
                    return Err(err(name, format!("{name}={v:?}: unknown state code")));
                }
                if name == "country" {
                    q.country = Some(code);
                } else {
                    q.with = Some(code);
                }
            }
        }
        if let Some(v) = p.get("type") {
            let t = EventType::parse(&v.to_uppercase()).ok_or_else(|| {
                err(
                    "type",
                    format!(
                        "type={v:?}: expected one of {}",
                        EventType::ALL.map(|t| t.as_str()).join(", ")
                    ),
                )
            })?;
            q.kind = Some(t.as_str().to_string());
        }
        if let Some(v) = p.get("status") {
            const STATUSES: [&str; 5] =
                ["occurred", "planned", "cancelled", "denied", "hypothetical"];
            let s = v.to_lowercase();
            if !STATUSES.contains(&s.as_str()) {
                return Err(err(
                    "status",
                    format!("status={v:?}: expected one of {}", STATUSES.join(", ")),
                ));
            }
            q.status = Some(s);
        }
        let since = date_bound(p, "since")?;
        let until = date_bound(p, "until")?;
        if let (Some((lo, _)), Some((_, hi))) = (since, until) {
            if lo > hi {
                return Err(err(
                    "until",
                    format!(
                        "inverted date range: since={} is after until={}",
                        p["since"], p["until"]
                    ),
                ));
            }
        }
        q.since = p.get("since").cloned();
        q.until = p.get("until").cloned();
        q.person = p.get("person").cloned();
        if let Some(t) = p.get("q") {
            if t.chars().count() < 3 {
                return Err(err("q", format!("q={t:?}: give at least 3 characters")));
            }
            q.search = Some(t.clone());
        }
        let page = number(p, "page", 1, MAX_OFFSET)?;
        let per_page = number(p, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?;
        if (page - 1).saturating_mul(per_page) > MAX_OFFSET {
            return Err(err("page", format!("page={page}: beyond the last event")));
        }
        Ok(EventFilter {
            query: q,
            page,
            per_page,
        })
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<EventFilter, ParamError> {
        let mut allowed = FILTER_PARAMS.to_vec();
        allowed.extend(["page", "per_page"]);
        let p = parse_query(Some(s), &allowed)?;
        EventFilter::parse(&p, &|c| c == "RUS" || c == "CHN")
    }

    #[test]
    fn good_filters() {
        let f = parse("country=rus&with=CHN&type=visit&since=2023-01&until=2023&page=2&per_page=10&q=%D0%9C%D0%B8%D0%BD")
            .unwrap();
        assert_eq!(f.query.country.as_deref(), Some("RUS"));
        assert_eq!(f.query.kind.as_deref(), Some("VISIT"));
        assert_eq!(f.query.search.as_deref(), Some("Мин"));
        assert_eq!(f.offset(), 10);
        assert_eq!(parse("country=&q=").unwrap().query.country, None);
    }

    #[test]
    fn bad_filters_name_their_parameter() {
        for (q, p) in [
            ("country=XYZ", "country"),
            ("country=RU", "country"),
            ("with=R%27%3B--", "with"),
            ("type=PARADE", "type"),
            ("status=maybe", "status"),
            ("since=2024&until=2023", "until"),
            ("since=yesterday", "since"),
            ("per_page=100000", "per_page"),
            ("per_page=0", "per_page"),
            ("page=-1", "page"),
            ("page=99999999999999999999999", "page"),
            ("q=%FF%FE", "q"),
            ("q=ab", "q"),
            ("q=%ZZ", "q"),
            ("cuntry=RUS", "cuntry"),
            ("country=RUS&country=CHN", "country"),
        ] {
            let e = parse(q).unwrap_err();
            assert_eq!(e.parameter.as_deref(), Some(p), "{q}: {e:?}");
        }
        // SQL metacharacters in free text are just text.
        let f = parse("q=%27%3B%20DROP%20TABLE%20documents%3B--&person=a%25_%5C").unwrap();
        assert_eq!(
            f.query.search.as_deref(),
            Some("'; DROP TABLE documents;--")
        );
    }
}
