//! Whole-session consistency checks, for files that were edited by hand or by an older
//! or buggy build: references that point nowhere, duplicate numbers, and a history that
//! does not rebuild the state.

use super::session::Session;
use std::collections::HashSet;
use std::fmt;

/// One thing wrong with a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Session {
    /// Everything inconsistent in the session; empty when it is sound.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = self.problems_but_replay();
        if out.is_empty() {
            match Session::replay_history(&self.implied_template(), self.meta(), &self.history) {
                Err(e) => out.push(Problem(format!("history: {e}"))),
                Ok(rebuilt) if rebuilt != *self => out.push(Problem(NOT_REBUILT.to_string())),
                Ok(_) => {}
            }
        }
        out
    }

    /// Whether the session is sound, as [`Session::problems`] finds it, for a session
    /// not needed as it is afterwards: its history is replayed with only a fingerprint
    /// of the rest kept (a hash of its encoding), so the session and the one rebuilt
    /// from its history are never both whole in memory. Gives back the rebuilt session
    /// (equal to this one) when it is sound; this one when a problem shows before the
    /// replay; nothing when the replay fails or rebuilds another session (then
    /// [`Session::problems`] of the session read again says what is wrong).
    pub fn into_checked(mut self) -> (Option<Session>, bool) {
        if !self.problems_but_replay().is_empty() {
            return (Some(self), false);
        }
        let (template, meta) = (self.implied_template(), self.meta());
        let Some(read) = fingerprint(&self) else {
            let sound = self.problems().is_empty();
            return (Some(self), sound);
        };
        // The history is kept to be replayed (the rebuilt one shares its runs); the rest
        // goes before the replay.
        let history = std::mem::take(&mut self.history);
        drop(self);
        match Session::replay_history(&template, meta, &history) {
            Ok(rebuilt) if fingerprint(&rebuilt) == Some(read) => (Some(rebuilt), true),
            _ => (None, false),
        }
    }

    /// Everything inconsistent that shows without replaying the history.
    fn problems_but_replay(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut say = |s: String| out.push(Problem(s));

        if let Err(e) = self.implied_template().validate() {
            say(format!("steps or environments: {e}"));
        }
        let mut numbers = HashSet::new();
        let mut ids = HashSet::new();
        for c in &self.changes {
            if !numbers.insert(c.number) {
                say(format!("{} is used by more than one change", c.label()));
            }
            if !ids.insert(c.id) {
                say(format!("change id {} is used twice", c.id));
            }
        }
        for c in &self.changes {
            for d in &c.fields.depends_on {
                if self.change(*d).is_none() {
                    say(format!("{} depends on an unknown change {d}", c.label()));
                }
            }
        }
        let mut script_numbers = HashSet::new();
        for s in &self.scripts {
            if !script_numbers.insert(s.number) {
                say(format!("{} is used by more than one script", s.label()));
            }
            for c in &s.fields.covers {
                if self.change(*c).is_none() {
                    say(format!("{} covers an unknown change {c}", s.label()));
                }
            }
        }
        for r in &self.rounds {
            if self.step(r.step).is_none() {
                say(format!(
                    "round {} belongs to missing step {}",
                    r.number, r.step
                ));
            }
            for res in &r.results {
                if self.script(res.script).is_none() {
                    say(format!(
                        "round {} has a result for an unknown script {}",
                        r.number, res.script
                    ));
                }
            }
        }
        // The history knows its distinct ids: only a history with fewer is looked
        // through for the ops listed twice.
        if self.history.distinct_ids() != self.history.len() {
            let mut op_ids = HashSet::new();
            for op in self.history.iter() {
                if !op_ids.insert(op.id) {
                    say(format!("op {} appears twice in the history", op.id));
                }
            }
        }
        out
    }
}

const NOT_REBUILT: &str =
    "the history does not rebuild the session as stored (was the file edited by hand?)";

/// A hash of all of `session` but its history (which a replay rebuilds op for op):
/// equal for equal sessions, as the encoding leaves out only the index of changes.
fn fingerprint(session: &Session) -> Option<u64> {
    let mut hashing = crate::hashing::Hashing::of(std::io::sink());
    rmp_serde::encode::write_named(&mut hashing, &session.snapshot()).ok()?;
    Some(hashing.hasher.digest())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChangeId;
    use crate::sample::{Size, on_builtin};

    fn sample() -> Session {
        on_builtin("Checked", Size::realistic(40, 4)).unwrap()
    }

    #[test]
    fn a_sound_session_is_given_back_rebuilt_from_its_history() {
        let s = sample();
        assert!(s.problems().is_empty());
        let (rebuilt, sound) = s.clone().into_checked();
        assert!(sound);
        assert_eq!(rebuilt, Some(s));
    }

    #[test]
    fn a_session_its_history_does_not_rebuild_is_not_given_back() {
        let mut s = sample();
        s.changes.get_mut(0).unwrap().fields.description = "Edited by hand".into();
        assert_eq!(s.problems(), [Problem(NOT_REBUILT.into())]);
        assert_eq!(s.into_checked(), (None, false));
    }

    #[test]
    fn a_problem_found_before_the_replay_gives_the_session_back_as_it_is() {
        let mut s = sample();
        let unknown = ChangeId(uuid::Uuid::from_u128(7));
        s.scripts.get_mut(0).unwrap().fields.covers.push(unknown);
        assert!(!s.problems().is_empty());
        let (back, sound) = s.clone().into_checked();
        assert!(!sound);
        assert_eq!(back, Some(s));
    }
}
