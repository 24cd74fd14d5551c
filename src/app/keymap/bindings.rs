//! The key table itself: every binding with its context, keys, action, help line and
//! status-bar hint, in the order help lists them.

use super::{Action, Binding, Ctx, ch, ctrl, plain};
use ratatui::crossterm::event::KeyCode;

macro_rules! bind {
    ($ctx:ident, [$($k:expr),+], $action:ident, $help:expr, $hint:expr) => {
        Binding { ctx: Ctx::$ctx, keys: &[$($k),+], action: Action::$action, help: $help, hint: $hint }
    };
}

use KeyCode as K;

/// Every binding, in the order help lists them.
pub static BINDINGS: &[Binding] = &[
    bind!(Global, [plain(K::Tab)], FocusNext, "next pane", "next pane"),
    bind!(Global, [plain(K::BackTab)], FocusPrev, "previous pane", ""),
    bind!(Global, [plain(K::Up), ch('k')], Up, "move up", ""),
    bind!(Global, [plain(K::Down), ch('j')], Down, "move down", ""),
    bind!(Global, [plain(K::PageUp)], PageUp, "page up", ""),
    bind!(Global, [plain(K::PageDown)], PageDown, "page down", ""),
    bind!(Global, [plain(K::Home), ch('g')], Home, "first row", ""),
    bind!(Global, [plain(K::End), ch('G')], End, "last row", ""),
    bind!(
        Global,
        [plain(K::Enter), plain(K::Right), ch('l')],
        Open,
        "open / edit",
        ""
    ),
    bind!(
        Global,
        [plain(K::Esc), plain(K::Left), ch('h')],
        Back,
        "leave / close",
        ""
    ),
    bind!(
        Global,
        [ch('t')],
        ToggleTimer,
        "start / stop the timer",
        "timer"
    ),
    bind!(Global, [ch('?')], Help, "help", "help"),
    bind!(
        Global,
        [ch('C')],
        Conflicts,
        "edits that clashed with others': retry or drop",
        ""
    ),
    bind!(Global, [ch('q'), ctrl('c')], Quit, "quit (saves)", "quit"),
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
    bind!(Checklist, [ch('S')], SignOff, "sign off a done step", ""),
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
    bind!(
        Tests,
        [ch('p')],
        MarkPass,
        "pass, then the next script",
        "pass"
    ),
    bind!(
        Tests,
        [ch('f')],
        MarkFail,
        "fail (asks what went wrong), then the next",
        "fail"
    ),
    bind!(
        Tests,
        [ch('b')],
        MarkBlocked,
        "blocked (asks what blocks it), then the next",
        "blocked"
    ),
    bind!(
        Tests,
        [ch('w')],
        MarkWaived,
        "waived (asks why), then the next",
        "waive"
    ),
    bind!(
        Tests,
        [ch('n')],
        MarkNotRun,
        "not run, then the next",
        "not run"
    ),
    bind!(
        Tests,
        [plain(K::Left), ch('h')],
        PrevRound,
        "earlier round",
        ""
    ),
    bind!(
        Tests,
        [plain(K::Right), ch('l')],
        NextRound,
        "later round",
        ""
    ),
    bind!(
        Tests,
        [ch('F')],
        Attention,
        "only the scripts that need attention in the round",
        "attention"
    ),
    bind!(Tests, [plain(K::Esc)], Back, "show every script again", ""),
    bind!(
        Tests,
        [plain(K::Enter)],
        Open,
        "the script in full, with its results",
        "details"
    ),
    bind!(Tests, [ch('a')], AddScript, "add a test script", "add"),
    bind!(Tests, [ch('e')], EditScript, "edit the script", "edit"),
    bind!(
        Tests,
        [ch('d')],
        RemoveScript,
        "remove the script (asks for a reason)",
        ""
    ),
    bind!(
        Tests,
        [ch('R')],
        NewRound,
        "start a new test round",
        "round"
    ),
    bind!(
        Editor,
        [plain(K::Tab)],
        NextField,
        "next field",
        "next field"
    ),
    bind!(
        Editor,
        [plain(K::BackTab)],
        PrevField,
        "previous field",
        "prev field"
    ),
    bind!(Editor, [ctrl('s')], SaveEntry, "save", "save"),
    bind!(
        Editor,
        [plain(K::Esc)],
        Back,
        "leave (asks before discarding edits)",
        "leave"
    ),
    bind!(
        Editor,
        [plain(K::Up)],
        PickPrev,
        "area / action: previous choice",
        ""
    ),
    bind!(
        Editor,
        [plain(K::Down)],
        PickNext,
        "area / action: next choice",
        ""
    ),
    bind!(
        Editor,
        [ch(' ')],
        Toggle,
        "irreversible / action: toggle",
        ""
    ),
];
