//! The edits of yours that clashed with someone else's: the list, and for the one
//! selected, your value and the one now in the session side by side.

use super::text::{fit, pad};
use super::theme::Theme;
use crate::app::App;
use crate::vocab::conflict::sides;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// How many lines of each value are shown side by side.
const VALUE_LINES: usize = 4;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect, selected: usize) {
    let w = area.width as usize;
    let s = &app.doc.session;
    let mut lines = vec![Line::styled(
        fit(
            &app.keymap.fill(
                "{Conflicts.Up}/{Conflicts.Down} choose · {Conflicts.KeepYours} keeps yours \
                 (applied over theirs) · {Conflicts.DropMine} drops it · {Conflicts.Back} closes",
            ),
            w,
        ),
        theme.dim(),
    )];
    for (i, c) in app.conflicts.iter().enumerate() {
        let text = format!(
            "{} {}",
            app.local(c.op.at).format("%H:%M:%S"),
            crate::vocab::describe_op(&c.op.kind, s),
        );
        let style = if i == selected {
            theme.selected(true)
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(fit(&text, w), style));
    }
    // Why `r` could not keep yours, in full (the status line may cut it).
    if let Some(crate::app::Message::Error(e)) = &app.message {
        // Wrapped by the paragraph (every other line is cut to the width already).
        lines.push(Line::styled(format!("✗ Not kept: {e}"), theme.bad()));
    }
    if let Some(c) = app.conflicts.get(selected) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            fit(&format!("Why: {}", c.error), w),
            theme.warn(),
        ));
        let what_w = 24.min(w / 4);
        let side_w = w.saturating_sub(what_w + 2) / 2;
        lines.push(Line::styled(
            fit(
                &format!(
                    "{}{}  {}",
                    pad("", what_w),
                    pad("Yours", side_w),
                    "Now in the session"
                ),
                w,
            ),
            theme.label(false),
        ));
        for (what, yours, now) in sides(&c.op.kind, &c.error, s) {
            let left: Vec<&str> = yours.lines().collect();
            let right: Vec<&str> = now.lines().collect();
            let rows = left.len().max(right.len()).clamp(1, VALUE_LINES);
            for r in 0..rows {
                let name = if r == 0 { what.as_str() } else { "" };
                let cut = |part: &[&str]| {
                    let text = part.get(r).copied().unwrap_or("");
                    if r + 1 == rows && part.len() > rows {
                        format!("{text} …")
                    } else {
                        text.to_string()
                    }
                };
                let (mine, theirs) = (cut(&left), cut(&right));
                let differs = yours != now;
                lines.push(Line::from(vec![
                    Span::styled(pad(&fit(name, what_w), what_w), theme.dim()),
                    Span::raw(pad(&fit(&mine, side_w), side_w)),
                    Span::raw("  "),
                    Span::styled(
                        fit(&theirs, side_w),
                        if differs { theme.warn() } else { theme.dim() },
                    ),
                ]));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}
