//! `add-script` and `remove-script`: a test script added with its steps, preconditions,
//! owner and priority, or taken out of the Test Plan (it keeps its results).

use super::args::AddScriptArgs;
use super::commands::Context;
use super::script_input::covered_changes;
use super::write::{apply, find_script, load, script_label};
use crate::model::{OpKind, ScriptFields, ScriptId, steps_from_text};
use anyhow::anyhow;
use std::io::Write;
use std::process::ExitCode;

pub fn add_script(
    ctx: &Context,
    args: AddScriptArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let steps = steps_from_text(&args.steps, &args.expected)
        .map_err(|e| anyhow!("--steps and --expected: {e}"))?;
    let doc = load(ctx, &args.session)?;
    let covers = covered_changes(&doc.session, &args.covers.join(","))
        .map_err(|e| anyhow!("--covers: {e}"))?;
    let fields = ScriptFields {
        title: args.title,
        preconditions: args.preconditions,
        steps,
        covers,
        owner: args.owner,
        priority: args.priority.map(Into::into),
    };
    let (doc, id) = apply(
        ctx,
        doc,
        OpKind::AddTestScript {
            fields: Box::new(fields),
        },
    )?;
    writeln!(out, "{}", script_label(&doc.session, ScriptId(id.0)))?;
    Ok(ExitCode::SUCCESS)
}

pub fn remove_script(
    ctx: &Context,
    wanted: &str,
    script: &str,
    reason: &str,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let doc = load(ctx, wanted)?;
    let script = find_script(&doc.session, script)?;
    let kind = OpKind::RemoveTestScript {
        script,
        reason: reason.to_string(),
    };
    let (doc, _) = apply(ctx, doc, kind)?;
    let label = script_label(&doc.session, script);
    writeln!(out, "{label} removed from the Test Plan")?;
    Ok(ExitCode::SUCCESS)
}
