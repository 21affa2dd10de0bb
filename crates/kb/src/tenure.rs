use std::fmt;

/// A tenure bound as the data states it: a day, a month or a year.
///
/// Comparing a day against a coarse bound is generous: a tenure that ends "2024" covers every day
/// of 2024, and one that starts "2012-11" covers all of November 2012.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBound {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl DateBound {
    pub fn parse(s: &str) -> Option<Self> {
        let mut it = s.trim().split('-');
        let year: i16 = it.next()?.parse().ok()?;
        let month = match it.next() {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match it.next() {
            Some(d) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if it.next().is_some() || !(1900..=2100).contains(&year) {
            return None;
        }
        Some(DateBound { year, month, day })
    }

    /// The earliest (year, month, day) this bound covers.
    pub fn first(&self) -> (i16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest (year, month, day) this bound covers.
    pub fn last(&self) -> (i16, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }
}

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}
