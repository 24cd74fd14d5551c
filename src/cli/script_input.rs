//! What `add-script` and `import --scripts` both read for a new script: the Work Plan
//! changes it covers, written as `WP-1, WP-007 3` (labels or bare numbers, separated by
//! spaces, commas or semicolons).

use crate::model::{ChangeId, Session};

/// The changes `text` names, each once in the order first named, or every name that is
/// not a change still in the Work Plan, in words (`there is no change "WP-9"; WP-003
/// has been removed…`).
pub fn covered_changes(session: &Session, text: &str) -> Result<Vec<ChangeId>, String> {
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    for (name, change) in session.changes_named(text) {
        match change {
            None => problems.push(format!("there is no change \"{name}\"")),
            Some(c) if c.is_removed() => {
                problems.push(format!("{} has been removed from the Work Plan", c.label()));
            }
            Some(c) if ids.contains(&c.id) => {}
            Some(c) => ids.push(c.id),
        }
    }
    if problems.is_empty() {
        Ok(ids)
    } else {
        Err(problems.join("; "))
    }
}
