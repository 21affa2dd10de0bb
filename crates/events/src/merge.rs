//! One event per real engagement per document: merging restatements.

use attache_core::{Event, Status};

/// Whether two events of one document can be the same engagement: same type and states, dates
/// that do not contradict, and no state whose named officials differ between the two (Li
/// meeting Putin and Li meeting Shoigu are two meetings; Li's visit and Xi's are two visits).
fn same_engagement(a: &Event, b: &Event) -> bool {
    if a.kind != b.kind {
        return false;
    }
    if a.countries != b.countries {
        // "Putin and Kim talked at China's summit" and "Putin met Kim": the extra state of one
        // report is where it happened. The same named officials make it the same engagement.
        let (small, large) = if a.countries.len() < b.countries.len() {
            (a, b)
        } else {
            (b, a)
        };
        let subset = small.countries.len() >= 2
            && small.countries.iter().all(|c| large.countries.contains(c));
        let names = |e: &Event| {
            e.participants
                .iter()
                .filter_map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        let shared = names(small)
            .iter()
            .filter(|n| names(large).contains(n))
            .count();
        // The extra state must be a bare name (a place), not a party with its own official.
        let extra_has_official = large.participants.iter().any(|p| {
            p.name.is_some()
                && p.country
                    .as_ref()
                    .is_some_and(|c| !small.countries.contains(c))
        });
        if !subset || shared < 1 || extra_has_official {
            return false;
        }
    }
    if let (Some(x), Some(y)) = (a.date, b.date) {
        // Dates contradict when they differ at the precision both state: 2018-10 and
        // 2019-05-22 are two engagements, 2019-05 and 2019-05-22 may be one.
        let differ =
            |p: Option<i16>, q: Option<i16>| matches!((p, q), (Some(p), Some(q)) if p != q);
        let contradict = differ(x.year, y.year)
            || differ(x.month.map(i16::from), y.month.map(i16::from))
            || differ(x.day.map(i16::from), y.day.map(i16::from));
        if contradict && !within(a, y) && !within(b, x) {
            return false;
        }
    }
    {
        for country in &a.countries {
            let names = |e: &Event| -> Vec<String> {
                e.participants
                    .iter()
                    .filter(|p| p.country.as_ref() == Some(country))
                    .filter_map(|p| p.name.clone())
                    .collect()
            };
            let (na, nb) = (names(a), names(b));
            if !na.is_empty() && !nb.is_empty() && !na.iter().any(|n| nb.contains(n)) {
                return false;
            }
        }
    }
    true
}

fn within(e: &Event, d: attache_core::PartialDate) -> bool {
    match (e.date, e.date_end) {
        (Some(s), Some(end)) => s <= d && d <= end,
        _ => false,
    }
}

/// An engagement announced and reported in one article ("will take part" and "arrived") is one
/// engagement; a cancelled or denied one stays apart from one that happened.
fn compatible_status(a: &Event, b: &Event) -> bool {
    let engagement = |e: &Event| matches!(e.status, Status::Occurred | Status::Planned);
    a.status == b.status || (engagement(a) && engagement(b))
}

/// Folds `b` into `a`: union of participants, the more precise date and place, both evidences.
fn absorb(a: &mut Event, b: Event) {
    if b.countries.len() < a.countries.len() {
        a.countries = b.countries.clone();
    }
    if b.status == Status::Occurred {
        a.status = Status::Occurred;
    }
    for p in b.participants {
        let dup = a.participants.iter().any(|q| {
            (q.name.is_some() && q.name == p.name)
                || (q.name.is_none()
                    && p.name.is_none()
                    && q.role == p.role
                    && q.country == p.country)
        });
        if !dup {
            a.participants.push(p);
        }
    }
    let precision = |d: Option<attache_core::PartialDate>| {
        d.map_or(0, |d| {
            d.year.is_some() as u8 * 4 + d.month.is_some() as u8 * 2 + d.day.is_some() as u8
        })
    };
    let b_range = b.date.is_some() && b.date_end.is_some();
    let a_range = a.date.is_some() && a.date_end.is_some();
    if precision(b.date) > precision(a.date)
        || (precision(b.date) == precision(a.date) && b_range && !a_range)
    {
        a.date = b.date;
        a.date_basis = b.date_basis;
        a.date_reason = None;
        if b.date_end.is_some() {
            a.date_end = b.date_end;
        }
    } else if a.date_end.is_none() && b.date_end.is_some() && (a.date.is_none() || a.date == b.date)
    {
        a.date_end = b.date_end;
    }
    match (&mut a.location, b.location) {
        (None, Some(l)) => a.location = Some(l),
        (Some(la), Some(lb)) => {
            if la.name.is_none() && lb.name.is_some() {
                la.name = lb.name;
                la.country = lb.country.or(la.country.take());
            }
            if la.area.is_none() {
                la.area = lb.area;
            }
        }
        _ => {}
    }
    if a.name.is_none() {
        a.name = b.name;
    }
    if a.mode.is_none() {
        a.mode = b.mode;
    }
    if a.duration_hours.is_none() {
        a.duration_hours = b.duration_hours;
    }
    for ev in b.evidence {
        if !a.evidence.contains(&ev) {
            a.evidence.push(ev);
        }
    }
    a.confidence = (a.confidence.max(b.confidence) + 0.05).min(0.99);
}

/// Merges restatements, keeping the order of first mention.
pub fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match out
            .iter_mut()
            .find(|x| compatible_status(x, &e) && same_engagement(x, &e))
        {
            Some(x) => absorb(x, e),
            None => out.push(e),
        }
    }
    out
}
