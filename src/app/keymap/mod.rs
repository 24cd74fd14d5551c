//! Key bindings: what a key is, where it applies, and the tables dispatch, help and the
//! status bar's hints all read (the global keys here, each screen's keys in its own
//! file), so help can never drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies (a config file names contexts by these names).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
pub enum Ctx {
    /// Any pane (when no text is being typed).
    Global,
    Checklist,
    WorkPlan,
    Timer,
    /// The Tests screen's grid.
    Tests,
    /// The Outage screen's replay of the Work Plan.
    Replay,
    /// The Outage screen's board.
    Board,
    /// The History screen's list.
    History,
    /// The change and script editors (these keys are taken before the text field
    /// sees them).
    Editor,
    /// A one-line or notes prompt (its other keys are text).
    Prompt,
    /// A yes/no question.
    Confirm,
    /// A pop-up to read: help, a notice, a step's, script's or change's details.
    Popup,
    /// A step's or a change's details (besides the keys of `Popup`).
    Details,
    /// The list of your edits that clashed with others'.
    Conflicts,
    /// The choice of how applying a change went (applied, failed, skipped).
    Outcome,
    /// The choice of how well a change's record could be followed.
    Rating,
}

impl Ctx {
    pub fn title(self) -> &'static str {
        match self {
            Ctx::Global => "Everywhere",
            Ctx::Checklist => "Checklist",
            Ctx::WorkPlan => "Work plan",
            Ctx::Timer => "Timer",
            Ctx::Tests => "Tests",
            Ctx::Replay => "Replay (the Work Plan, one change at a time)",
            Ctx::Board => "Outage board",
            Ctx::History => "History",
            Ctx::Editor => "Editor (changes and scripts)",
            Ctx::Prompt => "Prompts",
            Ctx::Confirm => "Questions (yes / no)",
            Ctx::Popup => "Pop-ups to read (help, notices, details)",
            Ctx::Details => "A step's or a change's details",
            Ctx::Conflicts => "Clashing edits",
            Ctx::Outcome => "How applying a change went",
            Ctx::Rating => "How well a change's record could be followed",
        }
    }

    /// The pop-ups' contexts, listed in help after a screen's own.
    pub const POP_UPS: &'static [Ctx] = &[
        Ctx::Prompt,
        Ctx::Confirm,
        Ctx::Popup,
        Ctx::Details,
        Ctx::Conflicts,
        Ctx::Outcome,
        Ctx::Rating,
    ];

    /// Whether a key this context has no binding for goes to the global keys (a
    /// screen's panes); the editor and the pop-ups keep every key to themselves.
    pub fn falls_back(self) -> bool {
        !matches!(self, Ctx::Global | Ctx::Editor) && !Ctx::POP_UPS.contains(&self)
    }
}

/// What a key asks for (a config file names actions by these names).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, strum::IntoStaticStr,
)]
pub enum Action {
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Back,
    Help,
    Quit,
    ToggleTimer,
    Conflicts,
    AdvanceStatus,
    SkipStep,
    BlockStep,
    ReopenStep,
    EditNotes,
    EditOwner,
    EditEstimate,
    SignOff,
    AddChange,
    EditChange,
    RemoveChange,
    MoveDown,
    MoveUp,
    Filter,
    FinishApplication,
    NextField,
    PrevField,
    SaveEntry,
    PickPrev,
    PickNext,
    Toggle,
    MarkPass,
    MarkFail,
    MarkBlocked,
    MarkWaived,
    MarkNotRun,
    PrevRound,
    NextRound,
    Attention,
    AddScript,
    EditScript,
    RemoveScript,
    NewRound,
    ReplayStart,
    ReplayDone,
    ReplayNoted,
    ReplayFail,
    ReplaySkip,
    ReplayCancel,
    BookWindow,
    SetContingency,
    SetVerification,
    SetRollback,
    SetCopyBackDays,
    CopyStatus,
    ToggleFreeze,
    Export,
    Undo,
    ToggleQa,
    SaveNotes,
    ExternalEditor,
    /// Shows screen `n` (from 1, in tab order); a config file writes `ShowScreen(2)`.
    ShowScreen(u8),
    Yes,
    No,
    VoidTime,
    KeepYours,
    DropMine,
    RateAsWritten,
    RateAmbiguous,
    RateImprovised,
    RateWrongValue,
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub(crate) const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub(crate) const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub(crate) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// Whether a key event is this key. Shift is ignored for characters (it is in the
    /// character already) and Back-Tab counts as Shift-Tab.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        let want = self.mods - KeyModifiers::SHIFT;
        match (self.code, ev.code) {
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                mods == want
                    && (a == b
                        || (want.contains(KeyModifiers::CONTROL) && a.eq_ignore_ascii_case(&b)))
            }
            (a, b) => a == b && mods == want,
        }
    }

    /// How the key is written in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One row of the table.
pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// A word or two for the status bar's hints; empty when not hinted.
    pub hint: &'static str,
}

/// One row of a key table: `bind!(Ctx, [keys], Action, "help", "hint")`.
macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $action:ident, $help:expr, $hint:expr) => {
        $crate::app::keymap::Binding { ctx: $crate::app::keymap::Ctx::$ctx, keys: &[$($k),+], action: $crate::app::keymap::Action::$action, help: $help, hint: $hint }
    };
}

pub(crate) use bind;

mod bindings;
mod key_names;
mod map;
mod pop_ups;

pub use bindings::GLOBAL;
pub use map::{Bound, Collision, HelpLine, KeyOverrides, Keymap, OverrideError};
pub use pop_ups::POP_UPS;

/// Every default binding: the global ones, every screen's and the pop-ups'.
pub fn all_bindings() -> impl Iterator<Item = &'static Binding> {
    GLOBAL
        .iter()
        .chain(super::SCREENS.iter().flat_map(|s| s.bindings().iter()))
        .chain(POP_UPS.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
        Keymap::default().lookup(ctx, ev)
    }

    #[test]
    fn pane_bindings_come_before_global_ones() {
        let space = key(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::Checklist, &space), Some(Action::AdvanceStatus));
        assert_eq!(lookup(Ctx::WorkPlan, &space), None);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::WorkPlan, &q), Some(Action::Quit));
    }

    #[test]
    fn shifted_letters_and_control_keys_are_told_apart() {
        let big_e = key(KeyCode::Char('E'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Ctx::Checklist, &big_e), Some(Action::EditEstimate));
        let small_e = key(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(lookup(Ctx::Checklist, &small_e), None);
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Ctx::Timer, &ctrl_c), Some(Action::Quit));
        let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Ctx::Editor, &ctrl_s), Some(Action::SaveEntry));
        assert_eq!(lookup(Ctx::Checklist, &ctrl_s), None);
        let back_tab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(Ctx::Timer, &back_tab), Some(Action::FocusPrev));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let found = Keymap::default().collisions();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_global_editor_and_pop_up_contexts_have_keys() {
        let map = Keymap::default();
        for ctx in Ctx::POP_UPS.iter().chain([&Ctx::Global, &Ctx::Editor]) {
            assert!(map.bindings_for(*ctx).next().is_some(), "{ctx:?}");
        }
    }
}
