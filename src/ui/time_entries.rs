//! The numbered list of a step's or a change's time entries, as the void prompt
//! counts them: start, end, length, who, and for a voided entry who voided it and why.

use super::theme::Theme;
use crate::app::App;
use crate::model::{TimeOf, TimerTarget, format_duration};
use ratatui::text::Line;

/// One line per entry (`—` when there are none).
pub fn entry_lines<'a>(app: &App, of: TimeOf, theme: Theme) -> Vec<Line<'a>> {
    let s = &app.doc.session;
    let entries = s.time_entries(of);
    if entries.is_empty() {
        return vec![Line::styled("—", theme.dim())];
    }
    let now = app.now();
    entries
        .iter()
        .enumerate()
        .map(|(i, (target, e))| {
            let end = e
                .end
                .map(|t| app.local(t).format("%H:%M:%S").to_string())
                .unwrap_or_else(|| "running".into());
            let env = match target {
                TimerTarget::Application { env, .. } => format!("{} · ", s.env_name(*env)),
                TimerTarget::Step { .. } => String::new(),
            };
            let mut text = format!(
                "{:>2}. {env}{} → {end}  {}  by {}",
                i + 1,
                app.local(e.start).format("%Y-%m-%d %H:%M:%S"),
                format_duration(e.elapsed(now)),
                e.by
            );
            match &e.voided {
                Some(v) => {
                    text.push_str(&format!(" · voided by {}: {}", v.by, v.reason));
                    Line::styled(text, theme.dim())
                }
                None => Line::raw(text),
            }
        })
        .collect()
}
