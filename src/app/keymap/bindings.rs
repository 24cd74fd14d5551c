//! The keys that work on every screen, and in the change and script editors. Each
//! screen's own keys are in its file (`Screen::bindings`).

use super::{Binding, ch, ctrl, plain};
use ratatui::crossterm::event::KeyCode as K;

/// The global and editor bindings, in the order help lists them.
pub static GLOBAL: &[Binding] = &[
    super::bind!(Global, [plain(K::Tab)], FocusNext, "next pane", "next pane"),
    super::bind!(Global, [plain(K::BackTab)], FocusPrev, "previous pane", ""),
    super::bind!(Global, [plain(K::Up), ch('k')], Up, "move up", ""),
    super::bind!(Global, [plain(K::Down), ch('j')], Down, "move down", ""),
    super::bind!(Global, [plain(K::PageUp)], PageUp, "page up", ""),
    super::bind!(Global, [plain(K::PageDown)], PageDown, "page down", ""),
    super::bind!(Global, [plain(K::Home), ch('g')], Home, "first row", ""),
    super::bind!(Global, [plain(K::End), ch('G')], End, "last row", ""),
    super::bind!(
        Global,
        [plain(K::Enter), plain(K::Right), ch('l')],
        Open,
        "open / edit",
        ""
    ),
    super::bind!(
        Global,
        [plain(K::Esc), plain(K::Left), ch('h')],
        Back,
        "leave / close",
        ""
    ),
    super::bind!(
        Global,
        [ch('t')],
        ToggleTimer,
        "start / stop the timer",
        "timer"
    ),
    super::bind!(Global, [ch('?')], Help, "help", "help"),
    super::bind!(
        Global,
        [ch('X')],
        Export,
        "write the report (Markdown, CSV)",
        ""
    ),
    super::bind!(
        Global,
        [ch('u')],
        Undo,
        "undo your last edit made here (as a new edit)",
        "undo"
    ),
    super::bind!(
        Global,
        [ch('C')],
        Conflicts,
        "edits that clashed with others': retry or drop",
        ""
    ),
    super::bind!(Global, [ch('q'), ctrl('c')], Quit, "quit (saves)", "quit"),
    super::bind!(
        Editor,
        [plain(K::Tab)],
        NextField,
        "next field",
        "next field"
    ),
    super::bind!(
        Editor,
        [plain(K::BackTab)],
        PrevField,
        "previous field",
        "prev field"
    ),
    super::bind!(Editor, [ctrl('s')], SaveEntry, "save", "save"),
    super::bind!(
        Editor,
        [ctrl('o')],
        ExternalEditor,
        "edit this text field in $VISUAL / $EDITOR",
        ""
    ),
    super::bind!(
        Editor,
        [plain(K::Esc)],
        Back,
        "leave (asks before discarding edits)",
        "leave"
    ),
    super::bind!(
        Editor,
        [plain(K::Up)],
        PickPrev,
        "area / action: previous choice",
        ""
    ),
    super::bind!(
        Editor,
        [plain(K::Down)],
        PickNext,
        "area / action: next choice",
        ""
    ),
    super::bind!(
        Editor,
        [ch(' ')],
        Toggle,
        "irreversible / action: toggle",
        ""
    ),
];
