//! A test script in full (Enter on the Tests screen): title, owner and priority,
//! preconditions, numbered steps with their expected results, the changes it covers
//! with their current text, and every result recorded for it, with who, when and why.

use super::theme::Theme;
use crate::app::App;
use crate::model::{EffectiveStatus, ScriptId};
use crate::vocab::{change_summary, result_mark};
use ratatui::text::{Line, Span};

/// The lines of the pop-up (the caller frames and scrolls them).
pub fn lines<'a>(app: &App, id: ScriptId, theme: Theme) -> (String, Vec<Line<'a>>) {
    let s = &app.doc.session;
    let Some(script) = s.script(id) else {
        return (String::new(), Vec::new());
    };
    let f = &script.fields;
    let title = format!("{}: {}", script.label(), f.title);
    let label = |text: &'static str| Span::styled(text, theme.label(false));
    let mut out = vec![Line::from(vec![
        label("Owner     "),
        Span::raw(f.owner.clone().unwrap_or_else(|| "—".into())),
        label("   Priority "),
        Span::raw(f.priority.map_or("—".to_string(), |p| p.to_string())),
    ])];
    if let Some(removed) = &script.removed {
        out.push(Line::styled(
            format!("Removed by {}: {}", removed.by, removed.reason),
            theme.bad(),
        ));
    }
    out.push(Line::raw(""));
    out.push(Line::from(label("Preconditions")));
    if f.preconditions.trim().is_empty() {
        out.push(Line::styled("—", theme.dim()));
    }
    out.extend(f.preconditions.lines().map(|l| Line::raw(l.to_string())));
    out.push(Line::raw(""));
    out.push(Line::from(label("Steps (→ expected result)")));
    if f.steps.is_empty() {
        out.push(Line::styled("—", theme.dim()));
    }
    for (i, step) in f.steps.iter().enumerate() {
        out.push(Line::raw(format!("{:>2}. {}", i + 1, step.action)));
        if !step.expected.trim().is_empty() {
            out.push(Line::styled(
                format!("    → {}", step.expected),
                theme.dim(),
            ));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::from(label("Covers")));
    if f.covers.is_empty() {
        out.push(Line::styled("no change of the Work Plan", theme.dim()));
    }
    for c in f.covers.iter().filter_map(|id| s.change(*id)) {
        let removed = if c.is_removed() { " (removed)" } else { "" };
        out.push(Line::raw(format!(
            "{}{removed}  {}",
            c.label(),
            change_summary(c)
        )));
    }
    out.push(Line::raw(""));
    out.push(Line::from(label("Results")));
    let history = s.script_history(id);
    if history.is_empty() {
        out.push(Line::styled("not run in any round yet", theme.dim()));
    }
    let grid = app.test_grid();
    let row = grid.script_index(id);
    for (round, r) in history {
        let mark = crate::vocab::result_mark_of(r.status);
        let mut text = format!(
            "round {round}  {} {}  {} {}",
            mark.glyph,
            r.status,
            r.tester,
            app.local(r.at).format("%Y-%m-%d %H:%M")
        );
        if !r.comment.trim().is_empty() {
            text.push_str(&format!(" — {}", r.comment.trim()));
        }
        out.push(Line::styled(text, theme.tone(mark.tone)));
    }
    // Where it stands now, in each round (carried and retest marks included).
    if let Some(row) = row
        && !grid.rounds().is_empty()
    {
        let now: Vec<Span> = grid
            .rounds()
            .iter()
            .enumerate()
            .filter_map(|(c, r)| {
                let cell = grid.cell(row, c)?;
                let mark = result_mark(cell.status);
                // Why a pass no longer counts: which change moved under it.
                let why = match cell.status {
                    EffectiveStatus::NeedsRetest { passed_in, change } => format!(
                        " ({} changed since the pass in R{passed_in})",
                        s.change(change).map(|c| c.label()).unwrap_or_default()
                    ),
                    _ => String::new(),
                };
                Some(Span::styled(
                    format!("R{} {} {}{why}   ", r.number, mark.glyph, cell.status),
                    theme.tone(mark.tone),
                ))
            })
            .collect();
        out.push(Line::raw(""));
        out.push(Line::from(label("Now")));
        out.push(Line::from(now));
    }
    (title, out)
}
