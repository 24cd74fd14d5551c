//! The Promotion screen (the configurators' home): the checklist, the Work plan and the
//! timer; its state (the panes' selections, the filter, the change editor) and what its
//! panes do with the actions bound to them.

use super::keymap::{Action, Binding, Ctx, bind, ch};
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
    /// The changes on the rehearsal's must-fix list, and whether the rehearsal has
    /// timed any change: worked out with `visible`, not for each frame.
    pub must_fix: Vec<crate::model::ChangeId>,
    pub rehearsed: bool,
    /// The rehearsal's timings, for the Timer pane.
    pub rehearsal: crate::model::Rehearsal,
    /// The timers running, for the Timer pane (found in the whole Work Plan when the
    /// session changes; their clocks are read for each frame).
    pub running: Vec<crate::model::TimerTarget>,
    /// What the process attaches to each step that takes the whole Work Plan to work
    /// out (the implementation's progress and must-fix count, the booked window), by
    /// step; the copy-back's due date depends on the clock and is worked out when drawn.
    pub step_notes: Vec<Option<crate::vocab::outage::StepNote>>,
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

    fn bindings(&self) -> &'static [Binding] {
        BINDINGS
    }

    fn refresh(&self, app: &mut App) {
        app.promotion.visible = app.compute_visible();
        let s = &app.doc.session;
        app.promotion.must_fix = s.must_fix().iter().map(|m| m.change).collect();
        app.promotion.rehearsal = s.rehearsal();
        app.promotion.rehearsed = !app.promotion.rehearsal.timed.is_empty();
        app.promotion.running = s.running_timers().into_iter().map(|(t, _)| t).collect();
        let now = app.now();
        app.promotion.step_notes = s
            .steps()
            .iter()
            .map(|st| crate::vocab::outage::step_note(s, st, now, app.zone))
            .collect();
    }

    fn list_len(&self, app: &App, pane: Pane) -> usize {
        match pane {
            Pane::WorkPlan => app.visible_changes().len(),
            _ => app.doc.session.steps().len(),
        }
    }

    fn cursor<'a>(&self, app: &'a mut App, pane: Pane) -> &'a mut Cursor {
        let state = &mut app.promotion;
        match pane {
            Pane::WorkPlan => &mut state.work_plan,
            Pane::Timer => &mut state.timer,
            _ => &mut state.checklist,
        }
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
            (Action::Open, Pane::WorkPlan) => match app.selected_change() {
                Some(c) => {
                    app.modal = Some(super::Modal::ChangeDetails {
                        change: c.id,
                        scroll: 0,
                    })
                }
                None => {
                    app.message = Some(super::Message::Info(
                        "No change selected; {WorkPlan.AddChange} adds one".into(),
                    ))
                }
            },
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

/// Actions bound in one of this screen's panes (not the global ones, which the app
/// handles).
fn is_pane_action(action: Action) -> bool {
    BINDINGS.iter().any(|b| b.action == action)
}

/// The Promotion screen's keys, in the order help lists them.
pub static BINDINGS: &[Binding] = &[
    bind!(
        Checklist,
        [ch(' ')],
        AdvanceStatus,
        "advance: todo → in progress → done",
        "advance"
    ),
    bind!(
        Checklist,
        [ch('s')],
        SkipStep,
        "skip (asks for a reason)",
        "skip"
    ),
    bind!(
        Checklist,
        [ch('b')],
        BlockStep,
        "block (asks for a reason)",
        "block"
    ),
    bind!(Checklist, [ch('r')], ReopenStep, "reopen", "reopen"),
    bind!(Checklist, [ch('n')], EditNotes, "notes", "notes"),
    bind!(Checklist, [ch('o')], EditOwner, "owner", "owner"),
    bind!(Checklist, [ch('E')], EditEstimate, "estimate", "estimate"),
    bind!(
        Checklist,
        [ch('z')],
        ToggleFreeze,
        "freeze Production, or lift the freeze (asks why)",
        ""
    ),
    bind!(Checklist, [ch('S')], SignOff, "sign off a done step", ""),
    bind!(
        Checklist,
        [ch('Q')],
        ToggleQa,
        "the optional QA environment on or off (asks)",
        ""
    ),
    bind!(WorkPlan, [ch('a')], AddChange, "add a change", "add"),
    bind!(WorkPlan, [ch('e')], EditChange, "edit the change", "edit"),
    bind!(
        WorkPlan,
        [ch('d')],
        RemoveChange,
        "remove (asks for a reason)",
        "remove"
    ),
    bind!(
        WorkPlan,
        [ch('J')],
        MoveDown,
        "move the change down",
        "down"
    ),
    bind!(WorkPlan, [ch('K')], MoveUp, "move the change up", "up"),
    bind!(WorkPlan, [ch('/')], Filter, "filter by text", "filter"),
    bind!(
        WorkPlan,
        [ch('f')],
        FinishApplication,
        "finish applying in the current environment",
        "finish"
    ),
];
