//! Bringing a format-1 session up to format 2. Format 2 only adds what `apply` derives
//! as it goes (the Work Plan revision on the session, its changes, test results and
//! sign-offs) and fields that only new ops set (script preconditions, owner, priority,
//! removal; start overrides). So a format-1 session is replayed from its own history
//! with today's build, and the rebuilt session is adopted if it is the stored one plus
//! those fields; anything else (a file edited by hand, a history that no longer
//! replays) is kept exactly as stored, for `check` to report as before.

use super::session::{FORMAT_VERSION, Session};

impl Session {
    /// The format-2 equivalent of `stored`, read from a format-1 file (see the module
    /// doc), with the format it is now in: [`FORMAT_VERSION`], or 1 when its history
    /// does not rebuild it and it is kept as stored.
    pub fn migrated_from_v1(stored: Session) -> (Session, u32) {
        let template = stored.implied_template();
        let Ok(rebuilt) = Session::replay_history(&template, stored.meta(), &stored.history) else {
            return (stored, 1);
        };
        if without_format_2_fields(rebuilt.clone()) == stored {
            (rebuilt, FORMAT_VERSION)
        } else {
            (stored, 1)
        }
    }
}

/// `session` with what format 2 derives reset to the defaults a format-1 file reads as.
fn without_format_2_fields(mut session: Session) -> Session {
    session.work_plan_revision = 0;
    for change in session.changes.iter_mut() {
        change.changed_at_revision = 0;
    }
    for round in session.rounds.iter_mut() {
        for result in &mut round.results {
            result.plan_revision = 0;
        }
    }
    for step in &mut session.steps {
        if let Some(sign_off) = &mut step.sign_off {
            sign_off.work_plan_revision = 0;
            sign_off.round = None;
        }
    }
    session
}
