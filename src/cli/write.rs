//! Commands that write to a session from a shell: `log`, `add-round`, `recover`, and
//! what every writing command shares (loading a session to write, committing one op,
//! finding a script; `mark`, the scripts and `import` have files of their own). Each
//! applies its ops and commits them under the file lock, so they can run alongside open
//! TUIs and each other. A file the user may not write, or a session that fails `check`,
//! is refused before anything is applied.

use super::args::LogArgs;
use super::commands::Context;
use super::values::EnvArg;
use crate::model::{ChangeFields, Op, OpId, OpKind, ScriptId, Session, parse_script_label};
use crate::store::{ApplyError, Loaded, Writing, read_rescue};
use anyhow::{anyhow, bail};
use std::io::Write;
use std::process::ExitCode;

/// The session a command names, loaded to be written.
pub(super) fn load(ctx: &Context, wanted: &str) -> anyhow::Result<Loaded> {
    Ok(Loaded::load_for_writing(&ctx.store.resolve(wanted)?)?)
}

/// The session a command names, opened to write ops its lean copy takes (a change
/// logged, a result recorded, an attempt to apply a change started, finished or
/// cancelled), with the changes numbered `numbers` readable in it (see [`Writing`]).
/// It holds the session's lock until dropped.
pub(super) fn open(ctx: &Context, wanted: &str, numbers: &[u32]) -> anyhow::Result<Writing> {
    Ok(Writing::open(&ctx.store.resolve(wanted)?, numbers)?)
}

/// Applies one op made now by the user to a loaded session and commits it.
pub(super) fn apply(
    ctx: &Context,
    mut doc: Loaded,
    kind: OpKind,
) -> anyhow::Result<(Loaded, OpId)> {
    let op = Op::fresh(ctx.user, ctx.clock.now(), kind);
    let id = op.id;
    match doc.apply_and_commit(op) {
        Ok(saved) => {
            say_converted(saved.conversion_note());
            Ok((doc, id))
        }
        Err(e) => Err(explained(e, &doc.path)),
    }
}

/// Applies one op made now by the user to a session opened to write and commits it.
pub(super) fn commit(ctx: &Context, doc: &mut Writing, kind: OpKind) -> anyhow::Result<OpId> {
    let op = Op::fresh(ctx.user, ctx.clock.now(), kind);
    let id = op.id;
    match doc.apply_and_commit(op) {
        Ok(note) => {
            say_converted(note);
            Ok(id)
        }
        Err(e) => Err(explained(e, doc.path())),
    }
}

fn explained(e: ApplyError, path: &std::path::Path) -> anyhow::Error {
    match e {
        // A refusal of the edit itself: say where nothing was written.
        e @ ApplyError::Refused(_) => {
            anyhow::Error::from(e).context(format!("nothing was written to {}", path.display()))
        }
        // A file error names the file and says so already.
        ApplyError::Store(e) => e.into(),
    }
}

/// Says on stderr (so the output of a command stays its own) that a save converted an
/// older session file.
pub(super) fn say_converted(note: Option<String>) {
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
}

pub fn log(ctx: &Context, args: LogArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let wanted = args.depends_on.join(",");
    let mut doc = open(ctx, &args.session, &Session::change_numbers_named(&wanted))?;
    let depends_on = doc
        .session()
        .change_ids_named(&wanted)
        .map_err(|name| anyhow!("--depends-on: there is no change \"{name}\""))?;
    let mut fields = ChangeFields {
        action: args.action.into(),
        depends_on,
        irreversible: args.irreversible,
        ..ChangeFields::default()
    };
    for (field, text) in args.texts {
        if let Some(value) = fields.text_mut(field) {
            *value = text;
        }
    }
    let kind = OpKind::AddChange {
        fields: Box::new(fields),
    };
    let id = commit(ctx, &mut doc, kind)?;
    let label = doc
        .session()
        .change(crate::model::ChangeId(id.0))
        .map(|c| c.label())
        .ok_or_else(|| anyhow!("the change was written but cannot be found again"))?;
    // The lock let go before printing (a stalled pipe must not hold other writers up).
    drop(doc);
    writeln!(out, "{label}")?;
    Ok(ExitCode::SUCCESS)
}

/// The label of script `id` in `session` (`TS-003`), empty if it is not there.
pub(super) fn script_label(session: &Session, id: ScriptId) -> String {
    session.script(id).map(|s| s.label()).unwrap_or_default()
}

/// The script labelled `text` (`TS-3`, `ts-003`, `3`), removed or not.
pub(super) fn find_script(session: &Session, text: &str) -> anyhow::Result<ScriptId> {
    parse_script_label(text)
        .and_then(|n| session.script_by_number(n))
        .map(|s| s.id)
        .ok_or_else(|| {
            let labels: Vec<String> = session.scripts().iter().map(|s| s.label()).collect();
            let have = match labels.as_slice() {
                [] => "this session has no test scripts yet".to_string(),
                [one] => format!("this session has {one}"),
                [first, .., last] => format!("this session has {first} to {last}"),
            };
            anyhow!("there is no test script \"{text}\" ({have})")
        })
}

pub fn add_round(
    ctx: &Context,
    wanted: &str,
    name: &str,
    step: Option<u32>,
    env: EnvArg,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let doc = load(ctx, wanted)?;
    let session = &doc.session;
    let step = match step {
        Some(s) => s,
        None => session
            .current_step()
            .filter(|s| s.kind.is_testing())
            .or_else(|| session.steps().iter().find(|s| s.kind.is_testing()))
            .map(|s| s.number)
            .ok_or_else(|| anyhow!("the process has no testing step"))?,
    };
    if session.step(step).is_none() {
        bail!("there is no step {step}");
    }
    let kind = OpKind::AddTestRound {
        name: name.to_string(),
        step,
        env: env.into(),
    };
    let (doc, id) = apply(ctx, doc, kind)?;
    let number = doc
        .session
        .round(crate::model::RoundId(id.0))
        .map(|r| r.number)
        .unwrap_or(0);
    writeln!(out, "round {number}")?;
    Ok(ExitCode::SUCCESS)
}

/// Applies the ops of a rescue file that are not in the session yet, committing them as
/// any other edit (merged under the lock); reports those that no longer apply.
pub fn recover(
    ctx: &Context,
    file: &std::path::Path,
    session: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let ops = read_rescue(file)?;
    let path = match session {
        Some(s) => ctx.store.resolve(s)?,
        None => {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            let session_name = name
                .split_once(".unsaved-")
                .map(|(s, _)| s.to_string())
                .ok_or_else(|| {
                    anyhow!("cannot tell the session from the file name; pass --session")
                })?;
            let beside = file.with_file_name(&session_name);
            if beside.is_file() {
                beside
            } else {
                ctx.store.resolve(&session_name)?
            }
        }
    };
    let mut doc = Loaded::load_for_writing(&path)?;
    let on_top = doc.session.apply_on_top(ops);
    let pending = on_top.applied;
    let mut refused: Vec<(Op, String)> = on_top
        .refused
        .into_iter()
        .map(|(op, e)| (op, e.to_string()))
        .collect();
    // Nothing new: nothing is written (a save would push the last backup out).
    let recovered = if pending.is_empty() {
        0
    } else {
        let committed = doc.commit(&pending)?;
        say_converted(committed.saved.conversion_note());
        refused.extend(
            committed
                .saved
                .conflicts
                .into_iter()
                .map(|c| (c.op, c.error.to_string())),
        );
        committed.saved.written.len()
    };
    writeln!(
        out,
        "{recovered} edit{} recovered into {}",
        if recovered == 1 { "" } else { "s" },
        doc.path.display()
    )?;
    for (op, why) in &refused {
        writeln!(
            out,
            "not applied: {} by {} at {}: {}",
            crate::vocab::describe_op(&op.kind, &doc.session),
            crate::safe_text::one_line(&op.author),
            op.at,
            crate::safe_text::one_line(why)
        )?;
    }
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
