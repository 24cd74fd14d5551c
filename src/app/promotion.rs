//! The Promotion screen (the configurators' home): the checklist, the Work plan and the
//! timer; its state (the panes' selections, the filter, the change editor) and what its
//! panes do with the actions bound to them.

use super::keymap::{Action, Ctx};
use super::screen::{Screen, ScreenId};
use super::{App, ChangeEditor, Cursor, Pane};

pub struct Promotion;

/// The Promotion screen's own state.
#[derive(Default)]
pub struct PromotionState {
    /// The selection and scroll of each pane's list.
    pub checklist: Cursor,
    pub work_plan: Cursor,
    pub timer: Cursor,
    /// The Work plan's filter text.
    pub filter: String,
    /// The changes the Work plan lists (indices into the session's changes), worked out
    /// when the session or the filter changes rather than on every frame.
    pub(super) visible: Vec<usize>,
    /// The change editor, while it is open.
    pub editor: Option<ChangeEditor>,
}

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
            (Action::ToggleTimer, Pane::Checklist) => {
                app.toggle_step_timer(app.promotion.checklist.selected)
            }
            (Action::ToggleTimer, Pane::WorkPlan) => app.toggle_change_timer(),
            (Action::ToggleTimer, Pane::Timer) => {
                app.toggle_step_timer(app.promotion.timer.selected)
            }
            (Action::Open, Pane::Checklist) => app.open_step_details(),
            (Action::Open, Pane::WorkPlan) => app.open_editor(false),
            (Action::Back, Pane::WorkPlan) if !app.promotion.filter.is_empty() => {
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
