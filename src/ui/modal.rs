//! Pop-ups: prompts, the outcome choice, yes/no questions, step details and help.

use super::text::{clean_lines, fit, wrapped_lines};
use super::theme::Theme;
use crate::app::keymap::{Action, Ctx, HelpLine};
use crate::app::{App, Modal, Purpose};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// A box of at most `w`×`h` in the middle of `screen`.
fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width);
    let h = h.min(screen.height);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

fn framed(frame: &mut Frame, theme: Theme, area: Rect, title: &str) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" {} ", fit(title, area.width.saturating_sub(4) as usize)),
            theme.title(true),
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

/// How far `lines` can scroll in `area` and still fill it (lines wrapped at its width).
fn scroll_room(lines: &[Line], area: Rect, wrapped: bool) -> u16 {
    let total: usize = if wrapped {
        lines
            .iter()
            .map(|l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                wrapped_lines(&text, area.width as usize)
            })
            .sum()
    } else {
        lines.len()
    };
    u16::try_from(total.saturating_sub(area.height as usize)).unwrap_or(u16::MAX)
}

/// Draws `lines` of typed text wrapped and scrolled in `area`; returns how far they can
/// scroll there.
fn draw_scrolled(frame: &mut Frame, lines: Vec<Line>, area: Rect, scroll: u16) -> u16 {
    let room = scroll_room(&lines, area, true);
    frame.render_widget(
        Paragraph::new(clean_lines(lines))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
    room
}

/// Draws the open pop-up; returns how far it can scroll, for one that scrolls.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme, screen: Rect) -> Option<u16> {
    let Some(modal) = &app.modal else {
        return None;
    };
    let mut room = None;
    match modal {
        Modal::Prompt(p) if p.purpose == Purpose::Filter => {
            // The filter is typed on the work plan's own filter line.
        }
        Modal::Prompt(p) => {
            // The help wraps to as many as three lines, so nothing it says is cut.
            let width = 70u16.min(screen.width);
            let help = app.keymap.fill(&p.help);
            let help_h =
                (wrapped_lines(&help, width.saturating_sub(2) as usize) as u16).clamp(1, 3);
            let h = if p.multiline { 14 } else { 7 } + help_h - 1;
            let area = centered(screen, 70, h);
            let inner = framed(frame, theme, area, &p.title);
            if inner.height < 2 + help_h {
                return None;
            }
            let w = inner.width as usize;
            frame.render_widget(
                Paragraph::new(Line::styled(help, theme.dim())).wrap(Wrap { trim: true }),
                Rect::new(inner.x, inner.y, inner.width, help_h),
            );
            let input_h = inner.height.saturating_sub(help_h + 2).max(1);
            frame.render_widget(
                &p.input,
                Rect::new(inner.x, inner.y + help_h + 1, inner.width, input_h),
            );
            if let Some(e) = &p.error {
                let y = inner.y + inner.height - 1;
                frame.render_widget(
                    Paragraph::new(Line::styled(fit(e, w), theme.bad())),
                    Rect::new(inner.x, y, inner.width, 1),
                );
            }
        }
        Modal::Confirm { question, purpose } => {
            let question = &app.keymap.fill(question);
            let lines = wrapped_lines(question, 58) as u16;
            let area = centered(screen, 60, lines.saturating_add(2).max(5));
            let title = match purpose {
                Purpose::RestoreDraft => "Restore a draft?",
                _ => "Are you sure?",
            };
            let inner = framed(frame, theme, area, title);
            frame.render_widget(
                Paragraph::new(question.as_str()).wrap(Wrap { trim: true }),
                inner,
            );
        }
        Modal::Outcome { change, env } => {
            let label = app
                .doc
                .session
                .change(*change)
                .map(|c| c.label())
                .unwrap_or_default();
            let area = centered(screen, 60, 6);
            let inner = framed(
                frame,
                theme,
                area,
                &format!(
                    "Finish applying {label} in {}",
                    app.doc.session.env_name(*env)
                ),
            );
            let lines = vec![
                Line::raw("How did it go?"),
                choices(
                    app,
                    theme,
                    Ctx::Outcome,
                    &[
                        (Action::ReplayDone, "applied"),
                        (Action::ReplayFail, "failed"),
                        (Action::ReplaySkip, "skipped"),
                        (Action::Back, "cancel"),
                    ],
                ),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Modal::Rating { change, .. } => {
            let label = app.doc.session.label_of(*change);
            let area = centered(screen, 64, 7);
            let inner = framed(frame, theme, area, &format!("Recording {label} as applied"));
            let lines = vec![
                Line::raw("How did replaying it from the Work Plan go?"),
                choices(
                    app,
                    theme,
                    Ctx::Rating,
                    &[
                        (Action::RateAsWritten, "as written"),
                        (Action::RateAmbiguous, "ambiguous"),
                        (Action::RateImprovised, "improvised"),
                        (Action::RateWrongValue, "wrong value"),
                    ],
                ),
                Line::styled(
                    "Anything but \"as written\" asks for a note and goes on the must-fix list",
                    theme.dim(),
                ),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        }
        Modal::Notice {
            title,
            text,
            scroll,
        } => {
            let lines = wrapped_lines(text, 68) as u16;
            let area = centered(screen, 72, lines.saturating_add(3));
            let inner = framed(frame, theme, area, title);
            let mut shown: Vec<Line> = text.lines().map(|l| Line::raw(l.to_string())).collect();
            shown.push(Line::styled("Any key closes this.", theme.dim()));
            room = Some(draw_scrolled(frame, shown, inner, *scroll));
        }
        Modal::ChangeDetails { change, scroll } => {
            let (title, lines) = super::change_details::lines(app, *change, theme);
            let area = centered(screen, 96, screen.height.saturating_sub(4));
            let inner = framed(frame, theme, area, &title);
            room = Some(draw_scrolled(frame, lines, inner, *scroll));
        }
        Modal::ScriptDetails { script, scroll } => {
            let (title, lines) = super::script_details::lines(app, *script, theme);
            let area = centered(screen, 96, screen.height.saturating_sub(4));
            let inner = framed(frame, theme, area, &title);
            room = Some(draw_scrolled(frame, lines, inner, *scroll));
        }
        Modal::StepDetails { step, scroll } => {
            let (title, lines) = super::step_details::lines(app, *step, theme)?;
            let area = centered(screen, 90, screen.height.saturating_sub(4));
            let inner = framed(frame, theme, area, &title);
            room = Some(draw_scrolled(frame, lines, inner, *scroll));
        }
        Modal::Conflicts { selected } => {
            let area = centered(screen, 110, screen.height.saturating_sub(4));
            let inner = framed(frame, theme, area, "Your edits that clashed with others'");
            super::conflicts::draw(frame, app, theme, inner, *selected);
        }
        Modal::Help { scroll } => {
            let area = centered(screen, 76, screen.height.saturating_sub(2));
            let title = app
                .keymap
                .fill("Keys ({Popup.Back} closes, {Popup.Up}/{Popup.Down} scroll)");
            let inner = framed(frame, theme, area, &title);
            let lines: Vec<Line> = app
                .keymap
                .help_lines(app.current_screen())
                .into_iter()
                .map(|line| match line {
                    HelpLine::Section(title) => Line::styled(title, theme.label(false)),
                    HelpLine::Keys(keys, what) => Line::from(vec![
                        Span::styled(format!("  {keys:<22}"), theme.key()),
                        Span::raw(what),
                    ]),
                    HelpLine::Blank => Line::raw(""),
                    HelpLine::Note(text) => Line::styled(text, theme.dim()),
                })
                .collect();
            room = Some(scroll_room(&lines, inner, false));
            frame.render_widget(Paragraph::new(lines).scroll((*scroll, 0)), inner);
        }
    }
    room
}

/// A line of choices, each key (as the keymap has it) and what it chooses.
fn choices(app: &App, theme: Theme, ctx: Ctx, of: &[(Action, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (action, what)) in of.iter().enumerate() {
        let gap = if i + 1 == of.len() { "" } else { "   " };
        spans.push(Span::styled(app.keymap.first(ctx, *action), theme.key()));
        spans.push(Span::raw(format!(" {what}{gap}")));
    }
    Line::from(spans)
}
