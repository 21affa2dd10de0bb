use std::fmt;

/// A calendar date known only as precisely as the text states it.
///
/// Formats as ISO 8601 at that precision: `2021-09-22`, `2023-03`, `2023`, or `--04-19` (month
/// and day with the year unknown, as in "until April 19" on an undated page).
///
/// ```
/// use attache_core::PartialDate;
/// assert_eq!(PartialDate::ymd(2021, 9, 22).to_string(), "2021-09-22");
/// assert_eq!(PartialDate { year: None, month: Some(4), day: Some(19) }.to_string(), "--04-19");
/// assert_eq!(PartialDate::parse("2023-03"), Some(PartialDate { year: Some(2023), month: Some(3), day: None }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PartialDate {
    pub year: Option<i16>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn ymd(year: i16, month: u8, day: u8) -> Self {
        PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        }
    }

    pub fn is_full(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// Parses the ISO forms this type prints (and a full timestamp's leading date).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(md) = s.strip_prefix("--") {
            let (m, d) = md.split_once('-')?;
            return Some(PartialDate {
                year: None,
                month: Some(num(m, 1, 12)?),
                day: Some(num(d, 1, 31)?),
            });
        }
        let mut parts = s.get(..s.len().min(10))?.split('-');
        let year: i16 = parts
            .next()?
            .parse()
            .ok()
            .filter(|y| (1000..=9999).contains(y))?;
        let month = match parts.next() {
            Some(m) => Some(num(m, 1, 12)?),
            None => None,
        };
        let day = match (month, parts.next()) {
            (Some(_), Some(d)) => Some(num(d.get(..2).unwrap_or(d), 1, 31)?),
            _ => None,
        };
        Some(PartialDate {
            year: Some(year),
            month,
            day,
        })
    }
}

fn num(s: &str, lo: u8, hi: u8) -> Option<u8> {
    s.parse::<u8>().ok().filter(|v| (lo..=hi).contains(v))
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), _, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            _ => Ok(()),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
