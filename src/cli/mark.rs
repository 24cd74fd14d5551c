//! `mark`: records a test result from a shell, by the same rules as the Tests screen. A
//! fail, a blocked result or a waiver needs a comment; the round defaults to the current
//! one ([`Session::current_round`]); a result recorded in another round says what
//! counts in the current one.

use super::args::MarkArgs;
use super::commands::Context;
use super::write::{commit, find_script, open, script_label};
use crate::model::{OpKind, ResultStatus, Session};
use crate::store::Writing;
use crate::vocab::comment_needed;
use anyhow::{anyhow, bail};
use std::io::Write;
use std::process::ExitCode;

/// What `mark` says on a session without scripts.
pub const NO_SCRIPTS: &str =
    "the session has no test scripts yet (add one with add-script or import --scripts)";

pub fn mark(ctx: &Context, args: MarkArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let status = ResultStatus::from(args.result);
    if let Some(needed) = comment_needed(status)
        && args.comment.trim().is_empty()
    {
        bail!("{} needs --comment saying {}", needed.result, needed.says);
    }
    let mut doc = open(ctx, &args.session, &[])?;
    let session = doc.session();
    if session.scripts().is_empty() {
        bail!(NO_SCRIPTS);
    }
    let script = find_script(session, &args.script)?;
    let round = match args.round {
        Some(n) => session
            .rounds()
            .iter()
            .find(|r| r.number == n)
            .ok_or_else(|| anyhow!("there is no test round {n} (see `add-round`)"))?,
        None => session.current_round().ok_or_else(|| {
            anyhow!("the session has no test round yet; start one with `cmo-promote add-round`")
        })?,
    };
    let (round, number) = (round.id, round.number);
    // What counts in the current round, said when another is marked, takes the
    // results, which the lean copy does not hold.
    if session.current_round().is_some_and(|c| c.id != round) {
        doc = Writing::Whole(doc.into_whole()?);
    }
    let kind = OpKind::RecordResult {
        round,
        script,
        status,
        comment: args.comment,
    };
    commit(ctx, &mut doc, kind)?;
    let session = doc.session();
    let mut said = format!(
        "{} {status} in round {number}",
        script_label(session, script)
    );
    if let Some(elsewhere) = current_elsewhere(session, round, script) {
        said.push_str(&format!(" ({elsewhere})"));
    }
    // The lock let go before printing (a stalled pipe must not hold other writers up).
    drop(doc);
    writeln!(out, "{said}")?;
    Ok(ExitCode::SUCCESS)
}

/// When `round` is not the current round: which it is, and what `script` counts as
/// there (`round 2 is the current round: there it counts as carried pass`).
fn current_elsewhere(
    session: &Session,
    round: crate::model::RoundId,
    script: crate::model::ScriptId,
) -> Option<String> {
    let current = session.current_round().filter(|c| c.id != round)?;
    let counts = session.effective_result(current.id, script)?.status;
    Some(format!(
        "round {} is the current round: there it counts as {counts}",
        current.number
    ))
}
