use super::*;
use crate::time::year_of;

fn d(s: &str) -> Option<PartialDate> {
    PartialDate::parse(s)
}

fn member(
    id: u64,
    kind: EventType,
    persons: &[&str],
    date: &str,
    end: &str,
    published: &str,
) -> Member {
    Member {
        id,
        kind,
        status: Status::Occurred,
        countries: vec!["CHN".into(), "RUS".into()],
        persons: persons.iter().map(|p| p.to_string()).collect(),
        date: d(date),
        date_end: d(end),
        published: d(published),
        place: Place {
            country: Some("RUS".into()),
            ..Default::default()
        },
    }
}

#[test]
fn day_numbers_round_trip() {
    assert_eq!(day_number(1970, 1, 1), 0);
    assert_eq!(day_number(2023, 4, 16) - day_number(2023, 3, 31), 16);
    for n in [-1000, 0, 19000, 19463, 30000] {
        let y = year_of(n);
        assert!(day_number(y as i32, 1, 1) <= n && n < day_number(y as i32 + 1, 1, 1));
    }
}

#[test]
fn range_and_open_end_merge_with_the_most_precise_date() {
    let mut m = Merger::new(1);
    let a = member(
        1,
        EventType::Visit,
        &["li-shangfu", "sergei-shoigu"],
        "2023-04-16",
        "2023-04-19",
        "2023-04-20",
    );
    let mut b = member(
        2,
        EventType::Visit,
        &["li-shangfu", "xi-jinping"],
        "",
        "",
        "",
    );
    b.date_end = Some(PartialDate {
        year: None,
        month: Some(4),
        day: Some(19),
    });
    // Last month's visit by another official of the same pair stays apart.
    let x = member(
        3,
        EventType::Visit,
        &["xi-jinping"],
        "2023-03",
        "",
        "2023-04-20",
    );
    let oa = m.add(&a);
    let ox = m.add(&x);
    let ob = m.add(&b);
    assert!(oa.created && ox.created);
    assert_eq!(ob.canonical, oa.canonical, "{:?}", ob.why);
    assert!(ob.why.reasons.iter().any(|r| r.contains("li-shangfu")));
    let c = m.get(oa.canonical).unwrap();
    assert_eq!(c.date, d("2023-04-16"));
    assert_eq!(c.date_end, d("2023-04-19"));
    assert_eq!(c.members, 2);
}

#[test]
fn order_does_not_matter_for_the_date() {
    let mut m = Merger::new(1);
    let mut b = member(2, EventType::Visit, &["li-shangfu"], "", "", "2023-04-18");
    b.date_end = Some(PartialDate {
        year: None,
        month: Some(4),
        day: Some(19),
    });
    let a = member(
        1,
        EventType::Visit,
        &["li-shangfu"],
        "2023-04-16",
        "2023-04-19",
        "2023-04-20",
    );
    let ob = m.add(&b);
    let oa = m.add(&a);
    assert_eq!(ob.canonical, oa.canonical);
    let c = m.get(oa.canonical).unwrap();
    assert_eq!((c.date, c.date_end), (d("2023-04-16"), d("2023-04-19")));
}

#[test]
fn meetings_on_different_days_stay_apart_and_a_month_joins_one() {
    let mut m = Merger::new(1);
    let a = m.add(&member(
        1,
        EventType::Meeting,
        &["a", "b"],
        "2024-03-11",
        "",
        "2024-03-12",
    ));
    let b = m.add(&member(
        2,
        EventType::Meeting,
        &["a", "b"],
        "2024-03-14",
        "",
        "2024-03-15",
    ));
    assert_ne!(a.canonical, b.canonical);
    assert!(
        b.why.reasons.iter().any(|r| r.contains("do not overlap")),
        "{:?}",
        b.why
    );
    let c = m.add(&member(
        3,
        EventType::Meeting,
        &["b"],
        "2024-03",
        "",
        "2024-03-20",
    ));
    assert!(!c.created);
    // A meeting without its date joins when published close by; a visit never joins a meeting.
    let u = m.add(&member(4, EventType::Meeting, &["a"], "", "", "2024-03-15"));
    assert!(!u.created, "{:?}", u.why);
    let v = m.add(&member(
        5,
        EventType::Visit,
        &["a"],
        "2024-03-11",
        "",
        "2024-03-12",
    ));
    assert!(v.created);
    // Undated, published months later: a different meeting.
    let w = m.add(&member(6, EventType::Meeting, &["a"], "", "", "2024-09-01"));
    assert!(w.created);
}

#[test]
fn no_shared_participant_or_contradicting_place_keeps_events_apart() {
    let mut m = Merger::new(1);
    let a = m.add(&member(1, EventType::Meeting, &["a"], "2024-03-11", "", ""));
    let b = m.add(&member(2, EventType::Meeting, &["c"], "2024-03-11", "", ""));
    assert_ne!(a.canonical, b.canonical);
    let mut p = member(3, EventType::Meeting, &["a"], "2024-03-11", "", "");
    p.place.country = Some("CHN".into());
    assert!(m.add(&p).created);
    // Undated on both sides with no publication date: nothing to compare, never merged.
    let u1 = m.add(&member(4, EventType::Call, &["a"], "", "", ""));
    let u2 = m.add(&member(5, EventType::Call, &["a"], "", "", ""));
    assert_ne!(u1.canonical, u2.canonical);
}

#[test]
fn removal_and_reload_keep_the_index_consistent() {
    let mut m = Merger::new(1);
    let a = m.add(&member(1, EventType::Meeting, &["a"], "2024-03-11", "", ""));
    let c = m.remove(a.canonical).unwrap();
    assert!(
        m.add(&member(2, EventType::Meeting, &["a"], "2024-03-11", "", ""))
            .created
    );
    let mut m2 = Merger::new(1);
    m2.load(c.clone());
    let o = m2.add(&member(3, EventType::Meeting, &["a"], "2024-03-11", "", ""));
    assert_eq!(o.canonical, c.id);
    assert_eq!(m2.take_changed(), vec![c.id]);
}
