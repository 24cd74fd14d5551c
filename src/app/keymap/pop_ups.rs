//! The keys of the pop-ups: prompts, yes/no questions, pop-ups to read, a step's or a
//! change's details, the clashing edits, and the two choices the replay asks.

use super::{Binding, ch, ctrl, plain};
use ratatui::crossterm::event::KeyCode as K;

/// The pop-ups' bindings, in the order help lists them.
pub static POP_UPS: &[Binding] = &[
    super::bind!(Prompt, [plain(K::Enter)], SaveEntry, "done", ""),
    super::bind!(
        Prompt,
        [ctrl('s')],
        SaveNotes,
        "done, also in notes (where Enter is a new line)",
        ""
    ),
    super::bind!(
        Prompt,
        [ctrl('o')],
        ExternalEditor,
        "notes: edit them in $VISUAL / $EDITOR",
        ""
    ),
    super::bind!(
        Prompt,
        [plain(K::Esc), ctrl('c')],
        Back,
        "cancel (asks before dropping typed notes)",
        ""
    ),
    super::bind!(Confirm, [ch('y'), ch('Y')], Yes, "yes", ""),
    super::bind!(Confirm, [ch('n'), ch('N')], No, "no", ""),
    super::bind!(
        Confirm,
        [plain(K::Esc)],
        Back,
        "not now (a kept draft is asked about again)",
        ""
    ),
    super::bind!(Popup, [plain(K::Up), ch('k')], Up, "scroll up", ""),
    super::bind!(Popup, [plain(K::Down), ch('j')], Down, "scroll down", ""),
    super::bind!(
        Popup,
        [plain(K::Esc), plain(K::Enter), ch('q'), ch('?')],
        Back,
        "close",
        ""
    ),
    super::bind!(
        Details,
        [ch('t')],
        ToggleTimer,
        "start / stop the step's timer",
        ""
    ),
    super::bind!(Details, [ch('v')], VoidTime, "void a time entry", ""),
    super::bind!(Details, [ch('e')], EditChange, "edit the change", ""),
    super::bind!(Conflicts, [plain(K::Up), ch('k')], Up, "previous edit", ""),
    super::bind!(Conflicts, [plain(K::Down), ch('j')], Down, "next edit", ""),
    super::bind!(
        Conflicts,
        [ch('r')],
        KeepYours,
        "keep yours (made again, over theirs)",
        ""
    ),
    super::bind!(Conflicts, [ch('x')], DropMine, "drop yours", ""),
    super::bind!(Conflicts, [plain(K::Esc), ch('q')], Back, "close", ""),
    super::bind!(Outcome, [ch('a')], ReplayDone, "applied", ""),
    super::bind!(Outcome, [ch('f')], ReplayFail, "failed (asks why)", ""),
    super::bind!(Outcome, [ch('s')], ReplaySkip, "skipped (asks why)", ""),
    super::bind!(Outcome, [plain(K::Esc)], Back, "cancel", ""),
    super::bind!(Rating, [ch('a')], RateAsWritten, "as written", ""),
    super::bind!(
        Rating,
        [ch('m')],
        RateAmbiguous,
        "ambiguous (asks for a note)",
        ""
    ),
    super::bind!(
        Rating,
        [ch('i')],
        RateImprovised,
        "improvised (asks for a note)",
        ""
    ),
    super::bind!(
        Rating,
        [ch('v')],
        RateWrongValue,
        "wrong value (asks for a note)",
        ""
    ),
    super::bind!(Rating, [plain(K::Esc)], Back, "cancel", ""),
];
