//! Dependency order: a change listed in the Work Plan before a change it depends on,
//! and one applied somewhere before a change it depends on was applied there. These
//! are warnings (`check` lists them), not problems: the file is sound, the process was
//! not followed.

use super::env::EnvKey;
use super::ids::ChangeId;
use super::session::Session;
use super::work_plan::Change;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::fmt;

/// One change out of order with a change it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderWarning {
    /// Replaying the Work Plan in order would apply `change` before `needs`.
    ListedBefore { change: String, needs: String },
    /// `change` was applied in `env` at `at`, when `needs` was not applied there yet
    /// (it was later, at `needs_at`, or never).
    AppliedBefore {
        change: String,
        needs: String,
        env: EnvKey,
        at: DateTime<Utc>,
        needs_at: Option<DateTime<Utc>>,
    },
}

impl fmt::Display for OrderWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        match self {
            OrderWarning::ListedBefore { change, needs } => write!(
                f,
                "{change} is listed before {needs}, which it depends on (replayed in order, \
                 it would be applied first)"
            ),
            OrderWarning::AppliedBefore {
                change,
                needs,
                env,
                at,
                needs_at,
            } => {
                write!(
                    f,
                    "{change} was applied in {} at {} before {needs}, which it depends on",
                    env.title(),
                    when(at)
                )?;
                match needs_at {
                    Some(t) => write!(f, " (applied there at {})", when(t)),
                    None => write!(f, " (not applied there)"),
                }
            }
        }
    }
}

impl Session {
    /// Every change out of order with a change it depends on, in Work Plan order.
    pub fn order_warnings(&self) -> Vec<OrderWarning> {
        let position: HashMap<ChangeId, usize> = self
            .active_changes()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let mut out = Vec::new();
        for c in self.active_changes() {
            for d in &c.fields.depends_on {
                let Some(needed) = self.change(*d).filter(|n| !n.is_removed()) else {
                    continue;
                };
                if position.get(d) > position.get(&c.id) {
                    out.push(OrderWarning::ListedBefore {
                        change: c.label(),
                        needs: needed.label(),
                    });
                }
                for (env, at) in applied_at(c) {
                    let needs_at = applied_at(needed)
                        .into_iter()
                        .find(|(e, _)| *e == env)
                        .map(|(_, t)| t);
                    if needs_at.is_none_or(|t| t > at) {
                        out.push(OrderWarning::AppliedBefore {
                            change: c.label(),
                            needs: needed.label(),
                            env,
                            at,
                            needs_at,
                        });
                    }
                }
            }
        }
        out
    }

    /// Whether moving `change` to `to` (among the changes not removed) would list it
    /// before a change it depends on, or after one that depends on it; the change on
    /// the other side is named.
    pub fn move_breaks_order(&self, change: ChangeId, to: usize) -> Option<(String, String)> {
        let mut order: Vec<&Change> = self.active_changes().collect();
        let from = order.iter().position(|c| c.id == change)?;
        let moving = order.remove(from);
        order.insert(to.min(order.len()), moving);
        let at = |id: ChangeId| order.iter().position(|c| c.id == id);
        let me = at(change)?;
        for d in &moving.fields.depends_on {
            if at(*d).is_some_and(|p| p > me) {
                return Some((moving.label(), self.label_of(*d)));
            }
        }
        order
            .iter()
            .take(me)
            .find(|c| c.fields.depends_on.contains(&change))
            .map(|c| (c.label(), moving.label()))
    }
}

/// When `c` was first applied (a counting attempt recorded as applied) in each
/// environment.
fn applied_at(c: &Change) -> Vec<(EnvKey, DateTime<Utc>)> {
    let mut out: Vec<(EnvKey, DateTime<Utc>)> = Vec::new();
    for a in c.applications.iter().filter(|a| a.counts()) {
        if a.outcome != Some(super::Outcome::Applied) {
            continue;
        }
        let Some(at) = a.finished_at else { continue };
        match out.iter_mut().find(|(e, _)| *e == a.env) {
            Some((_, t)) => *t = (*t).min(at),
            None => out.push((a.env, at)),
        }
    }
    out
}
