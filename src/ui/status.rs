//! The status bar: key hints for what has focus; session, user, and the save state or
//! the last message.

use super::text::{cells, pad};
use super::theme::Theme;
use crate::app::keymap::{Action, Bound, Ctx, Keymap};
use crate::app::{App, Message, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// How much a hint is needed, lower first: the keys a pane is used for most (the timer
/// among them, though it is global) come before the rest, so a narrow screen keeps them.
fn need(action: Action) -> u8 {
    use Action::*;
    match action {
        Help | Quit => 0,
        AdvanceStatus | AddChange | ReplayStart | MarkPass => 1,
        EditChange | ReplayDone | MarkFail => 2,
        ToggleTimer => 3,
        FinishApplication | ReplayFail | SkipStep | Filter | BookWindow => 4,
        _ => 5,
    }
}

/// Help and quit first, so they show even on the narrowest screen; then the pane's
/// keys and the timer's by how much they are needed, then the other global ones. In
/// the editor only its own keys (there `?` and `q` are text).
fn hints(keys: &Keymap, screen: &dyn Screen, ctx: Ctx) -> Vec<(String, &'static str)> {
    let hinted = |(_, b): &(String, &Bound)| !b.hint.is_empty();
    let pair = |(keys, b): (String, &Bound)| (keys, b.hint);
    let of = |c: Ctx| keys.bindings_in(screen, c).into_iter().filter(hinted);
    if ctx == Ctx::Editor {
        return of(ctx).map(pair).collect();
    }
    let mut pane: Vec<(String, &Bound)> = of(Ctx::Global)
        .filter(|(_, b)| need(b.action) < 5)
        .chain(of(ctx))
        .collect();
    // A stable sort: the table's order among keys of the same need.
    pane.sort_by_key(|(_, b)| need(b.action));
    let rest = of(Ctx::Global).filter(|(_, b)| need(b.action) == 5);
    pane.into_iter().chain(rest).map(pair).collect()
}

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let ctx = if app.promotion.editor.is_some() || app.tests.editor.is_some() {
        Ctx::Editor
    } else {
        app.focus.ctx()
    };
    let width = area.width as usize;
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, short) in hints(&app.keymap, app.current_screen(), ctx) {
        let piece = format!("{keys} {short}  ");
        let n = piece.chars().count();
        if used + n > width {
            break;
        }
        used += n;
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {short}  ")));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect::new(area.x, area.y, area.width, 1),
    );

    let s = &app.doc.session;
    let save = if let Some(e) = &app.save.error {
        Span::styled(format!("NOT SAVED: {e} (retrying)"), theme.bad())
    } else if app.save.in_flight() {
        Span::styled("saving…", theme.warn())
    } else if let Some(t) = app.save.last_saved {
        Span::styled(
            format!("saved {}", app.local(t).format("%H:%M:%S")),
            theme.good(),
        )
    } else {
        Span::styled("no edits yet", theme.dim())
    };
    let conflicts = (!app.conflicts.is_empty()).then(|| {
        Span::styled(
            app.keymap.fill(&match app.conflicts.len() {
                1 => "⚠ 1 of your edits clashed with others': {Global.Conflicts} to review  "
                    .to_string(),
                n => format!(
                    "⚠ {n} of your edits clashed with others': {{Global.Conflicts}} to review  "
                ),
            }),
            theme.bad(),
        )
    });
    // The reason for read-only takes the line when there is nothing else to say; a
    // message (which repeats it when an edit is refused) goes first otherwise.
    let read_only = app.read_only.as_ref().map(|why| {
        let text = match app.message {
            Some(_) => "READ-ONLY  ".to_string(),
            None => format!("READ-ONLY: {why}  "),
        };
        Span::styled(text, theme.bad())
    });
    let left = match &app.message {
        Some(Message::Error(e)) => Span::styled(format!("✗ {}", app.keymap.fill(e)), theme.bad()),
        Some(Message::Info(i)) => Span::styled(app.keymap.fill(i), theme.warn()),
        None => Span::styled(s.title().clone(), theme.label(false)),
    };
    let mut spans: Vec<Span> = read_only.into_iter().chain(conflicts).collect();
    let prefix_w: usize = spans.iter().map(|s| cells(&s.content)).sum();
    let right = format!("  {} · {}", app.user, save.content);
    let left_w = width.saturating_sub(cells(&right) + prefix_w);
    let left = Span::styled(pad(&left.content, left_w), left.style);
    spans.extend([
        left,
        Span::raw(format!("  {} · ", app.user)),
        Span::styled(save.content.to_string(), save.style),
    ]);
    let line = Line::from(spans);
    frame.render_widget(
        Paragraph::new(line),
        Rect::new(area.x, area.y + 1, area.width, 1),
    );
}
