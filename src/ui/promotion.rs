//! The Promotion screen: checklist, Work plan and timer, the status bar, and the change
//! editor over them while it is open.

use super::layout::Areas;
use super::theme::Theme;
use super::{checklist, editor, status, timer, work_plan};
use crate::app::{App, Hits, Pane, PaneHit};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme, body: Rect, hits: &mut Hits) {
    let Some(areas) = Areas::of(body) else {
        return;
    };
    checklist::draw(frame, app, theme, &areas);
    work_plan::draw(frame, app, theme, &areas);
    timer::draw(frame, app, theme, &areas);
    // The panes' places hold while the editor covers them (clicks are not taken then).
    hits.panes.extend([
        PaneHit {
            pane: Pane::Checklist,
            area: areas.checklist,
            rows: areas.checklist_rows(),
        },
        PaneHit {
            pane: Pane::WorkPlan,
            area: areas.work_plan,
            rows: areas.work_plan_rows(),
        },
        PaneHit {
            pane: Pane::Timer,
            area: areas.timer,
            rows: areas.timer_rows(),
        },
    ]);
    if app.promotion.editor.is_some() {
        editor::draw(frame, app, theme, areas.editor());
    }
    status::draw(frame, app, theme, areas.status);
}
