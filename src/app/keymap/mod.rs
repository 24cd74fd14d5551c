//! Key bindings: what a key is, where it applies, and the tables dispatch, help and the
//! status bar's hints all read (the global keys here, each screen's keys in its own
//! file), so help can never drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        }
    }
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// One row of a key table: `bind!(Ctx, [keys], Action, "help", "hint")`.
macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $action:ident, $help:expr, $hint:expr) => {
        $crate::app::keymap::Binding { ctx: $crate::app::keymap::Ctx::$ctx, keys: &[$($k),+], action: $crate::app::keymap::Action::$action, help: $help, hint: $hint }
    };
}

pub(crate) use bind;

mod bindings;

pub use bindings::GLOBAL;

/// Every binding: the global ones and every screen's.
pub fn all_bindings() -> impl Iterator<Item = &'static Binding> {
    GLOBAL
        .iter()
        .chain(super::SCREENS.iter().flat_map(|s| s.bindings().iter()))
}

/// The action bound to `ev` in `ctx` (a pane's own bindings before the global ones).
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    let find = |c: Ctx| {
        all_bindings()
            .filter(|b| b.ctx == c)
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    };
    match ctx {
        Ctx::Global | Ctx::Editor => find(ctx),
        pane => find(pane).or_else(|| find(Ctx::Global)),
    }
}

/// One line of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// The title of a context's section.
    Section(&'static str),
    /// Keys and what they do.
    Keys(String, String),
    Blank,
    /// A closing remark.
    Note(&'static str),
}

/// The help screen for `screen`: the global keys and the screen keys first, then each
/// of the screen's contexts, each from the key table, so help cannot drift from what
/// the keys do.
pub fn help_lines(screen: &dyn super::Screen) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let section = |ctx: Ctx, lines: &mut Vec<HelpLine>, extra: Vec<HelpLine>| {
        let rows: Vec<HelpLine> = bindings_in(screen, ctx)
            .into_iter()
            .map(|(keys, b)| HelpLine::Keys(keys, b.help.to_string()))
            .chain(extra)
            .collect();
        if rows.is_empty() {
            return;
        }
        lines.push(HelpLine::Section(ctx.title()));
        lines.extend(rows);
        lines.push(HelpLine::Blank);
    };
    let screens = super::SCREENS
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {}", i + 1, s.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let digits = match super::SCREENS.len() {
        1 => "1".to_string(),
        n => format!("1–{n}"),
    };
    section(
        Ctx::Global,
        &mut lines,
        vec![HelpLine::Keys(digits, format!("show a screen: {screens}"))],
    );
    for ctx in screen.contexts() {
        section(*ctx, &mut lines, Vec::new());
    }
    lines.push(HelpLine::Note(
        "Mouse: click a tab, a pane or a row; the wheel scrolls.",
    ));
    lines.push(HelpLine::Note(
        "In a text field every key is text; Tab, Ctrl-S and Esc act on the editor.",
    ));
    lines.push(HelpLine::Note(
        "Text fields: Ctrl-A/Ctrl-E line start/end, Ctrl-U/Ctrl-K delete to them,",
    ));
    lines.push(HelpLine::Note(
        "Ctrl-W the word before, Ctrl-Y puts back what was deleted, Ctrl-Z undoes.",
    ));
    lines
}

/// The bindings of one context, for help and hints.
pub fn bindings_for(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    all_bindings().filter(move |b| b.ctx == ctx)
}

/// The bindings of `ctx` as they work on `screen`, with the keys that do what they say
/// there: a global binding loses the keys the screen's own contexts take over (on the
/// Tests screen ← and → choose a round), and is left out when it has none left or its
/// action means nothing on the screen.
pub fn bindings_in(screen: &dyn super::Screen, ctx: Ctx) -> Vec<(String, &'static Binding)> {
    bindings_for(ctx)
        .filter_map(|b| {
            if ctx != Ctx::Global {
                return Some((b.keys_label(), b));
            }
            if screen.ignores(b.action) {
                return None;
            }
            let taken = |k: &&Key| {
                screen
                    .contexts()
                    .iter()
                    .filter(|c| **c != Ctx::Editor)
                    .flat_map(|c| bindings_for(*c))
                    .any(|other| other.keys.contains(k))
            };
            let keys: Vec<String> = b
                .keys
                .iter()
                .filter(|k| !taken(k))
                .map(Key::label)
                .collect();
            (!keys.is_empty()).then(|| (keys.join("/"), b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
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
        let all: Vec<&Binding> = all_bindings().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.ctx != b.ctx {
                    continue;
                }
                for ka in a.keys {
                    assert!(
                        !b.keys.contains(ka),
                        "{} bound twice in {:?}",
                        ka.label(),
                        a.ctx
                    );
                }
            }
        }
    }
}
