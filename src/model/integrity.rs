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
        if out.is_empty() {
            match Session::replay_history(&self.implied_template(), self.meta(), &self.history) {
                Err(e) => out.push(Problem(format!("history: {e}"))),
                Ok(rebuilt) if rebuilt != *self => out.push(Problem(
                    "the history does not rebuild the session as stored (was the file edited by hand?)"
                        .to_string(),
                )),
                Ok(_) => {}
            }
        }
        out
    }
}
