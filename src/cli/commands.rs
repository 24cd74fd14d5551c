//! The headless commands: `new`, `list`, `check`, and the overview shown with none.

use super::table::{render, truncate};
use super::values::ScreenArg;
use crate::app::{App, Draft, Saver, ScreenId};
use crate::clock::Clock;
use crate::clock::SystemClock;
use crate::model::{Session, SessionMeta};
use crate::safe_text::{multi_line, one_line};
use crate::store::{Loaded, Store, StoreError, builtin_template, load_template};
use crate::tui;
use anyhow::Context as _;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// What every command needs: where sessions live, who is working, and the time.
pub struct Context<'a> {
    pub store: &'a Store,
    pub user: &'a str,
    pub clock: &'a dyn Clock,
    /// The user's settings (config file) in effect.
    pub settings: &'a crate::config::Settings,
}

pub fn new(
    ctx: &Context,
    title: &str,
    template: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let template = match template {
        Some(path) => load_template(path)?,
        None => {
            let mut builtin = builtin_template()?;
            ctx.settings.config.apply_to(&mut builtin);
            builtin
        }
    };
    let meta = SessionMeta {
        id: uuid::Uuid::new_v4(),
        title: title.trim().to_string(),
        created_at: ctx.clock.now(),
        created_by: ctx.user.to_string(),
    };
    let session = Session::new(&template, meta).context("cannot create the session")?;
    let path = ctx.store.create(&session)?;
    writeln!(
        out,
        "Created \"{}\" from {} ({} steps).\nSaved to {}",
        one_line(session.title()),
        one_line(&template.name),
        session.steps().len(),
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses a title another session already has (any case, spaces around aside): a
/// duplicate makes every start of the title ambiguous when a command names a session.
pub fn refuse_same_title(ctx: &Context, title: &str) -> anyhow::Result<()> {
    let wanted = title.trim().to_lowercase();
    // A sessions folder that cannot be read is `new`'s to report, in its own words.
    let Ok(listed) = ctx.store.list() else {
        return Ok(());
    };
    let same = listed.into_iter().find(|l| {
        l.glance
            .as_ref()
            .is_ok_and(|g| g.title.trim().to_lowercase() == wanted)
    });
    if let Some(other) = same {
        anyhow::bail!(
            "a session titled \"{}\" exists already: {}; choose another title, or add \
             --force to create a second one",
            one_line(title.trim()),
            other.path.display()
        );
    }
    Ok(())
}

pub fn list(ctx: &Context, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let listed = ctx.store.list()?;
    if listed.is_empty() {
        writeln!(
            out,
            "No sessions in {}.\nCreate one with: cmo-promote new \"TITLE\"",
            ctx.store.sessions_dir().display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for entry in &listed {
        let file = entry
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let modified = entry
            .modified
            .map(|m| m.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "?".into());
        match &entry.glance {
            Ok(g) => {
                let step = match &g.current_step {
                    Some((number, title)) => truncate(&format!("{number}. {title}"), 40),
                    None => "all steps finished".into(),
                };
                let retest = match g.needs_retest {
                    0 => String::new(),
                    n => n.to_string(),
                };
                rows.push(vec![
                    truncate(&g.title, 40),
                    step,
                    format!("{}/{}", g.finished_steps, g.steps),
                    g.active_changes.to_string(),
                    retest,
                    g.copy_back_due
                        .map(|due| {
                            let (text, _) = crate::vocab::outage::copy_back_due_words(
                                due,
                                ctx.clock.now(),
                                None,
                            );
                            text.trim_start_matches("copy-back ").to_string()
                        })
                        .unwrap_or_default(),
                    modified,
                    file,
                ]);
            }
            Err(e) => {
                rows.push(vec![
                    "(unreadable)".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    modified,
                    file,
                ]);
                unreadable.push(e.to_string());
            }
        }
    }
    let header = [
        "TITLE",
        "CURRENT STEP",
        "DONE",
        "CHANGES",
        "RETEST",
        "COPY-BACK",
        "MODIFIED",
        "FILE",
    ];
    write!(out, "{}", render(&header, &rows))?;
    for reason in unreadable {
        writeln!(out, "unreadable: {}", multi_line(&reason))?;
    }
    writeln!(
        out,
        "Sessions folder: {}",
        ctx.store.sessions_dir().display()
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(
    ctx: &Context,
    wanted: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let path = ctx.store.resolve(wanted)?;
    // The file itself, not its cache; checked with one session whole in memory at a
    // time, then read again to say what is wrong if its history does not rebuild it.
    let (loaded, problems) = match Loaded::load_text(&path)?.into_checked() {
        Some(loaded) if loaded.checked => (loaded, Vec::new()),
        Some(loaded) => {
            let problems = loaded.session.problems();
            (loaded, problems)
        }
        None => {
            let loaded = Loaded::load_text(&path)?;
            let problems = loaded.session.problems();
            (loaded, problems)
        }
    };
    let s = &loaded.session;
    if problems.is_empty() {
        let warnings = s.order_warnings();
        if !warnings.is_empty() {
            writeln!(
                out,
                "{}: {} order warning(s) (the file is sound; the process was not followed):",
                path.display(),
                warnings.len()
            )?;
            for w in warnings {
                writeln!(out, "  - {}", one_line(&w.to_string()))?;
            }
        }
        writeln!(
            out,
            "ok: {}: \"{}\", {} steps ({} finished), {} changes, {} test scripts, {} ops in history",
            path.display(),
            one_line(s.title()),
            s.steps().len(),
            s.finished_steps(),
            s.active_changes().count(),
            s.scripts().len(),
            s.history().len()
        )?;
        if crate::store::lean_agrees(&loaded) == Some(false) {
            writeln!(
                out,
                "note: {} did not agree with the session and was removed (the next write \
                 from a shell reads the session whole and makes a new one)",
                crate::store::lean_path(&path).display()
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    out.flush()?;
    writeln!(err, "{}: {} problem(s):", path.display(), problems.len())?;
    for p in problems {
        writeln!(err, "  - {}", one_line(&p.to_string()))?;
    }
    Ok(ExitCode::FAILURE)
}

/// Opens a session in the TUI, on `screen` if given.
pub fn open(
    ctx: &Context,
    wanted: &str,
    mouse: bool,
    screen: Option<ScreenArg>,
) -> anyhow::Result<ExitCode> {
    let path = ctx.store.resolve(wanted)?;
    run_tui(
        ctx,
        &path,
        mouse,
        screen.map(Opening::On).unwrap_or(Opening::Home),
    )
}

/// `watch`: the session read-only and live, on the board during the outage.
pub fn watch(ctx: &Context, wanted: &str, mouse: bool) -> anyhow::Result<ExitCode> {
    let path = ctx.store.resolve(wanted)?;
    run_tui(ctx, &path, mouse, Opening::Watch)
}

/// How the TUI opens.
#[derive(Debug, Clone, Copy)]
enum Opening {
    /// On the first screen.
    Home,
    On(ScreenArg),
    /// Read-only, following the session (`watch`).
    Watch,
}

/// The TUI screen `--screen` names.
fn screen_id(s: ScreenArg) -> ScreenId {
    match s {
        ScreenArg::Promotion => ScreenId::Promotion,
        ScreenArg::Tests => ScreenId::Tests,
        ScreenArg::Outage => ScreenId::Outage,
        ScreenArg::History => ScreenId::History,
    }
}

fn run_tui(ctx: &Context, path: &Path, mouse: bool, opening: Opening) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the TUI needs a terminal; for scripts use `cmo-promote list` or `check`");
    }
    // A file from a newer version opens read-only when this version can still read it.
    let (loaded, read_only) = match Loaded::load(path) {
        Ok(l) => (l, None),
        Err(
            e @ StoreError::NewerFormat {
                found, supported, ..
            },
        ) => match Loaded::load_for_viewing(path) {
            Ok(l) => {
                let why = format!(
                    "newer file format {found} (this version reads {supported}); edit it \
                     with a newer cmo-promote"
                );
                (l, Some(why))
            }
            Err(_) => return Err(e.into()),
        },
        Err(e) => return Err(e.into()),
    };
    // A file this user may not write opens read-only too, and keeps following the file
    // (it becomes writable again once it is fine). Whether it passes `check` is worked
    // out by the saver, off the way of the first frame; one that fails turns read-only.
    let file_refusal = crate::store::write_refusal(&loaded.path);
    let drafts = kept_drafts(&loaded.path, ctx.user);
    let watching = matches!(opening, Opening::Watch);
    // A watcher follows the file with a saver it never hands an edit to.
    let saver = (read_only.is_none() || watching).then(|| Saver::spawn(&loaded));
    let mut app = App::new(loaded, ctx.user, Arc::new(SystemClock), saver);
    app.keymap = ctx.settings.keymap.clone();
    app.areas = ctx.settings.config.areas.clone();
    match (read_only, file_refusal) {
        (Some(why), _) => app.read_only = Some(why),
        (None, Some(why)) => app.set_file_refusal(Some(why)),
        (None, None) if !watching => app.offer_drafts(drafts),
        (None, None) => {}
    }
    match opening {
        Opening::Home => {}
        Opening::On(s) => app.show_screen(screen_id(s)),
        Opening::Watch => app.watch(),
    }
    if app.message.is_none()
        && let Some(notice) = ctx.settings.notice()
    {
        app.message = Some(crate::app::Message::Error(notice));
    }
    // The `NO_COLOR` convention: set and not empty.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let signal = tui::run(
        app,
        tui::Options {
            mouse: mouse && ctx.settings.config.mouse,
            theme: ctx.settings.theme(no_color),
        },
    )?;
    // Ended by a signal: exit as the shell expects (128 + its number).
    Ok(match signal {
        Some(sig) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(1)),
        None => ExitCode::SUCCESS,
    })
}

/// What this user was typing in this session when the program was last stopped.
fn kept_drafts(path: &Path, user: &str) -> Vec<(std::path::PathBuf, Draft)> {
    crate::store::read_drafts::<Draft>(path, user)
        .into_iter()
        .filter_map(|(p, read)| read.ok().map(|d| (p, d)))
        .filter(|(_, d)| d.author == user)
        .collect()
}

/// With no command: the most recently modified session in the TUI; with none yet, asks
/// for a title and creates the first one from the built-in process.
pub fn open_latest(
    ctx: &Context,
    mouse: bool,
    screen: Option<ScreenArg>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if let Some((path, _)) = ctx.store.session_files()?.into_iter().next() {
        let opening = screen.map(Opening::On).unwrap_or(Opening::Home);
        return run_tui(ctx, &path, mouse, opening);
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "no sessions in {} yet; create one with: cmo-promote new \"TITLE\"",
            ctx.store.sessions_dir().display()
        );
    }
    let default = format!("Promotion {}", ctx.clock.now().format("%Y-%m-%d"));
    write!(
        out,
        "No sessions yet in {}.\nTitle for a new session [{default}]: ",
        ctx.store.sessions_dir().display()
    )?;
    out.flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let title = if line.trim().is_empty() {
        default
    } else {
        line.trim().to_string()
    };
    new(ctx, &title, None, out)?;
    open_latest(ctx, mouse, screen, out)
}
