//! Booking the outage window in a time zone with summer time: a time typed for a date in
//! winter is read with the winter offset, whatever the offset is today. (A file of its
//! own: it sets the process's time zone.)

mod common;

use chrono::{DateTime, TimeZone, Utc};
use cmo_promote::app::parse_window;

#[test]
fn a_window_in_winter_booked_in_summer_keeps_its_clock_time() {
    // SAFETY: this test binary runs this one test; no other thread reads the variable.
    unsafe { std::env::set_var("TZ", "Europe/London") };
    let s = common::new_session("Zones").1;
    let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
    let window = parse_window(&s, "2026-12-05 22:00 - 2026-12-06 01:00", None, summer)
        .unwrap()
        .unwrap();
    let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
    assert_eq!(
        window,
        (at("2026-12-05T22:00:00Z"), at("2026-12-06T01:00:00Z"))
    );
    // And a summer window booked in winter is an hour ahead of UTC.
    let winter = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let window = parse_window(&s, "2026-07-04 22:00 +2h", None, winter)
        .unwrap()
        .unwrap();
    assert_eq!(
        window,
        (at("2026-07-04T21:00:00Z"), at("2026-07-04T23:00:00Z"))
    );
    // An hour the clocks skip is refused by name.
    let error = parse_window(&s, "2026-03-29 01:30 +1h", None, winter).unwrap_err();
    assert_eq!(
        error,
        "\"2026-03-29 01:30\" does not exist here (the clocks skip it)"
    );
}
