//! The Outage screen: the board on top, the replay below, the status bar last.

use super::theme::Theme;
use super::{board, replay, status};
use crate::app::{App, Hits, Pane, PaneHit};
use ratatui::Frame;
use ratatui::layout::Rect;

/// The fewest rows the replay keeps (border, and a few changes).
const MIN_REPLAY: u16 = 6;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, body: Rect, hits: &mut Hits) {
    if body.height < 2 + 2 * MIN_REPLAY {
        return;
    }
    let status_area = Rect::new(body.x, body.y + body.height - 2, body.width, 2);
    let room = body.height - 2;
    let board_h = board::wanted_height(body.width, room, MIN_REPLAY * 2).min(room - MIN_REPLAY);
    let board_area = Rect::new(body.x, body.y, body.width, board_h);
    let replay_area = Rect::new(body.x, body.y + board_h, body.width, room - board_h);
    board::draw(frame, app, theme, board_area);
    let rows = replay::draw(frame, app, theme, replay_area);
    hits.panes.extend([
        PaneHit {
            pane: Pane::Replay,
            area: replay_area,
            rows,
        },
        PaneHit {
            pane: Pane::Board,
            area: board_area,
            rows: Rect::default(),
        },
    ]);
    status::draw(frame, app, theme, status_area);
}
