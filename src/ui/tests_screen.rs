//! The Tests screen: the scripts × rounds grid with a symbol per result, the tally of
//! the round being marked, and a detail line for the selected script; the script
//! editor over it while it is open. Only the rows on screen are built.

use super::form;
use super::layout::inner;
use super::list;
use super::status;
use super::text::{cells, fit, pad};
use super::theme::Theme;
use crate::app::{App, ColumnHit, Hits, Pane, PaneHit};
use crate::model::{Session, Tally, TestRound};
use crate::vocab::result_mark;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cells per round column (` ✓  `).
const COLUMN_W: u16 = 4;
/// The script's label column and the gap after it.
const LABEL_W: usize = 8;
/// The widest the title column gets.
const MAX_TITLE_W: usize = 56;
/// Rows above the list (round line, tally, column heads) and below it (detail lines).
const HEAD_ROWS: u16 = 3;
const FOOT_ROWS: u16 = 2;

/// `R2` or, for the round being marked, the same emphasised by the caller.
fn round_head(r: &TestRound) -> String {
    format!("R{}", r.number)
}

/// The window of columns that fits `room` cells, from `first` (the app's sideways
/// scroll), moved only as far as needed to show `selected`.
fn visible_columns(
    count: usize,
    selected: Option<usize>,
    room: usize,
    first: usize,
) -> std::ops::Range<usize> {
    let fit = (room / COLUMN_W as usize).max(1).min(count);
    let mut start = first.min(count - fit);
    if let Some(s) = selected {
        if s < start {
            start = s;
        } else if s >= start + fit {
            start = s + 1 - fit;
        }
    }
    start..start + fit
}

/// A line about the round being marked: its step, environment and what is left.
fn round_line(s: &Session, round: &TestRound, tally: Tally) -> String {
    let step = s
        .step(round.step)
        .map(|st| format!("step {} {}", st.number, st.title))
        .unwrap_or_else(|| format!("step {}", round.step));
    let left = tally.not_run + tally.needs_retest;
    let default_name = format!("Round {}", round.number);
    let mut name = if round.name.trim() == default_name {
        default_name
    } else {
        format!("{default_name} \"{}\"", round.name.trim())
    };
    match s.current_round() {
        Some(c) if c.id == round.id => name.push_str(" (current)"),
        Some(c) => name.push_str(&format!(" (not current: R{} is)", c.number)),
        None => {}
    }
    let left = match left {
        0 => "nothing left to run".to_string(),
        n => format!("{n} left to run"),
    };
    format!("{name} · {left} · {step} · {}", s.env_name(round.env))
}

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, body: Rect, hits: &mut Hits) {
    if body.height < 6 {
        return;
    }
    let pane = Rect::new(body.x, body.y, body.width, body.height - 2);
    let status_area = Rect::new(body.x, body.y + body.height - 2, body.width, 2);
    let s = &app.doc.session;
    let view = &app.tests;
    let column = view.column();
    // The round being marked, with its tally.
    let marked = column.and_then(|c| Some((s.round(view.rounds()[c])?, view.tally(c)?)));
    let focused = app.focus == Pane::Tests && app.tests.editor.is_none();

    let title_right = if app.tests.attention {
        &app.keymap
            .fill(" only scripts that need attention ({Tests.Back}: all) ")
    } else {
        ""
    };
    let room = (pane.width as usize).saturating_sub(" Tests ".len() + 4);
    let block = super::pane::block("Tests", focused, theme)
        .title(Line::from(fit(title_right, room)).right_aligned());
    frame.render_widget(block, pane);
    let area = inner(pane);
    let width = area.width as usize;
    let rows = Rect::new(
        area.x,
        area.y + HEAD_ROWS,
        area.width,
        area.height.saturating_sub(HEAD_ROWS + FOOT_ROWS),
    );
    hits.panes.push(PaneHit {
        pane: Pane::Tests,
        area: pane,
        rows,
    });

    // The round being marked, or what to do first.
    let first = match marked {
        Some((round, tally)) => {
            Line::styled(fit(&round_line(s, round, tally), width), theme.label(false))
        }
        None if !view.any_scripts() => Line::styled(
            fit(
                &app.keymap.fill(
                    "No test scripts yet. {Tests.AddScript} adds one, or import a \
                     spreadsheet: cmo-promote import SESSION --scripts FILE.csv",
                ),
                width,
            ),
            theme.dim(),
        ),
        None => Line::styled(
            fit(
                &app.keymap
                    .fill("No test round yet: {Tests.NewRound} starts one."),
                width,
            ),
            theme.dim(),
        ),
    };
    // The tally of that round, on a line of its own so that it is never cut short.
    let tally = marked
        .map(|(_, t)| {
            let full = t.to_string();
            let text = if cells(&full) <= width {
                full
            } else {
                crate::vocab::tally_short(&t)
            };
            Line::styled(fit(&text, width), theme.key())
        })
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(vec![first, tally]),
        Rect::new(area.x, area.y, area.width, 2),
    );

    // Column heads: the script, its title, a column per round that fits.
    let rounds: Vec<&TestRound> = view.rounds().iter().filter_map(|id| s.round(*id)).collect();
    let title_w = width.saturating_sub(LABEL_W + 2).max(20).min(width);
    let room_for_rounds = width.saturating_sub(LABEL_W + 20);
    let shown = visible_columns(rounds.len(), column, room_for_rounds, view.first_column);
    let columns_w = shown.len() * COLUMN_W as usize;
    // Titles beyond this many cells are cut, so the results stay near their titles.
    let title_w = title_w.saturating_sub(columns_w).min(MAX_TITLE_W);
    let grid_x = area.x + (LABEL_W + title_w) as u16;
    // ‹ and › say that more rounds are off to that side.
    let more_left = if shown.start > 0 { "‹" } else { " " };
    let mut head = vec![Span::styled(
        format!("{}{more_left}", pad("Script  Title", LABEL_W + title_w - 1)),
        theme.dim(),
    )];
    for c in shown.clone() {
        let text = format!(" {:<3}", round_head(rounds[c]));
        let style = if Some(c) == column {
            theme.key().add_modifier(Modifier::REVERSED)
        } else {
            theme.dim()
        };
        head.push(Span::styled(text, style));
        hits.columns.push(ColumnHit {
            x: grid_x + ((c - shown.start) as u16) * COLUMN_W,
            width: COLUMN_W,
            round: rounds[c].id,
        });
    }
    if shown.end < rounds.len() {
        head.push(Span::styled("›", theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(head)),
        Rect::new(area.x, area.y + 2, area.width, 1),
    );

    // The rows on screen.
    let rows_shown = view.rows();
    if rows_shown.is_empty() && view.any_scripts() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    &app.keymap.fill(
                        "Nothing needs attention in this round. {Tests.Back} shows all scripts.",
                    ),
                    width,
                ),
                theme.dim(),
            )),
            rows,
        );
    }
    list::draw(
        frame,
        rows_shown,
        view.cursor,
        rows,
        focused,
        theme,
        |row| {
            let Some(script) = s.script(row.script) else {
                return Line::raw("");
            };
            let mut spans = vec![
                Span::raw(pad(&script.label(), LABEL_W)),
                Span::raw(pad(&script.fields.title, title_w)),
            ];
            for c in shown.clone() {
                let Some(status) = row.cells.get(c) else {
                    continue;
                };
                let mark = result_mark(*status);
                let mut style = theme.tone(mark.tone);
                if Some(c) == column {
                    style = style.add_modifier(Modifier::BOLD);
                }
                spans.push(Span::styled(format!(" {}  ", mark.glyph), style));
            }
            Line::from(spans)
        },
    );

    // The selected script: its result in the round being marked, what it covers.
    let foot = Rect::new(area.x, rows.y + rows.height, area.width, FOOT_ROWS);
    frame.render_widget(Paragraph::new(detail_lines(app, width, theme)), foot);

    if let Some(editor) = &app.tests.editor {
        let title = match editor.target.and_then(|id| s.script(id)) {
            Some(t) => format!("Tests — editing {}", t.label()),
            None => "Tests — new script".to_string(),
        };
        form::draw(frame, &editor.form, theme, pane, &title, None, &app.keymap);
    }
    status::draw(frame, app, theme, status_area);
}

/// Two lines on the selected script: its result in the round (who, when, comment) and
/// what it covers, its owner and priority.
fn detail_lines<'a>(app: &App, width: usize, theme: Theme) -> Vec<Line<'a>> {
    let s = &app.doc.session;
    let Some(script) = app.selected_script().and_then(|id| s.script(id)) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(round) = app.selected_round()
        && let Some(cell) = s.effective_result(round, script.id)
    {
        let mark = result_mark(cell.status);
        let mut text = format!("{} {} {}", script.label(), mark.glyph, cell.status);
        if let Some(r) = cell.result {
            text.push_str(&format!(
                " — {} {}",
                r.tester,
                app.local(r.at).format("%Y-%m-%d %H:%M")
            ));
            if !r.comment.trim().is_empty() {
                text.push_str(&format!(": {}", r.comment.trim()));
            }
        }
        lines.push(Line::styled(fit(&text, width), theme.tone(mark.tone)));
    } else {
        lines.push(Line::raw(fit(&script.label(), width)));
    }
    let covers = s.change_labels(&script.fields.covers);
    let mut second = if covers.is_empty() {
        "covers no change".to_string()
    } else {
        format!("covers {covers}")
    };
    if let Some(owner) = &script.fields.owner {
        second.push_str(&format!(" · owner {owner}"));
    }
    if let Some(p) = script.fields.priority {
        second.push_str(&format!(" · priority {p}"));
    }
    second.push_str(&app.keymap.fill(" · {Tests.Open} shows it all"));
    let second = if cells(&second) > width {
        fit(&second, width)
    } else {
        second
    };
    lines.push(Line::styled(second, theme.dim()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_shown_keep_the_selected_round_in_view() {
        assert_eq!(visible_columns(3, Some(2), 40, 0), 0..3);
        assert_eq!(visible_columns(10, Some(9), 12, 0), 7..10);
        assert_eq!(visible_columns(10, Some(0), 12, 7), 0..3);
        assert_eq!(
            visible_columns(10, Some(4), 12, 3),
            3..6,
            "no move when in view"
        );
        assert_eq!(visible_columns(10, Some(4), 12, 9), 4..7);
        assert_eq!(visible_columns(0, None, 12, 0), 0..0);
    }
}
