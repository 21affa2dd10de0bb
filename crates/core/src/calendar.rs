//! Calendars other than the Gregorian, as the press uses them: Japanese era years (`令和6年`)
//! and Solar Hijri dates (`۱۴۰۲/۱۲/۲۲`). Only arithmetic lives here; era names are data
//! (`data/lang/ja.toml`).

/// Rewrites era years into Gregorian ones, `令和6年` → `2024年`, `平成元年` → `1989年`, for date
/// parsing. `eras` pairs an era name with the Gregorian year of its first year.
///
/// ```
/// let eras = vec![("令和".to_string(), 2019)];
/// assert_eq!(attache_core::calendar::rewrite_eras("令和6年11月29日", &eras), "2024年11月29日");
/// assert_eq!(attache_core::calendar::rewrite_eras("令和元年", &eras), "2019年");
/// ```
pub fn rewrite_eras(text: &str, eras: &[(String, i32)]) -> String {
    if eras.is_empty() || !eras.iter().any(|(e, _)| text.contains(e.as_str())) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for (era, first) in eras {
            if let Some(after) = rest.strip_prefix(era.as_str()) {
                let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
                let (n, tail) = if let Some(t) = after.strip_prefix('元') {
                    (Some(1), t)
                } else if !digits.is_empty() {
                    (digits.parse::<i32>().ok(), &after[digits.len()..])
                } else {
                    (None, after)
                };
                if let (Some(n), true) = (n, tail.starts_with('年')) {
                    out.push_str(&(first + n - 1).to_string());
                    rest = tail;
                    continue 'scan;
                }
            }
        }
        let c = rest.chars().next().expect("non-empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The Gregorian date of a Solar Hijri (Jalali) date, or `None` when it is not a valid one.
///
/// ```
/// assert_eq!(attache_core::calendar::jalali_to_gregorian(1402, 12, 22), Some((2024, 3, 12)));
/// assert_eq!(attache_core::calendar::jalali_to_gregorian(1391, 2, 24), Some((2012, 5, 13)));
/// ```
pub fn jalali_to_gregorian(jy: i32, jm: u32, jd: u32) -> Option<(i32, u32, u32)> {
    if !(1..=12).contains(&jm)
        || !(1..=31).contains(&jd)
        || (jm > 6 && jd > 30)
        || !(1..3178).contains(&jy)
    {
        return None;
    }
    // The Gregorian day in March on which the Jalali year begins, from the table of breaks
    // in the 33-year leap cycles (Borkowski's arithmetic).
    const BREAKS: [i32; 20] = [
        -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
        2394, 2456, 3178,
    ];
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = BREAKS[0];
    let mut jump = 0;
    for &jm_break in &BREAKS[1..] {
        jump = jm_break - jp;
        if jy < jm_break {
            break;
        }
        leap_j += jump / 33 * 8 + (jump % 33) / 4;
        jp = jm_break;
    }
    let n = jy - jp;
    leap_j += n / 33 * 8 + ((n % 33) + 3) / 4;
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    let march = 20 + leap_j - leap_g;
    let offset = (jm as i64 - 1) * 31 - (jm as i64 / 7) * (jm as i64 - 7) + jd as i64 - 1;
    let (y, m, d) = civil_from_days(days_from_civil(gy as i64, 3, march as u32) + offset);
    Some((y as i32, m, d))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_solar_hijri_dates_news_uses() {
        assert_eq!(jalali_to_gregorian(1403, 6, 22), Some((2024, 9, 12)));
        assert_eq!(jalali_to_gregorian(1402, 12, 26), Some((2024, 3, 16)));
        assert_eq!(jalali_to_gregorian(1400, 1, 1), Some((2021, 3, 21)));
        assert_eq!(jalali_to_gregorian(1399, 12, 30), Some((2021, 3, 20)));
        assert_eq!(jalali_to_gregorian(1403, 13, 1), None);
    }
}
