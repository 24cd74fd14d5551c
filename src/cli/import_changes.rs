//! `import --changes FILE.csv`: Work Plan changes from a spreadsheet, all or none. The
//! columns are `area,item,description,before,after,notes` and, optionally, `action,
//! navigation,depends_on,risk,irreversible,back_out`; the other columns `export` writes
//! (`number`, `author`, `revision`, `removed`) are read too, so an exported Work Plan
//! imports as it is: `depends_on` names a row of the file by its `number` first (a row
//! without one by the number it will get here), else a change already in the session,
//! and a removed change is left out. Every row is
//! checked first; one bad row means nothing is imported, and each bad row is reported
//! as `FILE:LINE: column: why`. The changes are saved in one commit under the lock.

use super::commands::Context;
use super::csv_table::{Layout, Row, read_rows};
use super::import::{commit_all, refuse_bad_rows, say_imported};
use super::write::load;
use crate::export::WORK_PLAN_COLUMNS;
use crate::model::{
    Action, ChangeEdit, ChangeFields, ChangeId, Op, OpId, OpKind, Session, parse_change_label,
};
use anyhow::{Context as _, anyhow, bail};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The columns of a file of changes: those `export` writes to `work-plan.csv`.
pub const CHANGES: Layout = Layout {
    columns: &WORK_PLAN_COLUMNS,
    required: &["area", "item"],
    example: "area,item,description,before,after,notes",
};

/// A row checked: its fields (without dependencies) and the names it depends on.
struct Planned {
    line: u64,
    id: ChangeId,
    fields: ChangeFields,
    depends_on: String,
}

pub fn import_changes(
    ctx: &Context,
    wanted: &str,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let read = read_rows(file, &bytes, &CHANGES)?;
    let mut doc = load(ctx, wanted)?;
    let file_name = file.display();
    let mut bad = read.bad;
    let mut planned = Vec::new();
    // Rows by the number they had where they were exported (`WP-004` → its new id), or
    // without a number column the one they will get here.
    let mut by_number: HashMap<u32, ChangeId> = HashMap::new();
    let next = doc
        .session
        .changes()
        .iter()
        .map(|c| c.number)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    for (i, row) in read
        .rows
        .iter()
        .filter(|r| r.get("removed").trim().is_empty())
        .enumerate()
    {
        match row_fields(row) {
            Ok(fields) => {
                let id = ChangeId(OpId::new_random().0);
                let here = next.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                let number = match row.get("number").trim() {
                    "" => Some(here),
                    n => parse_change_label(n),
                };
                if let Some(n) = number {
                    by_number.insert(n, id);
                }
                planned.push(Planned {
                    line: row.line,
                    id,
                    fields,
                    depends_on: row.get("depends_on").to_string(),
                });
            }
            Err(why) => bad.push((row.line, why)),
        }
    }
    // Dependencies name rows of the file first, then changes of the session.
    let mut deps: Vec<(usize, Vec<ChangeId>)> = Vec::new();
    for (i, p) in planned.iter().enumerate() {
        match dependencies(&doc.session, &p.depends_on, &by_number) {
            Ok(ids) if ids.is_empty() => {}
            Ok(ids) => deps.push((i, ids)),
            Err(why) => bad.push((p.line, format!("depends_on: {why}"))),
        }
    }
    let summary = format!(
        "nothing was imported: {} row(s) of {file_name} are bad",
        bad.len()
    );
    refuse_bad_rows(file, bad, summary)?;
    if planned.is_empty() {
        bail!("{file_name} has no changes below its header; nothing was imported");
    }
    let now = ctx.clock.now();
    let mut ops = Vec::new();
    let mut apply = |session: &mut Session, line: u64, kind: OpKind, id: OpId| {
        let op = Op::new(id, ctx.user, now, kind);
        session
            .apply(op.clone())
            .map_err(|e| anyhow!("{file_name}:{line}: {e}; nothing was imported"))?;
        ops.push(op);
        anyhow::Ok(())
    };
    // Every change first, then the dependencies: a row may depend on a later one.
    for p in &planned {
        let kind = OpKind::AddChange {
            fields: Box::new(p.fields.clone()),
        };
        apply(&mut doc.session, p.line, kind, OpId(p.id.0))?;
    }
    for (i, ids) in deps {
        let p = &planned[i];
        let kind = OpKind::EditChange {
            change: p.id,
            edits: vec![ChangeEdit::DependsOn(ids)],
            was: vec![],
        };
        apply(&mut doc.session, p.line, kind, OpId::new_random())?;
    }
    let committed = commit_all(&doc, &ops, "edits")?;
    let session = &committed.loaded.session;
    let labels: Vec<String> = planned
        .iter()
        .filter_map(|p| session.change(p.id).map(|c| c.label()))
        .collect();
    say_imported(out, &labels, "change", "changes")?;
    Ok(ExitCode::SUCCESS)
}

/// The change a row describes (without its dependencies), or every reason it is bad,
/// each with its column.
fn row_fields(row: &Row) -> Result<ChangeFields, String> {
    let mut problems = Vec::new();
    let cell = |c: &str| {
        unneutralised(row.get(c))
            .replace("\r\n", "\n")
            .replace('\r', "\n")
    };
    let line = |c: &str| unneutralised(row.get(c)).trim().to_string();
    for required in ["area", "item"] {
        if row.get(required).trim().is_empty() {
            problems.push(format!("{required}: empty"));
        }
    }
    let action = match row.get("action").trim() {
        "" => Action::default(),
        a => Action::parse(a).unwrap_or_else(|| {
            problems.push(format!("action: \"{a}\" is not add, modify or remove"));
            Action::default()
        }),
    };
    let irreversible = match row.get("irreversible").trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" => false,
        "yes" | "y" | "true" | "1" | "x" => true,
        other => {
            problems.push(format!("irreversible: \"{other}\" is not yes or no"));
            false
        }
    };
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(ChangeFields {
        area: line("area"),
        item: line("item"),
        action,
        navigation: line("navigation"),
        before: cell("before"),
        after: cell("after"),
        description: cell("description"),
        replication_notes: cell("notes"),
        depends_on: Vec::new(),
        risk_note: cell("risk"),
        irreversible,
        backout_note: cell("back_out"),
    })
}

/// A cell as it was before `export` kept a spreadsheet from running it as a formula:
/// without the `'` written in front of a leading `=`, `+`, `-`, `@`, tab or CR.
fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The ids `names` stands for: a row of the file by the number it was exported with,
/// else a change of the session (not removed).
fn dependencies(
    session: &Session,
    names: &str,
    by_number: &HashMap<u32, ChangeId>,
) -> Result<Vec<ChangeId>, String> {
    let mut ids = Vec::new();
    for name in names
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|n| !n.is_empty())
    {
        let number = parse_change_label(name).ok_or(format!("\"{name}\" is not a change"))?;
        let id = match by_number.get(&number) {
            Some(id) => *id,
            None => match session.change_by_number(number) {
                Some(c) if !c.is_removed() => c.id,
                Some(c) => return Err(format!("{} has been removed", c.label())),
                None => return Err(format!("there is no change \"{name}\"")),
            },
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}
