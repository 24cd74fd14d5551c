//! Watching a session (`cmo-promote watch`): a read-only app that moves and reads but
//! never edits, and that brings the Outage screen up when the Production implementation
//! starts, so a lead's wall screen follows the night by itself.

use super::keymap::Action;
use super::screen::ScreenId;
use super::{App, Pane};
use crate::model::{StepKind, StepStatus};

/// Whether `action` may be taken while watching: moving, switching panes and screens,
/// reading (help, step details, a change or a script in full), copying the status, and
/// quitting. Nothing that edits, opens an editor or a prompt.
pub(super) fn allows(action: Action) -> bool {
    use Action::*;
    // Enter (Open) reads everywhere: a change in full, a step, a script, an op.
    matches!(
        action,
        FocusNext
            | FocusPrev
            | Up
            | Down
            | PageUp
            | PageDown
            | Home
            | End
            | Help
            | Quit
            | Back
            | Open
            | CopyStatus
            | PrevRound
            | NextRound
            | Attention
            | Conflicts
            | ShowScreen(_)
    )
}

impl App {
    /// Makes the app a watcher: read-only, on the Outage screen during the Production
    /// implementation and on the checklist before it.
    pub fn watch(&mut self) {
        self.watching = true;
        self.set_file_refusal(None);
        self.read_only = Some("watching".into());
        self.show_screen(ScreenId::Promotion);
        self.focus = Pane::Checklist;
        self.follow_outage();
    }

    fn implementation_under_way(&self) -> bool {
        self.doc
            .session
            .steps()
            .iter()
            .any(|s| s.kind == StepKind::Implement && s.status == StepStatus::InProgress)
    }

    /// While watching: shows the Outage screen once, when the implementation starts.
    pub(super) fn follow_outage(&mut self) {
        if self.implementation_under_way() && !self.outage_shown {
            self.outage_shown = true;
            self.show_screen(ScreenId::Outage);
            self.focus = Pane::Board;
        }
    }
}
