//! Where the tab line and each pane of the Promotion screen go for a terminal size.

use ratatui::layout::Rect;

/// Below this size the screen only says it is too small.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The tab line (the top row) and the body below it, or `None` when the terminal is
/// too small.
pub fn split_tabs(screen: Rect) -> Option<(Rect, Rect)> {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return None;
    }
    let tabs = Rect::new(screen.x, screen.y, screen.width, 1);
    let body = Rect::new(screen.x, screen.y + 1, screen.width, screen.height - 1);
    Some((tabs, body))
}

/// The rectangles of the Promotion screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub checklist: Rect,
    pub work_plan: Rect,
    pub timer: Rect,
    pub status: Rect,
}

impl Areas {
    /// The pane layout of the screen's body (below the tab line), or `None` when it is
    /// smaller than a minimum-size terminal leaves.
    pub fn of(screen: Rect) -> Option<Areas> {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT - 1 {
            return None;
        }
        let status_h = 2;
        // Five rows at the smallest size, so that all twelve steps still fit.
        let timer_h = match screen.height {
            0..25 => 5,
            25..29 => 6,
            29..39 => 8,
            _ => 10,
        };
        let top_h = screen.height - status_h - timer_h;
        let left_w = if screen.width >= 140 {
            (u32::from(screen.width) * 2 / 5) as u16
        } else {
            screen.width / 2
        };
        let top = Rect::new(screen.x, screen.y, screen.width, top_h);
        Some(Areas {
            checklist: Rect::new(top.x, top.y, left_w, top_h),
            work_plan: Rect::new(top.x + left_w, top.y, screen.width - left_w, top_h),
            timer: Rect::new(screen.x, screen.y + top_h, screen.width, timer_h),
            status: Rect::new(screen.x, screen.y + top_h + timer_h, screen.width, status_h),
        })
    }

    /// Where the change editor is drawn: over the checklist and work plan, and over
    /// the timer too on a short screen, so every field has room.
    pub fn editor(&self) -> Rect {
        let top = self.checklist.union(self.work_plan);
        if self.timer.height <= 6 {
            top.union(self.timer)
        } else {
            top
        }
    }

    /// The rows of the checklist (inside the border, above the detail line).
    pub fn checklist_rows(&self) -> Rect {
        let inner = inner(self.checklist);
        Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(2),
        )
    }

    /// The rows of the change list (inside the border, below the header line, above
    /// the filter line).
    pub fn work_plan_rows(&self) -> Rect {
        let inner = inner(self.work_plan);
        Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(2),
        )
    }

    /// The left part of the timer pane: running timers and the selected step.
    pub fn timer_running(&self) -> Rect {
        let i = inner(self.timer);
        Rect::new(i.x, i.y, (u32::from(i.width) * 11 / 20) as u16, i.height)
    }

    /// The rows of the timer pane's time-per-step table (right part, below its header).
    pub fn timer_rows(&self) -> Rect {
        let i = inner(self.timer);
        let left = self.timer_running().width + 1;
        Rect::new(
            i.x + left,
            i.y + 1,
            i.width.saturating_sub(left),
            i.height.saturating_sub(1),
        )
    }
}

/// A rectangle less a one-cell border.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen_without_overlap() {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let (tabs, body) = split_tabs(Rect::new(0, 0, w, h)).unwrap();
            let a = Areas::of(body).unwrap();
            let total = [tabs, a.checklist, a.work_plan, a.timer, a.status]
                .iter()
                .map(|r| r.area())
                .sum::<u32>();
            assert_eq!(total, w as u32 * h as u32);
            assert!(!a.checklist.intersects(a.work_plan));
            assert!(
                a.checklist_rows().height >= 12,
                "all 12 steps fit at {w}x{h}"
            );
        }
        assert!(split_tabs(Rect::new(0, 0, 79, 24)).is_none());
        let huge = Areas::of(Rect::new(0, 0, u16::MAX, u16::MAX)).unwrap();
        assert!(huge.timer_running().width < u16::MAX);
        assert!(split_tabs(Rect::new(0, 0, 80, 23)).is_none());
    }
}
