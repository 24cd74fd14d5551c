//! A resize sweep: the screen is drawn at every size from 1×1 to 200×60 without a
//! panic, for a fresh session, for the change editor with text in a multi-line field,
//! and for the help overlay. One app per state; each size is fed to it as a resize
//! event before drawing, as the terminal would.

mod common;

use chrono::Duration;
use cmo_promote::app::{App, AppEvent};
use cmo_promote::model::{Action, ChangeFields, EnvKey, Op, OpId, OpKind, Session};
use cmo_promote::ui::layout::{Areas, split_tabs};
use cmo_promote::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::time::Instant;
use uuid::Uuid;

const MAX_W: u16 = 200;
const MAX_H: u16 = 60;

use common::t0;

fn new_session() -> Session {
    common::new_session("Q3 workflow changes").1
}

/// A session with some of everything that takes room: a running step timer, an owner
/// with wide characters, long change descriptions and a change being applied.
fn busy_session() -> Session {
    let mut s = new_session();
    let mut n = 0u128;
    let mut op = |s: &mut Session, minutes: i64, kind: OpKind| {
        n += 1;
        let at = t0() + Duration::minutes(minutes);
        s.apply(Op::new(OpId(Uuid::from_u128(n)), "ann", at, kind))
            .unwrap();
    };
    op(
        &mut s,
        0,
        OpKind::StartStep {
            step: 1,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    );
    op(
        &mut s,
        1,
        OpKind::SetStepOwner {
            step: 1,
            owner: Some("Zoë 佐藤 from the CMO support team".into()),
        },
    );
    op(
        &mut s,
        2,
        OpKind::SetStepEstimate {
            step: 1,
            minutes: Some(5),
        },
    );
    for (i, (area, item)) in [
        ("Forms", "Incident report"),
        (
            "Business Rules",
            "Escalate overdue actions to the area manager",
        ),
        ("事件ワークフロー", "インシデントの振り分け"),
    ]
    .iter()
    .enumerate()
    {
        op(
            &mut s,
            3 + i as i64,
            OpKind::AddChange {
                fields: Box::new(ChangeFields {
                    area: area.to_string(),
                    item: item.to_string(),
                    action: Action::Modify,
                    description: "A long description that will not fit on one line of any \
                                  reasonable terminal, with wide text 表表表 in it\nand a \
                                  second line"
                        .into(),
                    irreversible: i == 2,
                    ..Default::default()
                }),
            },
        );
    }
    let first = s.changes()[0].id;
    op(
        &mut s,
        10,
        OpKind::StartApplication {
            change: first,
            env: EnvKey::Stage1,
            override_reason: None,
        },
    );
    s
}

fn app_on(session: Session) -> App {
    common::app_on(session, t0() + Duration::minutes(25), 80, 24)
}

fn key(app: &mut App, code: KeyCode) {
    app.handle(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The boxes that must be drawn with closed borders at a size (none when too small).
type Boxes = fn(&App) -> Vec<Rect>;

/// The Promotion screen's layout at the app's size (none when too small).
fn areas(app: &App) -> Option<Areas> {
    let (w, h) = app.size;
    split_tabs(Rect::new(0, 0, w, h)).and_then(|(_, body)| Areas::of(body))
}

/// The three panes, when nothing is drawn over them.
fn panes(app: &App) -> Vec<Rect> {
    areas(app)
        .map(|a| vec![a.checklist, a.work_plan, a.timer])
        .unwrap_or_default()
}

/// The editor (over the checklist and work plan) and the timer pane, unless the
/// editor covers the timer too (on a short screen).
fn editor_and_timer(app: &App) -> Vec<Rect> {
    areas(app)
        .map(|a| {
            if a.editor().intersects(a.timer) {
                vec![a.editor()]
            } else {
                vec![a.editor(), a.timer]
            }
        })
        .unwrap_or_default()
}

fn no_boxes(_: &App) -> Vec<Rect> {
    Vec::new()
}

/// Panics unless `r` has its four corners and unbroken sides: no text ran over the
/// border (titles may sit on the top edge, so only its corners are checked). A border
/// is plain, or thick (the focused pane), all round.
fn assert_closed(buf: &Buffer, r: Rect, size: (u16, u16)) {
    let (right, bottom) = (r.x + r.width - 1, r.y + r.height - 1);
    let at = |x: u16, y: u16| buf[(x, y)].symbol().to_string();
    let thick = at(r.x, r.y) == "┏";
    let [tl, tr, bl, br, side, flat] = if thick {
        ["┏", "┓", "┗", "┛", "┃", "━"]
    } else {
        ["┌", "┐", "└", "┘", "│", "─"]
    };
    for (x, y, want) in [
        (r.x, r.y, tl),
        (right, r.y, tr),
        (r.x, bottom, bl),
        (right, bottom, br),
    ] {
        assert_eq!(at(x, y), want, "corner ({x},{y}) of {r:?} at {size:?}");
    }
    for y in r.y + 1..bottom {
        assert_eq!(
            at(r.x, y),
            side,
            "left side ({},{y}) of {r:?} at {size:?}",
            r.x
        );
        assert_eq!(
            at(right, y),
            side,
            "right side ({right},{y}) of {r:?} at {size:?}"
        );
    }
    for x in r.x + 1..right {
        assert_eq!(
            at(x, bottom),
            flat,
            "bottom ({x},{bottom}) of {r:?} at {size:?}"
        );
    }
}

/// The sizes a sweep draws at: every size up to 100×30, where panes appear, shrink and
/// drop out; beyond it, every height at the widths where the layout changes (the
/// outage board's digits grow at 150 and 180 columns) and either side of them, every
/// width at common heights, and a sparser grid elsewhere.
fn sizes() -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    const EDGES: [u16; 13] = [
        120, 121, 149, 150, 151, 159, 160, 161, 179, 180, 181, 199, MAX_W,
    ];
    for w in 1..=MAX_W {
        for h in 1..=MAX_H {
            let small = w <= 100 && h <= 30;
            // Every width at the heights people use, so no pane's own threshold is missed.
            let edge = EDGES.contains(&w) || [24, 40, 50, MAX_H].contains(&h);
            let grid = w % 5 == 0 && h % 4 == 0;
            if small || edge || grid {
                out.push((w, h));
            }
        }
    }
    out
}

/// Draws `app` at each of [`sizes`] (widths stepping by `stride` too), one terminal
/// whose backend is resized between frames, and checks the borders of `boxes`. Returns
/// how many frames were drawn.
fn sweep(app: &mut App, stride: usize, boxes: Boxes) -> usize {
    let mut terminal = Terminal::new(TestBackend::new(1, 1)).unwrap();
    let mut frames = 0;
    for (w, h) in sizes() {
        if (usize::from(w) - 1) % stride != 0 {
            continue;
        }
        app.handle(AppEvent::Resize(w, h));
        terminal.backend_mut().resize(w, h);
        let drawn = terminal.draw(|f| {
            ui::draw(f, app, Theme::COLOR);
        });
        if let Err(e) = drawn {
            panic!("drawing at {w}x{h}: {e}");
        }
        let buf = terminal.backend().buffer();
        assert_eq!(buf.area, Rect::new(0, 0, w, h));
        for r in boxes(app) {
            assert_closed(buf, r, (w, h));
        }
        frames += 1;
    }
    frames
}

fn timed(name: &str, app: &mut App, stride: usize, boxes: Boxes) {
    let start = Instant::now();
    let frames = sweep(app, stride, boxes);
    eprintln!(
        "{name}: {frames} frames (width stride {stride}) in {:.2?}",
        start.elapsed()
    );
}

#[test]
fn fresh_screen_draws_at_every_size() {
    let mut app = app_on(new_session());
    timed("fresh", &mut app, 1, panes);
}

#[test]
fn editor_with_multiline_text_draws_at_every_size() {
    let mut app = app_on(busy_session());
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "Business Rules");
    key(&mut app, KeyCode::Tab);
    typ(&mut app, "Escalate overdue actions to the area manager");
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab); // action … description
    }
    typ(
        &mut app,
        "First line of the description, long enough to wrap somewhere.",
    );
    key(&mut app, KeyCode::Enter);
    typ(
        &mut app,
        "Second line 表表表表表表表表表表表表表表表表表表表表",
    );
    for _ in 0..10 {
        key(&mut app, KeyCode::Enter);
        typ(&mut app, "more");
    }
    let ed = app.promotion.editor.as_ref().expect("the editor is open");
    assert!(ed.field().is_multiline());
    timed("editor", &mut app, 1, editor_and_timer);
}

#[test]
fn help_overlay_draws_at_every_size() {
    let mut app = app_on(busy_session());
    key(&mut app, KeyCode::Char('?'));
    assert!(app.modal.is_some());
    timed("help", &mut app, 1, no_boxes);
}
