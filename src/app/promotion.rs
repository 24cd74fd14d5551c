//! The Promotion screen (the configurators' home): the checklist, the Work plan and the
//! timer. Its state (cursors, filter, editor) lives in `App`; this says what its panes
//! do with the actions bound to them.

use super::keymap::{Action, Ctx};
use super::screen::{Screen, ScreenId};
use super::{App, Pane};

pub struct Promotion;

impl Screen for Promotion {
    fn id(&self) -> ScreenId {
        ScreenId::Promotion
    }

    fn name(&self) -> &'static str {
        "Promotion"
    }

    fn panes(&self) -> &'static [Pane] {
        &[Pane::Checklist, Pane::WorkPlan, Pane::Timer]
    }

    fn contexts(&self) -> &'static [Ctx] {
        &[Ctx::Checklist, Ctx::WorkPlan, Ctx::Timer, Ctx::Editor]
    }

    fn act(&self, app: &mut App, action: Action) -> bool {
        match (action, app.focus) {
            (Action::ToggleTimer, Pane::Checklist) => app.toggle_step_timer(app.checklist.selected),
            (Action::ToggleTimer, Pane::WorkPlan) => app.toggle_change_timer(),
            (Action::ToggleTimer, Pane::Timer) => app.toggle_step_timer(app.timer.selected),
            (Action::Open, Pane::Checklist) => app.open_step_details(),
            (Action::Open, Pane::WorkPlan) => app.open_editor(false),
            (Action::Back, Pane::WorkPlan) if !app.filter.is_empty() => {
                app.set_filter(String::new())
            }
            (other, Pane::Checklist) if is_pane_action(other) => app.checklist_action(other),
            (other, Pane::WorkPlan) if is_pane_action(other) => app.work_plan_action(other),
            _ => return false,
        }
        true
    }
}

/// Actions bound in a pane's own context (not the global ones, which the app handles).
fn is_pane_action(action: Action) -> bool {
    super::keymap::BINDINGS
        .iter()
        .any(|b| b.action == action && b.ctx != Ctx::Global)
}
