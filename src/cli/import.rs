//! `import --scripts FILE.csv`: test scripts from a spreadsheet, all or none. Every row
//! is read ([`script_csv`](super::script_csv)) and checked against the session first
//! (a title, steps that pair with their expected results, changes that are in the Work
//! Plan, a known priority, no script of the same title already there or earlier in the
//! file); one bad row means nothing is imported, and each bad row is reported as
//! `FILE:LINE: why`. The scripts are then added in the file's order and saved in one
//! commit under the file lock.

use super::commands::Context;
use super::csv_table::{Layout, Row, read_rows};
use super::script_input::covered_changes;
use super::write::load;
use crate::model::{Op, OpKind, Priority, ScriptFields, ScriptId, Session, steps_from_text};
use anyhow::{Context as _, anyhow, bail};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The columns of a file of test scripts.
pub const SCRIPTS: Layout = Layout {
    columns: &[
        "title",
        "steps",
        "expected",
        "covers",
        "preconditions",
        "owner",
        "priority",
    ],
    required: &["title"],
    example: "title,steps,expected,covers",
};

pub fn import_scripts(
    ctx: &Context,
    wanted: &str,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let read = read_rows(file, &bytes, &SCRIPTS)?;
    let mut doc = load(ctx, wanted)?;
    let mut bad = read.bad;
    let mut good = Vec::new();
    let mut titles = Titles::of(&doc.session);
    for row in &read.rows {
        match row_fields(&doc.session, row, &mut titles) {
            Ok(fields) => good.push((row.line, fields)),
            Err(why) => bad.push((row.line, why)),
        }
    }
    let file_name = file.display();
    let summary = format!(
        "nothing was imported: {} of {} rows of {file_name} are bad",
        bad.len(),
        bad.len() + good.len()
    );
    refuse_bad_rows(file, bad, summary)?;
    if good.is_empty() {
        bail!("{file_name} has no rows below its header; nothing was imported");
    }
    let now = ctx.clock.now();
    let mut ops = Vec::new();
    for (line, fields) in good {
        let op = Op::fresh(
            ctx.user,
            now,
            OpKind::AddTestScript {
                fields: Box::new(fields),
            },
        );
        doc.session
            .apply(op.clone())
            .map_err(|e| anyhow!("{file_name}:{line}: {e}; nothing was imported"))?;
        ops.push(op);
    }
    // Adding a script only fails when a change it covers is gone, and changes are never
    // deleted (a removal marks them), so another writer cannot make one conflict; said
    // in full all the same should it ever happen.
    let committed = commit_all(&doc, &ops, "scripts")?;
    let session = &committed.loaded.session;
    let labels: Vec<String> = ops
        .iter()
        .filter_map(|op| session.script(ScriptId(op.id.0)).map(|s| s.label()))
        .collect();
    say_imported(out, &labels, "script", "scripts")?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses the whole file when a row is bad: `summary`, then each bad row as
/// `FILE:LINE: why`, in the file's order.
pub(super) fn refuse_bad_rows(
    file: &Path,
    mut bad: Vec<(u64, String)>,
    summary: String,
) -> anyhow::Result<()> {
    if bad.is_empty() {
        return Ok(());
    }
    bad.sort();
    let mut message = summary;
    for (line, why) in bad {
        message.push_str(&format!("\n{}:{line}: {why}", file.display()));
    }
    bail!(message)
}

/// Saves every op of an import in one commit under the lock; says what was not saved
/// (`noun`: what the ops are, e.g. `scripts`) should another writer make one conflict.
pub(super) fn commit_all(
    doc: &crate::store::Loaded,
    ops: &[Op],
    noun: &str,
) -> anyhow::Result<crate::store::Committed> {
    let committed = doc
        .commit(ops)
        .with_context(|| format!("nothing was written to {}", doc.path.display()))?;
    super::write::say_converted(committed.saved.conversion_note());
    if !committed.saved.conflicts.is_empty() {
        let lost: Vec<String> = committed
            .saved
            .conflicts
            .iter()
            .map(|c| c.error.to_string())
            .collect();
        bail!(
            "only {} of {} {noun} were saved to {}; the others were not: {}",
            committed.saved.written.len(),
            ops.len(),
            committed.loaded.path.display(),
            lost.join("; ")
        );
    }
    Ok(committed)
}

/// `imported 3 changes: WP-004…WP-006`.
pub(super) fn say_imported(
    out: &mut dyn Write,
    labels: &[String],
    one: &str,
    many: &str,
) -> std::io::Result<()> {
    let shown = match labels {
        [one] => one.clone(),
        [first, .., last] => format!("{first}…{last}"),
        [] => String::new(),
    };
    let noun = if labels.len() == 1 { one } else { many };
    writeln!(out, "imported {} {noun}: {shown}", labels.len())
}

/// The titles already taken (in any case): by a script in the session, or by an
/// earlier row of the file.
struct Titles(HashMap<String, String>);

impl Titles {
    fn of(session: &Session) -> Titles {
        Titles(
            session
                .active_scripts()
                .map(|s| {
                    (
                        key(&s.fields.title),
                        format!("already in the session as {}", s.label()),
                    )
                })
                .collect(),
        )
    }

    /// Takes `title` for the row on `line`, or says who has it.
    fn take(&mut self, title: &str, line: u64) -> Result<(), String> {
        match self.0.get(&key(title)) {
            Some(holder) => Err(format!("a script titled \"{title}\" is {holder}")),
            None => {
                self.0.insert(key(title), format!("also on line {line}"));
                Ok(())
            }
        }
    }
}

fn key(title: &str) -> String {
    title.trim().to_lowercase()
}

/// The script a row describes, or every reason it is bad.
fn row_fields(session: &Session, row: &Row, titles: &mut Titles) -> Result<ScriptFields, String> {
    let mut problems = Vec::new();
    let title = row.get("title").trim();
    if title.is_empty() {
        problems.push("the title is empty".to_string());
    } else if let Err(why) = titles.take(title, row.line) {
        problems.push(why);
    }
    let steps = steps_from_text(row.get("steps"), row.get("expected"))
        .map_err(|e| problems.push(format!("steps and expected: {e}")))
        .unwrap_or_default();
    let covers = covered_changes(session, row.get("covers"))
        .map_err(|e| problems.push(format!("covers: {e}")))
        .unwrap_or_default();
    let priority = match row.get("priority").trim() {
        "" => None,
        p => Priority::parse(p).or_else(|| {
            problems.push(format!("priority \"{p}\" is not high, medium or low"));
            None
        }),
    };
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(ScriptFields {
        title: title.to_string(),
        preconditions: row.get("preconditions").trim().replace("\r\n", "\n"),
        steps,
        covers,
        owner: Some(row.get("owner").trim().to_string()).filter(|o| !o.is_empty()),
        priority,
    })
}
