//! The outage board: before step 11 the plan (rehearsal total, proposed length, booked
//! window, must-fix list); from step 11 on the live forecast (elapsed, forecast finish,
//! slack in large digits; window, point of no return, progress, the change under way
//! and the next one below), coloured green, amber or red, with an unmistakable banner
//! once the forecast passes the point of no return.

use super::big_digits;
use super::layout::inner;
use super::text::fit;
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::model::{OutageBoard, OutageState, Session, StepKind, StepStatus, format_duration};
use crate::vocab::Tone;
use crate::vocab::outage::{applied_words, clock, slack_words, span, state_words};
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// A figure on the board: its label and its text.
pub(super) struct Figure {
    pub label: &'static str,
    pub text: String,
}

/// `1:23` (hours and minutes), for large digits.
pub(super) fn hm(d: Duration) -> String {
    let minutes = d.num_minutes().unsigned_abs();
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// `+0:25` or `-0:10`.
fn signed_hm(d: Duration) -> String {
    let sign = if d < Duration::zero() { '-' } else { '+' };
    format!("{sign}{}", hm(d))
}

/// Lines of details under the figures that the board makes room for.
const DETAIL_ROWS: u16 = 4;

/// The rows a board at `scale` takes: borders, banner, labels, figures, details.
fn height_at(scale: u16) -> u16 {
    2 + 2 + big_digits::height(scale) + DETAIL_ROWS
}

/// The rows the board takes out of `room` at `width`, leaving `keep` for the rest.
pub fn wanted_height(width: u16, room: u16, keep: u16) -> u16 {
    height_at(scale_for(width, room.saturating_sub(keep)))
}

/// The largest scale of digits that fits: 3 on a wall screen, 2 on a wide one, else 1.
fn scale_for(width: u16, height: u16) -> u16 {
    [(3, 180), (2, 150)]
        .into_iter()
        .find(|(scale, min_w)| width >= *min_w && height >= height_at(*scale))
        .map_or(1, |(scale, _)| scale)
}

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let focused = app.focus == Pane::Board;
    let s = &app.doc.session;
    let now = app.now();
    let live = s
        .steps()
        .iter()
        .find(|st| st.kind == StepKind::Implement)
        .is_some_and(|st| st.status != StepStatus::Todo);
    let title = if live { "Outage" } else { "Outage plan" };
    let block = super::pane::block(title, focused, theme)
        .title(Line::from(format!(" {} ", app.local(now).format("%H:%M:%S"))).right_aligned());
    frame.render_widget(block, area);
    let area = inner(area);
    if area.height == 0 {
        return;
    }
    let zone = app.zone;
    let (banner, figures, details, tone) = if live {
        let board = s.outage_board(now);
        let (banner, tone) = live_banner(s, &board, zone);
        let figures = live_figures(&board, zone);
        (banner, figures, live_details(s, &board, zone), tone)
    } else {
        super::board_plan::plan_view(s, &app.outage, now, zone)
    };
    let style = theme.tone(tone);
    let banner_style = match tone {
        Tone::Bad | Tone::Late => style.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        _ => style.add_modifier(Modifier::BOLD),
    };
    let w = area.width as usize;
    let banner = app.keymap.fill(&banner);
    let mut lines: Vec<Line> = vec![Line::styled(fit(&banner, w), banner_style)];
    // `area` is inside the border.
    let scale = scale_for(area.width + 2, area.height + 2);
    let big_rows = 1 + big_digits::height(scale);
    let gap = 3 * scale;
    let figures_w: u16 = figures
        .iter()
        .map(|f| big_digits::width(&f.text, scale).max(f.label.len() as u16))
        .sum::<u16>()
        + gap * figures.len().saturating_sub(1) as u16;
    // Large digits when they fit with at least one line of details below; else words.
    if area.height > big_rows + 1 && figures_w <= area.width {
        // Centred, so a board on a wall screen reads from either side of the room.
        let indent = " ".repeat(usize::from((area.width - figures_w) / 2));
        for mut line in big_figures(&figures, scale, gap, style, theme) {
            line.spans.insert(0, Span::raw(indent.clone()));
            lines.push(line);
        }
    } else {
        let words: Vec<String> = figures
            .iter()
            .map(|f| format!("{} {}", f.label.to_lowercase(), f.text))
            .collect();
        lines.push(Line::styled(fit(&words.join(" · "), w), style));
    }
    for (text, tone) in details {
        lines.push(Line::styled(app.keymap.fill(&text), theme.tone(tone)));
    }
    frame.render_widget(
        Paragraph::new(super::text::clean_lines(lines)).wrap(Wrap { trim: false }),
        area,
    );
}

/// The labels line and the large digits, figures side by side.
fn big_figures(
    figures: &[Figure],
    scale: u16,
    gap: u16,
    style: Style,
    theme: Theme,
) -> Vec<Line<'static>> {
    let widths: Vec<usize> = figures
        .iter()
        .map(|f| big_digits::width(&f.text, scale).max(f.label.len() as u16) as usize)
        .collect();
    let mut labels: Vec<Span> = Vec::new();
    let mut rows: Vec<Vec<Span>> = vec![Vec::new(); big_digits::height(scale) as usize];
    for (i, (f, w)) in figures.iter().zip(&widths).enumerate() {
        let sep = if i == 0 { 0 } else { gap as usize };
        labels.push(Span::styled(
            format!("{}{:<w$}", " ".repeat(sep), f.label),
            theme.dim(),
        ));
        for (row, line) in rows
            .iter_mut()
            .zip(big_digits::lines(&f.text, scale, style))
        {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            row.push(Span::styled(
                format!("{}{:<w$}", " ".repeat(sep), text),
                style,
            ));
        }
    }
    std::iter::once(Line::from(labels))
        .chain(rows.into_iter().map(Line::from))
        .collect()
}

fn live_banner(
    s: &Session,
    board: &OutageBoard,
    zone: Option<chrono::FixedOffset>,
) -> (String, Tone) {
    let (words, tone) = state_words(board.state);
    let progress = applied_words(board);
    if board.ended.is_some() {
        let over = board
            .ended
            .map(|t| format!(" at {}", clock(t, zone)))
            .unwrap_or_default();
        return (format!("OUTAGE OVER{over} · {progress}"), Tone::Plain);
    }
    let banner = match (board.state, board.finish, board.point_of_no_return) {
        (OutageState::Red, Some(finish), Some(pnr)) if board.now > pnr => format!(
            "■ {words}: it passed at {} and the forecast is {} · {progress}",
            clock(pnr, zone),
            clock(finish, zone)
        ),
        (OutageState::Red, Some(finish), Some(pnr)) => format!(
            "■ FORECAST FINISH {} IS {} PAST THE POINT OF NO RETURN ({}): decide on rolling back · {progress}",
            clock(finish, zone),
            span(finish - pnr),
            clock(pnr, zone)
        ),
        _ if board.finish.is_none() => format!(
            "{} · {progress} · no rehearsal timing: no forecast",
            words.to_uppercase()
        ),
        _ if board.window.is_none() => {
            format!("{progress} · no window booked: {{Board.BookWindow}} books one on the board")
        }
        _ => format!("{} · {progress}", words.to_uppercase()),
    };
    let _ = s;
    (banner, tone)
}

fn live_figures(board: &OutageBoard, zone: Option<chrono::FixedOffset>) -> Vec<Figure> {
    let mut figures = vec![Figure {
        label: if board.ended.is_some() {
            "TOOK"
        } else {
            "ELAPSED"
        },
        text: board.elapsed().map(hm).unwrap_or_else(|| "-:--".into()),
    }];
    figures.push(Figure {
        label: if board.ended.is_some() {
            "FINISHED"
        } else {
            "FORECAST FINISH"
        },
        text: board
            .finish
            .map(|f| clock(f, zone))
            .unwrap_or_else(|| "--:--".into()),
    });
    figures.push(match board.slack() {
        Some(slack) if slack < Duration::zero() => Figure {
            label: "OVERRUN",
            text: signed_hm(slack),
        },
        Some(slack) => Figure {
            label: "SLACK",
            text: signed_hm(slack),
        },
        None => Figure {
            label: "SLACK",
            text: "-:--".into(),
        },
    });
    figures
}

/// After step 11: when it ended, how it finished against the window, the counts.
fn ended_details(
    board: &OutageBoard,
    ended: chrono::DateTime<chrono::Utc>,
    zone: Option<chrono::FixedOffset>,
) -> Vec<(String, Tone)> {
    let mut out = vec![(
        format!(
            "Completed at {} · {}",
            clock(ended, zone),
            applied_words(board)
        ),
        Tone::Plain,
    )];
    if let Some((start, end)) = board.window {
        let against = if ended <= end {
            format!("{} before its end", span(end - ended))
        } else {
            format!("{} past its end", span(ended - end))
        };
        out.push((
            format!(
                "Window {}–{} · completed {against}",
                clock(start, zone),
                clock(end, zone)
            ),
            if ended <= end { Tone::Good } else { Tone::Bad },
        ));
    }
    if board.failed + board.skipped > 0 || board.finished() < board.total {
        out.push((
            format!(
                "{} change(s) not applied in Production",
                board.total - board.applied
            ),
            Tone::Warn,
        ));
    }
    out
}

fn live_details(
    s: &Session,
    board: &OutageBoard,
    zone: Option<chrono::FixedOffset>,
) -> Vec<(String, Tone)> {
    let mut out = Vec::new();
    if let Some(ended) = board.ended {
        return ended_details(board, ended, zone);
    }
    if let Some((start, _)) = board.window.filter(|(start, _)| board.now < *start) {
        out.push((
            format!(
                "Started before the window: it opens at {}, in {}",
                clock(start, zone),
                span(start - board.now)
            ),
            Tone::Warn,
        ));
    }
    let describe = |id| {
        s.change(id)
            .map(|c| format!("{} {} / {}", c.label(), c.fields.area, c.fields.item))
            .unwrap_or_default()
    };
    if let Some((start, end)) = board.window {
        let left = board.window_left().unwrap_or_else(Duration::zero);
        let left = if left < Duration::zero() {
            format!("overrun by {}", span(left))
        } else {
            format!("{} left", span(left))
        };
        let pnr = match (board.point_of_no_return, board.to_point_of_no_return()) {
            (Some(p), Some(d)) if d < Duration::zero() => {
                format!(
                    "point of no return {} passed {} ago",
                    clock(p, zone),
                    span(d)
                )
            }
            (Some(p), Some(d)) => format!("point of no return {} in {}", clock(p, zone), span(d)),
            _ => String::new(),
        };
        let tone = if board.to_point_of_no_return() < Some(Duration::zero()) {
            Tone::Late
        } else {
            Tone::Plain
        };
        out.push((
            format!(
                "Window {}–{} · {left} · {pnr}",
                clock(start, zone),
                clock(end, zone)
            ),
            tone,
        ));
    }
    let pace = match board.pace {
        Some(p) => format!(" · pace {p:.1}× the rehearsal"),
        None => String::new(),
    };
    let slack = board
        .slack()
        .map(|d| format!(" · {}", slack_words(d)))
        .unwrap_or_default();
    out.push((
        format!("{}{pace}{slack}", applied_words(board)),
        Tone::Plain,
    ));
    match &board.under_way {
        Some(u) => {
            let of = u
                .rehearsal
                .map(|r| format!(" of {} rehearsed", format_duration(r)))
                .unwrap_or_else(|| " (not timed in the rehearsal)".into());
            let late = u.rehearsal.is_some_and(|r| u.elapsed > r);
            let more = match board.also_under_way {
                0 => String::new(),
                n => format!(" · {n} more under way"),
            };
            out.push((
                format!(
                    "Under way: {} · {}{of}{more}",
                    describe(u.change),
                    format_duration(u.elapsed)
                ),
                if late { Tone::Late } else { Tone::Running },
            ));
        }
        None => out.push(("Nothing under way".into(), Tone::Dim)),
    }
    if let Some(next) = board.next {
        let rehearsed = s
            .change(next)
            .and_then(|c| c.measured_in(crate::model::EnvKey::Stage2))
            .map(|d| format!(" · rehearsed {}", format_duration(d)))
            .unwrap_or_default();
        out.push((format!("Next: {}{rehearsed}", describe(next)), Tone::Plain));
    }
    if board.untimed_left > 0 {
        out.push((
            format!(
                "{} change(s) left were not timed in the rehearsal: counted at the mean",
                board.untimed_left
            ),
            Tone::Warn,
        ));
    }
    out
}
