//! The outage board before step 11: the rehearsal total, the proposed outage length
//! with its parts, the booked window, and what stands in the way of step 11.

use super::board::{Figure, hm};
use crate::model::Session;
use crate::vocab::{Tone, first_of};

/// How many changes a line of the plan names before it says how many more there are.
const NAMED: usize = 8;
use crate::vocab::outage::{clock, day_and_clock, span};
use chrono::{DateTime, Duration, Utc};

/// Before step 11: the rehearsal, the proposed length and the booked window.
pub(super) fn plan_view(
    s: &Session,
    view: &crate::app::OutageView,
    now: DateTime<Utc>,
    zone: Option<chrono::FixedOffset>,
) -> (String, Vec<Figure>, Vec<(String, Tone)>, Tone) {
    let rehearsal = view.rehearsal();
    let proposal = s.outage_proposal_with(rehearsal, now);
    let must_fix = view.must_fix();
    let step = s
        .current_step()
        .map(|st| format!("step {} {}", st.number, st.status.word()))
        .unwrap_or_default();
    let timed = rehearsal.timed.len();
    let total = timed + rehearsal.untimed.len();
    let banner = format!("OUTAGE PLAN · {timed}/{total} changes timed in the rehearsal · {step}");
    let figures = vec![
        Figure {
            label: "REHEARSAL",
            text: hm(rehearsal.total),
        },
        Figure {
            label: "PROPOSED",
            text: proposal
                .as_ref()
                .map(|p| hm(p.length))
                .unwrap_or_else(|| "-:--".into()),
        },
        Figure {
            label: "WINDOW START",
            text: s
                .outage_window()
                .map(|(start, _)| clock(start, zone))
                .unwrap_or_else(|| "--:--".into()),
        },
    ];
    let mut details = Vec::new();
    // What stands in the way of step 11 first.
    if !must_fix.is_empty() {
        // The first few by name: a label costs a look-up, and a line holds few anyway.
        let named = must_fix
            .iter()
            .map(|m| format!("{} ({})", s.label_of(m.change), m.rating.words()));
        details.push((
            format!("Must fix before step 11: {}", first_of(named, NAMED)),
            Tone::Bad,
        ));
    }
    details.push(match s.outage_window() {
        Some((start, end)) => (
            format!(
                "Booked: {}–{} ({})",
                day_and_clock(start, zone),
                clock(end, zone),
                span(end - start)
            ),
            Tone::Good,
        ),
        None => (
            "No window booked: {Board.BookWindow} books one".into(),
            Tone::Dim,
        ),
    });
    match &proposal {
        None => details.push((
            "No rehearsal timing yet: the outage length is proposed once changes are timed in \
             step 8"
                .to_string(),
            Tone::Warn,
        )),
        Some(p) => {
            let verification = match (p.verification_measured, p.verification) {
                (true, d) if d == Duration::zero() => {
                    "verification not measured yet ({Board.SetVerification} sets it)".into()
                }
                (true, d) => format!("verification {} (retest as measured)", hm(d)),
                (false, d) => format!("verification {}", hm(d)),
            };
            details.push((
                format!(
                    "Proposed {} = rehearsal {} + contingency {} ({} %) + {verification} + rollback {}",
                    hm(p.length),
                    hm(p.rehearsal),
                    hm(p.contingency),
                    p.contingency_percent,
                    hm(p.rollback)
                ),
                Tone::Plain,
            ));
        }
    }
    if !rehearsal.untimed.is_empty() {
        let named = rehearsal.untimed.iter().map(|id| s.label_of(*id));
        details.push((
            format!("Not timed in the rehearsal: {}", first_of(named, NAMED)),
            Tone::Warn,
        ));
    }
    (banner, figures, details, Tone::Plain)
}
