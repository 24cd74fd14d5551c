//! `apply` and `status`: recording the replay of a change from a shell, by the same
//! rules as the Outage screen (dependencies wait unless `--override` gives a reason, an
//! irreversible change starts only with `--yes`, failures, skips and cancels need a
//! note, the rehearsal a rating), and the one-line status for a chat message.

use super::args::ApplyArgs;
use super::commands::Context;
use super::values::ApplyArg;
use super::write::{commit, open};
use crate::model::OpError;
use crate::model::{Change, ChangeId, EnvKey, OpKind, Outcome, Session, parse_change_label};
use crate::store::{ApplyError, Loaded, Writing};
use crate::vocab::outage::{done_words, span, status_line};
use anyhow::{anyhow, bail};
use std::io::Write;
use std::process::ExitCode;

pub fn apply(
    ctx: &Context,
    args: ApplyArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let wanted: Vec<u32> = parse_change_label(&args.change).into_iter().collect();
    let mut doc = open(ctx, &args.session, &wanted)?;
    let session = doc.session();
    let change = find_change(session, &args.change)?;
    let env = args
        .env
        .map(EnvKey::from)
        .unwrap_or_else(|| session.working_env());
    let (id, label) = (change.id, change.label());
    let note = args.note.trim().to_string();
    let kind = match args.what {
        ApplyArg::Start => {
            if let Some(done) = change
                .latest_application(env)
                .filter(|a| a.outcome == Some(Outcome::Applied) && !args.yes)
            {
                bail!(
                    "{label} is already applied in {} (by {}); add --yes to apply it again",
                    session.env_name(env),
                    done.by
                );
            }
            if change.fields.irreversible && !args.yes {
                bail!(
                    "{label} is irreversible; its back-out note says: {}\nadd --yes to start it",
                    backout(change)
                );
            }
            OpKind::StartApplication {
                change: id,
                env,
                override_reason: args.override_reason.clone(),
            }
        }
        ApplyArg::Cancel => OpKind::CancelApplication {
            change: id,
            env,
            reason: note,
        },
        ApplyArg::Done | ApplyArg::Failed | ApplyArg::Skipped => OpKind::FinishApplication {
            change: id,
            env,
            outcome: match args.what {
                ApplyArg::Done => Outcome::Applied,
                ApplyArg::Failed => Outcome::Failed,
                _ => Outcome::Skipped,
            },
            note,
            replicability: None,
            rating: args.rating.map(Into::into),
        },
    };
    let own = args.what == ApplyArg::Start && session.replays_own_change(change, env, ctx.user);
    commit(ctx, &mut doc, kind).map_err(with_option_hint)?;
    let said = recorded(&doc, id, env, args.what);
    // The lock let go before printing (a stalled pipe must not hold other writers up).
    drop(doc);
    if own {
        writeln!(
            err,
            "warning: you made {label}; the rehearsal should be replayed by someone who did not"
        )?;
    }
    writeln!(out, "{said}")?;
    Ok(ExitCode::SUCCESS)
}

/// A refusal with the option that answers it (`--override`, `--note`, `--rating`).
fn with_option_hint(e: anyhow::Error) -> anyhow::Error {
    let hint = match e.downcast_ref::<ApplyError>() {
        Some(ApplyError::Refused(refusal)) => match refusal {
            OpError::DependenciesNotApplied { .. } => "give the reason with --override REASON",
            OpError::ReasonRequired(_) | OpError::NoteRequired { .. } => "give it with --note TEXT",
            OpError::RatingRequired { .. } => {
                "give --rating as-written, ambiguous, improvised or wrong-value"
            }
            _ => return e,
        },
        _ => return e,
    };
    anyhow!("{e:#}\n{hint}")
}

/// What was recorded, in one line (`WP-004 applied in Production in 12 min · 5/20
/// applied`).
fn recorded(doc: &Writing, id: ChangeId, env: EnvKey, what: ApplyArg) -> String {
    let s = doc.session();
    let Some(change) = s.change(id) else {
        return String::new();
    };
    let (label, name) = (change.label(), s.env_name(env));
    let rehearsed = s.rehearsal().of(id);
    let mut text = match what {
        ApplyArg::Start => match rehearsed {
            Some(d) => format!("{label} started in {name} (rehearsed in {})", span(d)),
            None => format!("{label} started in {name}"),
        },
        ApplyArg::Cancel => format!("{label}: the attempt in {name} is cancelled"),
        _ => {
            let outcome = change
                .latest_application(env)
                .and_then(|a| a.outcome)
                .map_or("recorded", Outcome::word);
            match change.measured_in(env) {
                Some(d) => format!("{label} {outcome} in {name} in {}", span(d)),
                None => format!("{label} {outcome} in {name}"),
            }
        }
    };
    if env == EnvKey::Production {
        text.push_str(&format!(" · {}", done_words(doc.done(doc_now(s)))));
    }
    text
}

/// The time of the session's last op: what `recorded` counts up to (the op just made).
fn doc_now(s: &Session) -> chrono::DateTime<chrono::Utc> {
    s.history().last().map_or(s.created_at(), |op| op.at)
}

/// The change's back-out note, or that it has none.
fn backout(change: &Change) -> String {
    let note = change.fields.backout_note.trim();
    if note.is_empty() {
        "(none written)".to_string()
    } else {
        crate::safe_text::one_line(note).into_owned()
    }
}

/// The change labelled `text` (`WP-4`, `wp-004`, `4`), not removed.
fn find_change<'s>(session: &'s Session, text: &str) -> anyhow::Result<&'s Change> {
    let change = parse_change_label(text)
        .and_then(|n| session.change_by_number(n))
        .ok_or_else(|| {
            anyhow!(
                "there is no change \"{}\" in the Work Plan",
                crate::safe_text::one_line(text)
            )
        })?;
    if change.is_removed() {
        bail!("{} has been removed from the Work Plan", change.label());
    }
    Ok(change)
}

pub fn status(ctx: &Context, wanted: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let doc = Loaded::load(&ctx.store.resolve(wanted)?)?;
    writeln!(out, "{}", status_line(&doc.session, ctx.clock.now(), None))?;
    Ok(ExitCode::SUCCESS)
}
