//! Partial dates as day intervals, so that "2023-04", "2023-04-16..2023-04-19" and "until
//! April 19" can be compared.

use attache_core::PartialDate;

/// An event reported only by its end ("until April 19") is assumed to have started at most this
/// many days before: long enough for any visit or exercise, short enough that last month's visit
/// of the same pair stays apart.
pub const OPEN_START_DAYS: i32 = 14;

/// Two reports of which one is undated are of the same engagement only if they were published
/// (or the dated one happened) within this many days of each other.
pub const CLOSE_DAYS: i32 = 7;

/// Days since 1970-01-01 of a civil date, so that day arithmetic needs no calendar library.
pub fn day_number(y: i32, m: u32, d: u32) -> i32 {
    attache_core::calendar::days_from_civil(y as i64, m, d) as i32
}

/// The year a day number falls in.
pub fn year_of(day: i32) -> i16 {
    attache_core::calendar::civil_from_days(day as i64).0 as i16
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A closed range of day numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: i32,
    pub hi: i32,
}

impl Interval {
    pub fn overlaps(&self, o: &Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }

    /// Days between the two ranges (0 when they overlap).
    pub fn distance(&self, o: &Interval) -> i32 {
        (o.lo - self.hi).max(self.lo - o.hi).max(0)
    }

    /// The days an event's date range may cover. A bound without a year takes the year nearest
    /// the publication date, else `year`; `None` when nothing places it in time.
    pub fn of(
        date: Option<PartialDate>,
        end: Option<PartialDate>,
        published: Option<PartialDate>,
        year: Option<i16>,
    ) -> Option<Interval> {
        let place = |d: PartialDate| -> Option<Interval> {
            let y = match (d.year, published) {
                (Some(y), _) => y,
                (None, Some(p)) if p.year.is_some() => resolve_year(d, p)?,
                _ => year?,
            };
            bounds(d, y)
        };
        match (date, end) {
            (Some(s), Some(e)) => {
                let s = place(s)?;
                let e = place(e)?;
                Some(Interval {
                    lo: s.lo,
                    hi: e.hi.max(s.hi),
                })
            }
            (Some(s), None) => place(s),
            (None, Some(e)) => {
                let e = place(e)?;
                Some(Interval {
                    lo: e.lo - OPEN_START_DAYS,
                    hi: e.hi,
                })
            }
            (None, None) => None,
        }
    }
}

/// The days a partial date covers, in `year` when it states none (a year alone covers the
/// year, a month the month).
pub fn bounds(d: PartialDate, year: i16) -> Option<Interval> {
    let y = d.year.unwrap_or(year) as i32;
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let m = m as u32;
            let day = (day as u32).min(days_in_month(y, m));
            let n = day_number(y, m, day);
            Some(Interval { lo: n, hi: n })
        }
        (Some(m), None) => {
            let m = m as u32;
            Some(Interval {
                lo: day_number(y, m, 1),
                hi: day_number(y, m, days_in_month(y, m)),
            })
        }
        (None, _) if d.year.is_some() => Some(Interval {
            lo: day_number(y, 1, 1),
            hi: day_number(y, 12, 31),
        }),
        _ => None,
    }
}

/// The year of a month-day ("--04-19") nearest to the publication date: news of 3 January
/// about "28 December" is of the year before.
pub fn resolve_year(d: PartialDate, published: PartialDate) -> Option<i16> {
    let py = published.year?;
    let pday = bounds(published, py)?.lo;
    (py - 1..=py + 1).min_by_key(|&y| bounds(d, y).map_or(i32::MAX, |b| (b.lo - pday).abs()))
}
