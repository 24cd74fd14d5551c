//! Timers as lists of `[start, end)` entries. A running timer is an entry with no end, so
//! it survives quit, crash and reopen; elapsed time is always computed from the clock.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// One stretch of timed work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntry {
    pub start: DateTime<Utc>,
    /// `None` while the timer is running.
    pub end: Option<DateTime<Utc>>,
    /// Who started this stretch (a short name is kept inside, not in an allocation of
    /// its own).
    pub by: compact_str::CompactString,
    /// Set when the entry was taken back (timed by mistake): it then counts nowhere
    /// but stays in the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided: Option<Box<Voided>>,
}

/// Something taken back (a mistaken start, a stray stretch of time): it stays in the
/// record and the history, and counts nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voided {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

impl TimeEntry {
    /// Still counts: not voided.
    pub fn counts(&self) -> bool {
        self.voided.is_none()
    }

    /// The length of this entry, counting a running one up to `now`. Never negative.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        let end = self.end.unwrap_or(now);
        (end - self.start).max(Duration::zero())
    }
}

/// A timer: all of its entries, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timer {
    pub entries: Vec<TimeEntry>,
}

impl Timer {
    pub fn is_running(&self) -> bool {
        self.entries.last().is_some_and(|e| e.end.is_none())
    }

    /// When the running entry started, if the timer is running.
    pub fn running_since(&self) -> Option<DateTime<Utc>> {
        self.entries
            .last()
            .filter(|e| e.end.is_none())
            .map(|e| e.start)
    }

    /// Total time over all entries that count, a running one counted up to `now`.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        self.entries
            .iter()
            .filter(|e| e.counts())
            .fold(Duration::zero(), |sum, e| sum + e.elapsed(now))
    }

    /// Starts a new entry; the caller must have checked that the timer is stopped.
    pub(crate) fn start(&mut self, at: DateTime<Utc>, by: &str) {
        debug_assert!(!self.is_running());
        self.entries.push(TimeEntry {
            start: at,
            end: None,
            by: by.into(),
            voided: None,
        });
    }

    /// The first entry that counts: when the timed work began.
    pub fn first_start(&self) -> Option<DateTime<Utc>> {
        self.entries.iter().find(|e| e.counts()).map(|e| e.start)
    }

    /// Voids the entry that started at `start` (stopping it first if it runs). Returns
    /// false when there is no such entry; an entry already voided stays as it was.
    pub(crate) fn void(&mut self, start: DateTime<Utc>, voided: Voided) -> VoidResult {
        let Some(entry) = self.entries.iter_mut().find(|e| e.start == start) else {
            return VoidResult::NoEntry;
        };
        if entry.voided.is_some() {
            return VoidResult::AlreadyVoided;
        }
        if entry.end.is_none() {
            entry.end = Some(voided.at.max(entry.start));
        }
        entry.voided = Some(Box::new(voided));
        VoidResult::Voided
    }

    /// Ends the running entry, if any. An end before the start (clocks of two machines
    /// that disagree) is clamped to the start so no entry has negative length.
    pub(crate) fn stop(&mut self, at: DateTime<Utc>) {
        if let Some(last) = self.entries.last_mut()
            && last.end.is_none()
        {
            last.end = Some(at.max(last.start));
        }
    }
}

/// What [`Timer::void`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VoidResult {
    Voided,
    NoEntry,
    AlreadyVoided,
}

/// Formats a duration as `h:mm:ss` (hours grow past 24; negative shows a leading `-`).
pub fn format_duration(d: Duration) -> String {
    let total = d.num_seconds();
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    format!(
        "{sign}{}:{:02}:{:02}",
        total / 3600,
        (total / 60) % 60,
        total % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn running_timer_counts_up_to_now_and_stopped_one_does_not() {
        let mut timer = Timer::default();
        timer.start(t(0), "ann");
        assert!(timer.is_running());
        assert_eq!(timer.elapsed(t(30)), Duration::minutes(30));
        timer.stop(t(40));
        assert!(!timer.is_running());
        assert_eq!(timer.elapsed(t(500)), Duration::minutes(40));
        timer.start(t(100), "bob");
        assert_eq!(timer.elapsed(t(105)), Duration::minutes(45));
        assert_eq!(timer.running_since(), Some(t(100)));
    }

    #[test]
    fn a_voided_entry_counts_nowhere_and_a_running_one_stops() {
        let mut timer = Timer::default();
        timer.start(t(0), "ann");
        timer.stop(t(10));
        timer.start(t(20), "ann");
        let v = |at| Voided {
            by: "ann".into(),
            at,
            reason: "stray".into(),
        };
        assert_eq!(timer.void(t(20), v(t(25))), VoidResult::Voided);
        assert!(!timer.is_running());
        assert_eq!(timer.elapsed(t(60)), Duration::minutes(10));
        assert_eq!(timer.void(t(20), v(t(30))), VoidResult::AlreadyVoided);
        assert_eq!(timer.void(t(21), v(t(30))), VoidResult::NoEntry);
        assert_eq!(timer.void(t(0), v(t(30))), VoidResult::Voided);
        assert_eq!(timer.elapsed(t(60)), Duration::zero());
        assert_eq!(timer.first_start(), None);
        assert_eq!(timer.entries.len(), 2, "voided entries stay in the record");
    }

    #[test]
    fn stop_before_start_is_clamped_to_zero_length() {
        let mut timer = Timer::default();
        timer.start(t(10), "ann");
        timer.stop(t(5));
        assert_eq!(timer.elapsed(t(60)), Duration::zero());
    }

    #[test]
    fn durations_format_as_hours_minutes_seconds() {
        assert_eq!(format_duration(Duration::seconds(0)), "0:00:00");
        assert_eq!(format_duration(Duration::seconds(3723)), "1:02:03");
        assert_eq!(format_duration(Duration::hours(27)), "27:00:00");
        assert_eq!(format_duration(Duration::seconds(-61)), "-0:01:01");
    }
}
