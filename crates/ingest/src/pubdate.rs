//! Publication dates: from input metadata, the URL, or a dateline near the top of the text.
//! Nothing is guessed: when none of these states a date, the document has none.

use std::sync::OnceLock;

use attache_core::PartialDate;
use regex::Regex;

/// Maps Bengali, Devanagari, Persian, Arabic-Indic and full-width digits to ASCII.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let zero = match u {
                0x09E6..=0x09EF => 0x09E6,
                0x0966..=0x096F => 0x0966,
                0x06F0..=0x06F9 => 0x06F0,
                0x0660..=0x0669 => 0x0660,
                0xFF10..=0xFF19 => 0xFF10,
                _ => return c,
            };
            char::from(b'0' + (u - zero) as u8)
        })
        .collect()
}

fn valid(y: i32, m: u32, d: u32) -> Option<PartialDate> {
    // Solar Hijri years (Iranian and Afghan press): 1370–1499 is 1991–2121.
    let (y, m, d) = if (1370..1500).contains(&y) {
        attache_core::calendar::jalali_to_gregorian(y, m, d)?
    } else {
        (y, m, d)
    };
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    jiff::civil::Date::new(y as i16, m as i8, d as i8).ok()?;
    Some(PartialDate::ymd(y as i16, m as u8, d as u8))
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static pattern"))
}

/// A date from a metadata field: ISO 8601 (`2023-04-20T08:36:29Z`), `2023/04/20`, RFC 2822
/// (`Thu, 20 Apr 2023 08:36:29 +0000`) or any of the dateline forms.
pub fn from_metadata(s: &str) -> Option<PartialDate> {
    let s = ascii_digits(s.trim());
    if let Ok(ts) = jiff::fmt::rfc2822::parse(&s) {
        let d = ts.date();
        return valid(d.year() as i32, d.month() as u32, d.day() as u32);
    }
    numeric(&s).or_else(|| PartialDate::parse(&s).filter(|d| d.year.is_some_and(|y| y >= 1990)))
}

/// Full dates written with digits only.
fn numeric(s: &str) -> Option<PartialDate> {
    static YMD: OnceLock<Regex> = OnceLock::new();
    static DMY: OnceLock<Regex> = OnceLock::new();
    let ymd = re(
        &YMD,
        r"(?:^|[^\d])((?:19|20|13|14)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:[^\d]|$)",
    );
    if let Some(c) = ymd.captures(s) {
        return valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let dmy = re(
        &DMY,
        r"(?:^|[^\d])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?:[^\d]|$)",
    );
    if let Some(c) = dmy.captures(s) {
        return valid(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    None
}

/// A date in a URL path: `/2017/07/03/`, `/20170703`, `2017-07-03`; or `/2017/07/` (a month).
pub fn from_url(url: &str) -> Option<PartialDate> {
    static FULL: OnceLock<Regex> = OnceLock::new();
    static COMPACT: OnceLock<Regex> = OnceLock::new();
    static MONTH: OnceLock<Regex> = OnceLock::new();
    let full = re(
        &FULL,
        r"(?:^|[/_-])((?:19|20)\d\d)[/_-](\d\d)[/_-](\d\d)(?:[/_.-]|$)",
    );
    if let Some(c) = full.captures(url) {
        return valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let compact = re(
        &COMPACT,
        r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|\d{2,12}[/_.-]|$)",
    );
    if let Some(c) = compact.captures(url) {
        return valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    // "/n/2015/0408/": the year, then month and day together.
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    let split = re(&SPLIT, r"/((?:19|20)\d\d)/(\d\d)(\d\d)/");
    if let Some(c) = split.captures(url) {
        return valid(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let month = re(&MONTH, r"/((?:19|20)\d\d)/(\d\d)/");
    if let Some(c) = month.captures(url) {
        let (y, m): (i16, u8) = (c[1].parse().ok()?, c[2].parse().ok()?);
        if (1..=12).contains(&m) && y >= 1990 {
            return Some(PartialDate {
                year: Some(y),
                month: Some(m),
                day: None,
            });
        }
    }
    None
}

/// How far into the text a dateline may be.
const DATELINE_CHARS: usize = 600;

/// A full date near the top of the text: `2023-04-20 08:36:29`, `20.04.2023`, `2023年4月20日`,
/// `20 April 2023`, `April 20, 2023`. `months` holds lower-cased month names with their number.
pub fn from_dateline(
    text: &str,
    months: &[(String, u8)],
    eras: &[(String, i32)],
) -> Option<PartialDate> {
    let head: String = text.chars().take(DATELINE_CHARS).collect();
    let head = attache_core::calendar::rewrite_eras(&ascii_digits(&head), eras);
    if let Some(d) = numeric(&head) {
        return Some(d);
    }
    let lower = head.to_lowercase();
    static WORDY: OnceLock<Regex> = OnceLock::new();
    let wordy = re(
        &WORDY,
        r"(?:^|[^\d])(\d{1,2})\.?\s+([\p{L}\p{M}]+)\.?,?\s+((?:19|20)\d\d)|([\p{L}\p{M}]+)\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)",
    );
    let month_of = |w: &str| months.iter().find(|(name, _)| name == w).map(|&(_, m)| m);
    for c in wordy.captures_iter(&lower) {
        if let (Some(d), Some(w), Some(y)) = (c.get(1), c.get(2), c.get(3)) {
            if let Some(m) = month_of(w.as_str()) {
                return valid(y.as_str().parse().ok()?, m as u32, d.as_str().parse().ok()?);
            }
        }
        if let (Some(w), Some(d), Some(y)) = (c.get(4), c.get(5), c.get(6)) {
            if let Some(m) = month_of(w.as_str()) {
                return valid(y.as_str().parse().ok()?, m as u32, d.as_str().parse().ok()?);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_from_urls() {
        assert_eq!(
            from_url("http://x.net/a/2017/07/03/b").unwrap().to_string(),
            "2017-07-03"
        );
        assert_eq!(
            from_url("https://x.com/news/20230420-story")
                .unwrap()
                .to_string(),
            "2023-04-20"
        );
        assert_eq!(
            from_url("https://x.com/2021/09/story.html")
                .unwrap()
                .to_string(),
            "2021-09"
        );
        assert_eq!(from_url("https://x.com/story/336257/"), None);
        assert_eq!(
            from_url("http://x.cn/n/2015/0408/c31617-8875053.html")
                .unwrap()
                .to_string(),
            "2015-04-08"
        );
        assert_eq!(
            from_url("https://x.com/vietnam/201708043743500-dai-tuong/")
                .unwrap()
                .to_string(),
            "2017-08-04"
        );
    }

    #[test]
    fn reads_datelines_in_any_digits_and_calendar() {
        let none: &[(String, u8)] = &[];
        assert_eq!(
            from_dateline("Top\n2023-04-20 08:36:29 Site", none, &[])
                .unwrap()
                .to_string(),
            "2023-04-20"
        );
        assert_eq!(
            from_dateline("ঢাকা, ২০২৪-০৩-০৫", none, &[])
                .unwrap()
                .to_string(),
            "2024-03-05"
        );
        assert_eq!(
            from_dateline("東京 2025年10月3日", none, &[])
                .unwrap()
                .to_string(),
            "2025-10-03"
        );
        let months = vec![("march".to_string(), 3), ("সেপ্টেম্বর".to_string(), 9)];
        assert_eq!(
            from_dateline("LIMA, 5 March 2024 (X)", &months, &[])
                .unwrap()
                .to_string(),
            "2024-03-05"
        );
        assert_eq!(
            from_dateline("ঢাকা, ২৯ সেপ্টেম্বর ২০১৮", &months, &[])
                .unwrap()
                .to_string(),
            "2018-09-29"
        );
        assert_eq!(from_dateline("No date here at all.", &months, &[]), None);
        let eras = vec![("平成".to_string(), 1989)];
        assert_eq!(
            from_dateline("平成30年3月27日", none, &eras)
                .unwrap()
                .to_string(),
            "2018-03-27"
        );
        assert_eq!(
            from_dateline("تهران - ۱۳۹۱/۰۲/۲۴", none, &[])
                .unwrap()
                .to_string(),
            "2012-05-13"
        );
    }

    #[test]
    fn reads_metadata_timestamps() {
        assert_eq!(
            from_metadata("2023-04-20T08:36:29+08:00")
                .unwrap()
                .to_string(),
            "2023-04-20"
        );
        assert_eq!(
            from_metadata("Thu, 20 Apr 2023 08:36:29 +0000")
                .unwrap()
                .to_string(),
            "2023-04-20"
        );
    }
}
