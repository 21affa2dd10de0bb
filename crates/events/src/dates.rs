//! Date expressions in a sentence, and how each resolves against what the document states.
//!
//! The rules (ANNOTATION.md): absolute dates are taken as written; relative ones (`today`,
//! `on Wednesday`, `last month`) only against a stated publication date; a weekday with a day
//! and month but no year fixes the year when it agrees with the years the text mentions; with
//! none of these, no date. The publication date is never the event date by default.

use attache_core::{DateBasis, PartialDate};
use attache_kb::Lexicon;
use attache_mentions::normalize::fold_str;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;
use regex::Regex;

/// One date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DateExpr {
    /// Byte position in the folded sentence (for nearness to a trigger).
    pub pos: usize,
    pub kind: DateKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DateKind {
    /// Year, month and day as written (the year may be missing).
    Calendar {
        year: Option<i16>,
        month: u8,
        day: Option<u8>,
        weekday: Option<u8>,
        end_day: Option<u8>,
    },
    /// A weekday alone; `shift` is -1 for "last", +1 for "next", 0 otherwise.
    Weekday {
        weekday: u8,
        shift: i8,
    },
    /// `today` (0), `yesterday` (-1), `tomorrow` (1).
    RelativeDay(i32),
    /// A day of the month with no month (`24日`): the month of publication.
    DayOfMonth(u8),
    /// A Solar Hijri day and month without a year (`۲۴ اسفند`): the year of publication.
    SolarHijri {
        month: u8,
        day: u8,
        end_day: Option<u8>,
    },
    RelativeWeek(i32),
    RelativeMonth(i32),
    RelativeYear(i32),
    /// "until April 19": the end of a range.
    Until {
        month: u8,
        day: u8,
        year: Option<i16>,
    },
}

/// The date grammar of one language, compiled from its lexicon.
pub struct DateGrammar {
    day_month: Option<Regex>,
    month_day: Option<Regex>,
    month_year: Option<Regex>,
    weekday: Option<Regex>,
    relative: Option<Regex>,
    until: Option<Regex>,
    months: Vec<(String, u8)>,
    weekdays: Vec<(String, u8)>,
    relatives: Vec<(String, DateKind)>,
    next: Vec<String>,
    last: Vec<String>,
    range_words: Vec<String>,
    /// Whether `26/7` (day/month, no year) is a date in this language's press.
    numeric_day_month: bool,
    /// Era names and their first Gregorian year (`令和` → 2019).
    eras: Vec<(String, i32)>,
    /// `۲۴ اسفند ۱۴۰۲`: Solar Hijri day, month name, optional year.
    solar_hijri: Option<Regex>,
    solar_months: Vec<(String, u8)>,
}

fn alternation(words: &[String]) -> Option<String> {
    let mut w: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    if w.is_empty() {
        return None;
    }
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.dedup();
    Some(
        w.iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|"),
    )
}

fn cjk_calendar() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:((?:19|20)\d\d)\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日일])?")
            .expect("static")
    })
}

/// `24日`, `17일`: a day of the month with no month, in CJK and Korean dates.
fn cjk_day() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d月월])(\d{1,2})\s*[日일](?:[^\p{L}]|[^요曜]|$)").expect("static")
    })
}

/// `26/7`, `22-1`, `7-10/8`: day and month in digits, for languages whose press writes them so.
fn numeric_day_month() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d/.-])(\d{1,2})(?:\s*-\s*(\d{1,2}))?[/.-](\d{1,2})(?:[^\d/.-]|$)")
            .expect("static")
    })
}

fn numeric_full() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:((?:19|20|13|14)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d))\b").expect("static")
    })
}

impl DateGrammar {
    pub fn new(lex: &Lexicon) -> Self {
        let d = &lex.dates;
        let months: Vec<(String, u8)> = d
            .months
            .iter()
            .enumerate()
            .flat_map(|(i, ws)| ws.iter().map(move |w| (fold_str(w), i as u8 + 1)))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        let weekdays: Vec<(String, u8)> = d
            .weekdays
            .iter()
            .enumerate()
            .flat_map(|(i, ws)| ws.iter().map(move |w| (fold_str(w), i as u8)))
            .filter(|(w, _)| w.chars().count() >= 2)
            .collect();
        let mut relatives = Vec::new();
        for (key, kind) in [
            ("today", DateKind::RelativeDay(0)),
            ("yesterday", DateKind::RelativeDay(-1)),
            ("tomorrow", DateKind::RelativeDay(1)),
            ("last_week", DateKind::RelativeWeek(-1)),
            ("next_week", DateKind::RelativeWeek(1)),
            ("last_month", DateKind::RelativeMonth(-1)),
            ("next_month", DateKind::RelativeMonth(1)),
            ("last_year", DateKind::RelativeYear(-1)),
            ("this_year", DateKind::RelativeYear(0)),
            ("next_year", DateKind::RelativeYear(1)),
        ] {
            for w in d.list(key) {
                let f = fold_str(&w);
                if f.chars().count() >= 2 {
                    relatives.push((f, kind));
                }
            }
        }
        let folded = |key: &str| {
            d.list(key)
                .iter()
                .map(|w| fold_str(w))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        };
        let month_words: Vec<String> = months.iter().map(|(w, _)| w.clone()).collect();
        let weekday_words: Vec<String> = weekdays.iter().map(|(w, _)| w.clone()).collect();
        let rel_words: Vec<String> = relatives.iter().map(|(w, _)| w.clone()).collect();
        let m = alternation(&month_words);
        let year = r"((?:19|20)\d\d)";
        let filler = r"(?:\s*,?\s*(?:\p{L}{1,4}\.?\s+)?)";
        let build = |p: String| Regex::new(&p).ok();
        // Day ranges: "22-24 March", "du 5 au 8 juin", "vom 5. bis 8. Juni", "۱۵ تا ۱۹ مارس".
        let range_alt = alternation(
            &folded("range")
                .into_iter()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect::<Vec<_>>(),
        );
        let joiner = match &range_alt {
            Some(r) => format!(r"(?:\s*(?:-|–|/)\s*|\s+(?:{r})\s+)"),
            None => r"\s*(?:-|–|/)\s*".to_string(),
        };
        let solar_months: Vec<(String, u8)> = d
            .lists("solar_hijri_months")
            .iter()
            .enumerate()
            .flat_map(|(i, ws)| ws.iter().map(move |w| (fold_str(w), i as u8 + 1)))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        let solar_hijri = alternation(&solar_months.iter().map(|(w, _)| w.clone()).collect::<Vec<_>>()).and_then(|sm| {
            build(format!(r"(?:^|[^\p{{L}}\d])(\d{{1,2}})(?:{joiner}(\d{{1,2}}))?\s+({sm})(?:[^\p{{L}}]|$)(?:\s*((?:13|14)\d\d))?"))
        });
        let day_month = m.as_ref().and_then(|m| {
            build(format!(
                r"(?:^|[^\p{{L}}\d])(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?(?:{joiner}(\d{{1,2}})(?:st|nd|rd|th|\.)?)?\s*(?:\p{{L}}{{1,3}}\s+)?({m})(?:[^\p{{L}}]|$)(?:{filler}{year})?"
            ))
        });
        let month_day = m.as_ref().and_then(|m| {
            build(format!(
                r"(?:^|[^\p{{L}}])({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?)?(?:[^\d]|$)(?:,?\s*{year})?"
            ))
        });
        let month_year = m
            .as_ref()
            .and_then(|m| build(format!(r"(?:^|[^\p{{L}}])({m}){filler}{year}")));
        let weekday = alternation(&weekday_words)
            .and_then(|w| build(format!(r"(?:^|[^\p{{L}}])({w})(?:[^\p{{L}}]|$)")));
        let relative = alternation(&rel_words)
            .and_then(|w| build(format!(r"(?:^|[^\p{{L}}])({w})(?:[^\p{{L}}]|$)")));
        let until_words: Vec<String> = folded("range")
            .into_iter()
            .filter(|w| w.chars().count() >= 4)
            .collect();
        let until = match (alternation(&until_words), m.as_ref()) {
            (Some(u), Some(m)) => build(format!(
                r"(?:^|[^\p{{L}}])(?:{u})\s+(?:({m})\s+(\d{{1,2}})|(\d{{1,2}})\s+({m}))"
            )),
            _ => None,
        };
        DateGrammar {
            day_month,
            month_day,
            month_year,
            weekday,
            relative,
            until,
            months,
            weekdays,
            relatives,
            next: folded("next"),
            last: folded("last"),
            range_words: folded("range"),
            numeric_day_month: d.flag("numeric_day_month"),
            eras: d.eras(),
            solar_hijri,
            solar_months,
        }
    }

    fn month(&self, w: &str) -> Option<u8> {
        self.months.iter().find(|(m, _)| m == w).map(|&(_, n)| n)
    }

    /// Every date expression in `folded` (a sentence passed through `fold`).
    /// The sentence as the date patterns read it: era years made Gregorian (`令和6年` →
    /// `2024年`). Positions returned by [`DateGrammar::find`] index this text.
    pub fn prepare(&self, folded: &str) -> String {
        attache_core::calendar::rewrite_eras(folded, &self.eras)
    }

    /// Every date expression in `folded`, a sentence passed through `fold` and
    /// [`DateGrammar::prepare`].
    pub fn find(&self, folded: &str) -> Vec<DateExpr> {
        let mut out: Vec<DateExpr> = Vec::new();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let free = |taken: &Vec<(usize, usize)>, s: usize, e: usize| {
            !taken.iter().any(|&(a, b)| s < b && a < e)
        };
        let num = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<u32>().ok());
        for c in numeric_full().captures_iter(folded) {
            let all = c.get(0).expect("match");
            let (y, mo, d) = if c.get(1).is_some() {
                (num(c.get(1)), num(c.get(2)), num(c.get(3)))
            } else {
                (num(c.get(6)), num(c.get(5)), num(c.get(4)))
            };
            // Solar Hijri dates (`1402/12/22`) in Iranian and Afghan press.
            let (y, mo, d) = match (y, mo, d) {
                (Some(y), Some(mo), Some(d)) if (1370..1500).contains(&y) => {
                    match attache_core::calendar::jalali_to_gregorian(y as i32, mo, d) {
                        Some((y, m, d)) => (Some(y as u32), Some(m), Some(d)),
                        None => (None, None, None),
                    }
                }
                other => other,
            };
            if let (Some(y), Some(mo), Some(d)) = (y, mo, d) {
                if (1..=12).contains(&mo) && (1..=31).contains(&d) {
                    out.push(DateExpr {
                        pos: all.start(),
                        kind: DateKind::Calendar {
                            year: Some(y as i16),
                            month: mo as u8,
                            day: Some(d as u8),
                            weekday: None,
                            end_day: None,
                        },
                    });
                    taken.push((all.start(), all.end()));
                }
            }
        }
        for c in cjk_calendar().captures_iter(folded) {
            let all = c.get(0).expect("match");
            let (y, mo, d) = (num(c.get(1)), num(c.get(2)), num(c.get(3)));
            if !free(&taken, all.start(), all.end()) || (y.is_none() && d.is_none()) {
                continue;
            }
            if let Some(mo) = mo.filter(|m| (1..=12).contains(m)) {
                out.push(DateExpr {
                    pos: all.start(),
                    kind: DateKind::Calendar {
                        year: y.map(|y| y as i16),
                        month: mo as u8,
                        day: d.filter(|d| (1..=31).contains(d)).map(|d| d as u8),
                        weekday: None,
                        end_day: None,
                    },
                });
                taken.push((all.start(), all.end()));
            }
        }
        for c in cjk_day().captures_iter(folded) {
            let g = c.get(1).expect("group");
            if free(&taken, g.start(), g.end() + 1) {
                if let Some(d) = num(Some(g)).filter(|d| (1..=31).contains(d)) {
                    out.push(DateExpr {
                        pos: g.start(),
                        kind: DateKind::DayOfMonth(d as u8),
                    });
                    taken.push((g.start(), g.end() + 1));
                }
            }
        }
        if self.numeric_day_month {
            for c in numeric_day_month().captures_iter(folded) {
                let all = c.get(0).expect("match");
                let (d, d2, mo) = (num(c.get(1)), num(c.get(2)), num(c.get(3)));
                if !free(&taken, all.start(), all.end()) {
                    continue;
                }
                if let (Some(d), Some(mo)) = (d, mo) {
                    if (1..=31).contains(&d) && (1..=12).contains(&mo) {
                        let end_day = d2
                            .filter(|e| (1..=31).contains(e) && *e > d)
                            .map(|e| e as u8);
                        out.push(DateExpr {
                            pos: all.start(),
                            kind: DateKind::Calendar {
                                year: None,
                                month: mo as u8,
                                day: Some(d as u8),
                                weekday: None,
                                end_day,
                            },
                        });
                        taken.push((all.start(), all.end()));
                    }
                }
            }
        }
        if let Some(re) = &self.solar_hijri {
            for c in re.captures_iter(folded) {
                let all = c.get(0).expect("match");
                if !free(&taken, all.start(), all.end()) {
                    continue;
                }
                let month = c
                    .get(3)
                    .and_then(|m| self.solar_months.iter().find(|(w, _)| w == m.as_str()))
                    .map(|&(_, n)| n);
                let (Some(d), Some(month)) = (num(c.get(1)), month) else {
                    continue;
                };
                let d2 = num(c.get(2))
                    .filter(|e| *e > d && *e <= 31)
                    .map(|e| e as u8);
                let kind = match num(c.get(4)) {
                    Some(jy) => {
                        let Some((y, m, dd)) =
                            attache_core::calendar::jalali_to_gregorian(jy as i32, month as u32, d)
                        else {
                            continue;
                        };
                        let end = d2.and_then(|e| {
                            attache_core::calendar::jalali_to_gregorian(
                                jy as i32,
                                month as u32,
                                e as u32,
                            )
                        });
                        DateKind::Calendar {
                            year: Some(y as i16),
                            month: m as u8,
                            day: Some(dd as u8),
                            weekday: None,
                            end_day: end.filter(|&(_, em, _)| em == m).map(|(_, _, ed)| ed as u8),
                        }
                    }
                    None => DateKind::SolarHijri {
                        month,
                        day: d as u8,
                        end_day: d2,
                    },
                };
                out.push(DateExpr {
                    pos: all.start(),
                    kind,
                });
                taken.push((all.start(), all.end()));
            }
        }
        if let Some(re) = &self.until {
            for c in re.captures_iter(folded) {
                let all = c.get(0).expect("match");
                let (mw, dd) = if c.get(1).is_some() {
                    (c.get(1), c.get(2))
                } else {
                    (c.get(4), c.get(3))
                };
                if let (Some(mo), Some(d)) = (mw.and_then(|m| self.month(m.as_str())), num(dd)) {
                    if (1..=31).contains(&d) && free(&taken, all.start(), all.end()) {
                        out.push(DateExpr {
                            pos: all.start(),
                            kind: DateKind::Until {
                                month: mo,
                                day: d as u8,
                                year: None,
                            },
                        });
                        taken.push((all.start(), all.end()));
                    }
                }
            }
        }
        for (re, day_first) in [(&self.day_month, true), (&self.month_day, false)] {
            let Some(re) = re else { continue };
            for c in re.captures_iter(folded) {
                let all = c.get(0).expect("match");
                if !free(&taken, all.start(), all.end()) {
                    continue;
                }
                let (d, d2, mw, y) = if day_first {
                    (num(c.get(1)), num(c.get(2)), c.get(3), num(c.get(4)))
                } else {
                    (num(c.get(2)), num(c.get(3)), c.get(1), num(c.get(4)))
                };
                let (Some(d), Some(mo)) = (d, mw.and_then(|m| self.month(m.as_str()))) else {
                    continue;
                };
                if !(1..=31).contains(&d) {
                    continue;
                }
                let end_day = d2
                    .filter(|e| (1..=31).contains(e) && *e > d)
                    .map(|e| e as u8);
                out.push(DateExpr {
                    pos: all.start(),
                    kind: DateKind::Calendar {
                        year: y.map(|y| y as i16),
                        month: mo,
                        day: Some(d as u8),
                        weekday: None,
                        end_day,
                    },
                });
                taken.push((all.start(), all.end()));
            }
        }
        if let Some(re) = &self.month_year {
            for c in re.captures_iter(folded) {
                let all = c.get(0).expect("match");
                if !free(&taken, all.start(), all.end()) {
                    continue;
                }
                if let (Some(mo), Some(y)) =
                    (c.get(1).and_then(|m| self.month(m.as_str())), num(c.get(2)))
                {
                    out.push(DateExpr {
                        pos: all.start(),
                        kind: DateKind::Calendar {
                            year: Some(y as i16),
                            month: mo,
                            day: None,
                            weekday: None,
                            end_day: None,
                        },
                    });
                    taken.push((all.start(), all.end()));
                }
            }
        }
        if let Some(re) = &self.weekday {
            for c in re.captures_iter(folded) {
                let g = c.get(1).expect("group");
                if !free(&taken, g.start(), g.end()) {
                    continue;
                }
                let Some(&(_, wd)) = self.weekdays.iter().find(|(w, _)| w == g.as_str()) else {
                    continue;
                };
                // A weekday followed closely by a calendar date: "Wednesday (September 22)".
                if let Some(cal) = out
                    .iter_mut()
                    .find(|e| e.pos >= g.end() && e.pos <= g.end() + 4)
                {
                    if let DateKind::Calendar {
                        weekday,
                        day: Some(_),
                        ..
                    } = &mut cal.kind
                    {
                        *weekday = Some(wd);
                        continue;
                    }
                }
                let before = folded[..g.start()].trim_end();
                let shift = if self.next.iter().any(|w| before.ends_with(w.as_str())) {
                    1
                } else if self.last.iter().any(|w| before.ends_with(w.as_str())) {
                    -1
                } else {
                    0
                };
                out.push(DateExpr {
                    pos: g.start(),
                    kind: DateKind::Weekday { weekday: wd, shift },
                });
                taken.push((g.start(), g.end()));
            }
        }
        if let Some(re) = &self.relative {
            for c in re.captures_iter(folded) {
                let g = c.get(1).expect("group");
                if !free(&taken, g.start(), g.end()) {
                    continue;
                }
                if let Some(&(_, kind)) = self.relatives.iter().find(|(w, _)| w == g.as_str()) {
                    out.push(DateExpr {
                        pos: g.start(),
                        kind,
                    });
                    taken.push((g.start(), g.end()));
                }
            }
        }
        out.sort_by_key(|e| e.pos);
        out
    }

    /// Whether the text between two expressions joins them into a range ("from Sunday to
    /// Wednesday", "22 – 24 March").
    pub fn is_range_between(&self, between: &str) -> bool {
        let t = between.trim();
        !t.is_empty()
            && t.chars().count() <= 8
            && self
                .range_words
                .iter()
                .any(|w| t == w || t.split_whitespace().any(|x| x == w))
    }
}

/// What a date is resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    pub published: Option<PartialDate>,
    /// A year the document fixes (a weekday that agrees with a mentioned year).
    pub anchor_year: Option<i16>,
    /// The event is announced, not reported: weekdays look forward.
    pub planned: bool,
}

/// A resolved date with its end and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved {
    pub date: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub basis: Option<DateBasis>,
}

fn full(p: Option<PartialDate>) -> Option<Date> {
    let p = p?;
    Date::new(p.year?, p.month? as i8, p.day? as i8).ok()
}

fn to_partial(d: Date) -> PartialDate {
    PartialDate::ymd(d.year(), d.month() as u8, d.day() as u8)
}

fn weekday_of(n: u8) -> Weekday {
    Weekday::from_monday_zero_offset(n as i8).unwrap_or(Weekday::Monday)
}

/// The date of `weekday` nearest to `pub_date` in the direction the tense implies: on or
/// before it for reported events, on or after it for planned ones.
pub fn resolve_weekday(pub_date: Date, weekday: u8, shift: i8, planned: bool) -> Date {
    let wd = weekday_of(weekday);
    let back = (pub_date.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset())
        .rem_euclid(7) as i64;
    let mut d = if planned || shift > 0 {
        let fwd = (wd.to_monday_zero_offset() - pub_date.weekday().to_monday_zero_offset())
            .rem_euclid(7) as i64;
        pub_date.checked_add(fwd.days()).unwrap_or(pub_date)
    } else {
        pub_date.checked_sub(back.days()).unwrap_or(pub_date)
    };
    if shift < 0 && d == pub_date {
        d = d.checked_sub(7.days()).unwrap_or(d);
    }
    if shift > 0 && d == pub_date {
        d = d.checked_add(7.days()).unwrap_or(d);
    }
    d
}

/// Years (closest to `near` first) in which `month`/`day` falls on `weekday`.
pub fn years_with_weekday(month: u8, day: u8, weekday: u8, near: i16) -> Vec<i16> {
    let mut ys: Vec<i16> = (near - 12..=near + 12)
        .filter(|&y| {
            Date::new(y, month as i8, day as i8).is_ok_and(|d| d.weekday() == weekday_of(weekday))
        })
        .collect();
    ys.sort_by_key(|&y| ((y - near).abs(), y > near));
    ys
}

/// "Today" or "on Wednesday" on a page dated only to the month (a URL like `/2015/06/`): the
/// month is all the text supports.
fn pub_month(ctx: &DateContext) -> Resolved {
    match ctx.published {
        Some(PartialDate {
            year: Some(y),
            month: Some(m),
            day: None,
        }) => Resolved {
            date: Some(PartialDate {
                year: Some(y),
                month: Some(m),
                day: None,
            }),
            end: None,
            basis: Some(DateBasis::RelativeToPublication),
        },
        _ => Resolved {
            date: None,
            end: None,
            basis: None,
        },
    }
}

/// Resolves one expression in `ctx`. `None` for the date when the text does not fix it.
pub fn resolve(expr: &DateKind, ctx: &DateContext) -> Resolved {
    let pub_full = full(ctx.published);
    let none = Resolved {
        date: None,
        end: None,
        basis: None,
    };
    match *expr {
        DateKind::Calendar {
            year: Some(y),
            month,
            day,
            end_day,
            ..
        } => Resolved {
            date: Some(PartialDate {
                year: Some(y),
                month: Some(month),
                day,
            }),
            end: end_day.map(|e| PartialDate::ymd(y, month, e)),
            basis: Some(DateBasis::Explicit),
        },
        DateKind::Calendar {
            year: None,
            month,
            day,
            weekday,
            end_day,
        } => {
            let with_year = |y: i16, basis| Resolved {
                date: Some(PartialDate {
                    year: Some(y),
                    month: Some(month),
                    day,
                }),
                end: end_day.map(|e| PartialDate::ymd(y, month, e)),
                basis: Some(basis),
            };
            if let Some(pd) = pub_full {
                // The year of publication, or the one before when the date would otherwise
                // lie well after a report of something that happened.
                let mut y = pd.year();
                if let Ok(cand) = Date::new(y, month as i8, day.unwrap_or(1) as i8) {
                    if !ctx.planned && cand > pd.checked_add(31.days()).unwrap_or(pd) {
                        y -= 1;
                    }
                }
                return with_year(y, DateBasis::RelativeToPublication);
            }
            if let (Some(wd), Some(d)) = (weekday, day) {
                let near = ctx.anchor_year.or(ctx.published.and_then(|p| p.year));
                if let Some(near) = near {
                    if let Some(&y) = years_with_weekday(month, d, wd, near).first() {
                        return with_year(y, DateBasis::InferredYear);
                    }
                }
            }
            if let Some(y) = ctx.anchor_year {
                return with_year(y, DateBasis::InferredYear);
            }
            match day {
                Some(d) => Resolved {
                    date: Some(PartialDate {
                        year: None,
                        month: Some(month),
                        day: Some(d),
                    }),
                    end: end_day.map(|e| PartialDate {
                        year: None,
                        month: Some(month),
                        day: Some(e),
                    }),
                    basis: Some(DateBasis::Explicit),
                },
                None => none,
            }
        }
        DateKind::Until { month, day, year } => {
            let y = year
                .or_else(|| pub_full.map(|p| p.year()))
                .or(ctx.anchor_year);
            Resolved {
                date: None,
                end: Some(PartialDate {
                    year: y,
                    month: Some(month),
                    day: Some(day),
                }),
                basis: None,
            }
        }
        DateKind::Weekday { weekday, shift } => match pub_full {
            Some(pd) => Resolved {
                date: Some(to_partial(resolve_weekday(pd, weekday, shift, ctx.planned))),
                end: None,
                basis: Some(DateBasis::RelativeToPublication),
            },
            None => pub_month(ctx),
        },
        DateKind::RelativeDay(n) => match pub_full {
            Some(pd) => Resolved {
                date: pd.checked_add((n as i64).days()).ok().map(to_partial),
                end: None,
                basis: Some(DateBasis::RelativeToPublication),
            },
            None if n == 0 => pub_month(ctx),
            None => none,
        },
        DateKind::RelativeMonth(n) => match ctx.published.and_then(|p| Some((p.year?, p.month?))) {
            Some((y, m)) => {
                let total = y as i32 * 12 + (m as i32 - 1) + n;
                Resolved {
                    date: Some(PartialDate {
                        year: Some((total / 12) as i16),
                        month: Some((total % 12 + 1) as u8),
                        day: None,
                    }),
                    end: None,
                    basis: Some(DateBasis::RelativeToPublication),
                }
            }
            None => none,
        },
        DateKind::RelativeYear(n) => match ctx.published.and_then(|p| p.year) {
            Some(y) => Resolved {
                date: Some(PartialDate {
                    year: Some(y + n as i16),
                    month: None,
                    day: None,
                }),
                end: None,
                basis: Some(DateBasis::RelativeToPublication),
            },
            None => none,
        },
        DateKind::RelativeWeek(_) => none,
        DateKind::SolarHijri {
            month,
            day,
            end_day,
        } => match pub_full {
            Some(pd) => {
                // The Solar Hijri year that puts the date nearest the publication date.
                let best = [pd.year() as i32 - 622, pd.year() as i32 - 621]
                    .into_iter()
                    .filter_map(|jy| {
                        Some((
                            jy,
                            attache_core::calendar::jalali_to_gregorian(
                                jy,
                                month as u32,
                                day as u32,
                            )?,
                        ))
                    })
                    .filter_map(|(jy, (y, m, d))| {
                        Some((jy, Date::new(y as i16, m as i8, d as i8).ok()?))
                    })
                    .min_by_key(|(_, d)| {
                        d.since(pd).map(|s| s.get_days().abs()).unwrap_or(i32::MAX)
                    });
                match best {
                    Some((jy, date)) => Resolved {
                        date: Some(to_partial(date)),
                        end: end_day
                            .and_then(|e| {
                                attache_core::calendar::jalali_to_gregorian(
                                    jy,
                                    month as u32,
                                    e as u32,
                                )
                            })
                            .map(|(y, m, d)| PartialDate::ymd(y as i16, m as u8, d as u8)),
                        basis: Some(DateBasis::RelativeToPublication),
                    },
                    None => none,
                }
            }
            None => none,
        },
        DateKind::DayOfMonth(day) => match pub_full {
            Some(pd) => {
                // The day in the month of publication, or the month before when that day is
                // still ahead of a report of something that happened.
                let mut y = pd.year();
                let mut m = pd.month() as u8;
                if !ctx.planned && day as i8 > pd.day() + 1 {
                    if m == 1 {
                        m = 12;
                        y -= 1;
                    } else {
                        m -= 1;
                    }
                }
                Resolved {
                    date: Some(PartialDate::ymd(y, m, day)),
                    end: None,
                    basis: Some(DateBasis::RelativeToPublication),
                }
            }
            None => none,
        },
    }
}

/// Resolves a weekday range ("from Sunday to Wednesday"): the end first, then the latest start
/// weekday on or before it.
pub fn resolve_weekday_range(start_wd: u8, end_wd: u8, ctx: &DateContext) -> Resolved {
    let Some(pd) = full(ctx.published) else {
        return Resolved {
            date: None,
            end: None,
            basis: None,
        };
    };
    let end = resolve_weekday(pd, end_wd, 0, ctx.planned);
    let start = resolve_weekday(end, start_wd, 0, false);
    Resolved {
        date: Some(to_partial(start)),
        end: Some(to_partial(end)),
        basis: Some(DateBasis::RelativeToPublication),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_year_from_weekday_and_day() {
        assert_eq!(years_with_weekday(9, 22, 2, 2021).first(), Some(&2021));
        let ctx = DateContext {
            published: None,
            anchor_year: Some(2021),
            planned: false,
        };
        let r = resolve(
            &DateKind::Calendar {
                year: None,
                month: 9,
                day: Some(22),
                weekday: Some(2),
                end_day: None,
            },
            &ctx,
        );
        assert_eq!(r.date.unwrap().to_string(), "2021-09-22");
        assert_eq!(r.basis, Some(DateBasis::InferredYear));
    }

    #[test]
    fn resolves_weekday_range_before_publication() {
        let ctx = DateContext {
            published: PartialDate::parse("2023-04-20"),
            anchor_year: None,
            planned: false,
        };
        let r = resolve_weekday_range(6, 2, &ctx);
        assert_eq!(r.date.unwrap().to_string(), "2023-04-16");
        assert_eq!(r.end.unwrap().to_string(), "2023-04-19");
    }

    #[test]
    fn reads_solar_hijri_dates_with_and_without_year() {
        let ctx = DateContext {
            published: PartialDate::parse("2024-03-10"),
            anchor_year: None,
            planned: true,
        };
        let r = resolve(
            &DateKind::SolarHijri {
                month: 12,
                day: 24,
                end_day: Some(28),
            },
            &ctx,
        );
        assert_eq!(r.date.unwrap().to_string(), "2024-03-14");
        assert_eq!(r.end.unwrap().to_string(), "2024-03-18");
    }

    #[test]
    fn relative_dates_need_a_publication_date() {
        let none = DateContext::default();
        assert_eq!(resolve(&DateKind::RelativeDay(0), &none).date, None);
        let ctx = DateContext {
            published: PartialDate::parse("2023-04-20"),
            ..none
        };
        assert_eq!(
            resolve(&DateKind::RelativeMonth(-1), &ctx)
                .date
                .unwrap()
                .to_string(),
            "2023-03"
        );
        assert_eq!(
            resolve(&DateKind::RelativeDay(-1), &ctx)
                .date
                .unwrap()
                .to_string(),
            "2023-04-19"
        );
    }
}
