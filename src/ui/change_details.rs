//! A change in full (Enter in the Work plan): every field wrapped, the warnings first,
//! then every attempt in every environment and the scripts that cover it; read-only
//! (`e` edits it).

use super::theme::Theme;
use crate::app::App;
use crate::model::{ChangeId, TimeOf, format_duration};
use crate::vocab::outage::{attempt_outcome, attempt_remarks, replay_text};
use ratatui::text::{Line, Span};

/// The lines of the pop-up (the caller frames and scrolls them).
pub fn lines<'a>(app: &App, id: ChangeId, theme: Theme) -> (String, Vec<Line<'a>>) {
    let s = &app.doc.session;
    let Some(c) = s.change(id) else {
        return (String::new(), Vec::new());
    };
    let f = &c.fields;
    let title = format!("{} · {} / {} · {}", c.label(), f.area, f.item, f.action);
    let label = |text: String| Span::styled(text, theme.label(false));
    let mut out: Vec<Line> = Vec::new();
    for (name, text) in replay_text(s, c, s.working_env(), &app.user, app.now()) {
        if name.is_empty() {
            out.push(Line::styled(text, theme.bad()));
            continue;
        }
        let mut parts = text.lines();
        out.push(Line::from(vec![
            label(format!("{name}: ")),
            Span::raw(parts.next().unwrap_or_default().to_string()),
        ]));
        out.extend(parts.map(|l| Line::raw(format!("  {l}"))));
    }
    out.push(Line::from(label(format!(
        "Logged by {} at {}; {} edit(s)",
        c.author,
        app.local(c.created_at).format("%Y-%m-%d %H:%M"),
        c.revision
    ))));
    out.push(Line::raw(""));
    out.push(Line::from(label("Attempts".into())));
    if c.applications.is_empty() {
        out.push(Line::styled("none yet", theme.dim()));
    }
    for a in &c.applications {
        let took = if a.timer.first_start().is_none() {
            "not timed".to_string()
        } else {
            format_duration(a.timer.elapsed(a.finished_at.unwrap_or(app.now())))
        };
        out.push(Line::raw(format!(
            "  {} · {} · {took} · {}{}",
            s.env_name(a.env),
            a.by,
            attempt_outcome(a),
            attempt_remarks(a)
        )));
    }
    out.push(Line::raw(""));
    out.push(Line::from(label(
        app.keymap
            .fill("Time entries ({Details.VoidTime} voids one)"),
    )));
    out.extend(super::time_entries::entry_lines(
        app,
        TimeOf::Change(id),
        theme,
    ));
    out.push(Line::raw(""));
    out.push(Line::from(label("Covered by".into())));
    let covering: Vec<String> = s
        .active_scripts()
        .filter(|sc| sc.fields.covers.contains(&id))
        .map(|sc| format!("  {} {}", sc.label(), sc.fields.title))
        .collect();
    if covering.is_empty() {
        out.push(Line::styled("no test script", theme.warn()));
    }
    out.extend(covering.into_iter().map(Line::raw));
    out.push(Line::raw(""));
    out.push(Line::styled(
        app.keymap.fill(
            "{Details.EditChange} edits it · {Details.VoidTime} voids a time entry · \
             {Popup.Up}/{Popup.Down} scroll · {Popup.Back} closes",
        ),
        theme.dim(),
    ));
    (title, out)
}
