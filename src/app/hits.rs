//! Where the last frame put the things that take clicks: each pane with the rows of
//! its list, and the tab of each screen. Drawing works it out (`ui::draw` returns it);
//! the app keeps the last one to map mouse events and to know how many rows each list
//! shows (for paging and keeping the selection on screen).

use super::{Pane, ScreenId};
use crate::model::RoundId;
use ratatui::layout::{Position, Rect};

/// The click targets of one frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub panes: Vec<PaneHit>,
    pub tabs: Vec<(Rect, ScreenId)>,
    /// The round columns of the Tests grid.
    pub columns: Vec<ColumnHit>,
    /// How far the open pop-up can scroll and still fill its box.
    pub scroll_limit: Option<u16>,
}

/// A round's column in the Tests grid: the cells from `x` for `width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnHit {
    pub x: u16,
    pub width: u16,
    pub round: RoundId,
}

/// A pane on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneHit {
    pub pane: Pane,
    /// The whole pane, border included.
    pub area: Rect,
    /// The rows of its list; the top one shows the row at the pane's scroll offset.
    pub rows: Rect,
}

impl Hits {
    /// The pane under `at`, if any.
    pub fn pane_at(&self, at: Position) -> Option<&PaneHit> {
        self.panes.iter().find(|p| p.area.contains(at))
    }

    /// The screen whose tab is under `at`, if any.
    pub fn tab_at(&self, at: Position) -> Option<ScreenId> {
        self.tabs
            .iter()
            .find(|(r, _)| r.contains(at))
            .map(|(_, id)| *id)
    }

    /// The round whose column takes in screen column `x`, if any.
    pub fn column_at(&self, x: u16) -> Option<RoundId> {
        self.columns
            .iter()
            .find(|c| x >= c.x && x < c.x.saturating_add(c.width))
            .map(|c| c.round)
    }

    /// The rows of a pane's list as last drawn.
    pub fn rows_of(&self, pane: Pane) -> Option<Rect> {
        self.panes.iter().find(|p| p.pane == pane).map(|p| p.rows)
    }
}
