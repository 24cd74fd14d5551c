//! Helpers shared by the integration tests: deterministic sessions and random op
//! sequences that exercise every kind of op; `cli` runs the binary, `tty` runs the TUI in
//! a pseudo-terminal, `app_fx` drives an app on a real session file.
#![allow(dead_code)]

pub mod app_fx;
pub mod cli;
pub mod example;
pub mod lean;
pub mod plan;
pub mod screens;
pub mod tty;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use cmo_promote::app::{App, AppEvent};
use cmo_promote::clock::FixedClock;
use cmo_promote::model::*;
use cmo_promote::store::Loaded;
use cmo_promote::store::builtin_template;
use proptest::prelude::*;
use std::ops::Range;
use std::sync::Arc;
use uuid::Uuid;

/// An op by `who`, saved to the session file at `path` as another program would save
/// it (the app under test learns of it only from the file).
pub fn saved_by(path: &std::path::Path, who: &str, kind: OpKind) {
    let mut other = Loaded::load(path).unwrap();
    let op = Op::new(OpId::new_random(), who, t0(), kind);
    other.apply_and_commit(op).unwrap();
}

/// An op of `who`'s that logs a change in Forms named `item`.
pub fn change_logged(who: &str, item: &str) -> Op {
    Op::new(
        OpId::new_random(),
        who,
        t0(),
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: item.into(),
                ..Default::default()
            }),
        },
    )
}

/// Adds as many changes to the session file at `path` (as one writer) as make its
/// next save write a new snapshot; returns the session as it then is.
pub fn fill_to_a_new_snapshot(path: &std::path::Path) -> Loaded {
    let mut doc = Loaded::load(path).unwrap();
    let many: Vec<Op> = (0..cmo_promote::store::COMPACT_AFTER)
        .map(|n| change_logged("tester", &format!("C{n}")))
        .collect();
    for op in &many {
        doc.session.apply(op.clone()).unwrap();
    }
    doc.commit(&many).unwrap().loaded
}

/// Another writer's `op` saved to a copy of the session file at `path`, written anew
/// there (a new snapshot): the copy (in the folder returned) and the session in it,
/// ready to be put in place at once, as a rewrite is.
pub fn written_anew_elsewhere(
    path: &std::path::Path,
    op: Op,
) -> (tempfile::TempDir, std::path::PathBuf, Loaded) {
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("copy.ron");
    std::fs::copy(path, &copy).unwrap();
    let mut other = Loaded::load(&copy).unwrap();
    other.apply_and_commit(op).unwrap();
    let other = other.compact().unwrap().loaded;
    (elsewhere, copy, other)
}

/// The session file whose bytes were `before` gone another way elsewhere: step 1's
/// notes set to "bobs 1" by an op as long as `mine` (the app's own op on `before`, step
/// 1's notes set to six letters by the same author at the same time), then a change
/// logged by bob. Gives the copy's bytes, whose line ends at `end` (where the app read
/// its own file to), so that the lines after fall where the app's would.
pub fn went_another_way(before: &[u8], mine: &Op, end: u64) -> Vec<u8> {
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("copy.ron");
    std::fs::write(&copy, before).unwrap();
    let mut other = Loaded::load(&copy).unwrap();
    let notes = OpKind::SetStepNotes {
        step: 1,
        notes: "bobs 1".into(),
        was: None,
    };
    let same_length = Op::new(OpId::new_random(), mine.author.as_str(), mine.at, notes);
    other.apply_and_commit(same_length).unwrap();
    other
        .apply_and_commit(change_logged("bob", "By Bob"))
        .unwrap();
    let text = std::fs::read(&copy).unwrap();
    assert_eq!(
        text[end as usize - 1],
        b'\n',
        "the app's end falls on a line's end"
    );
    text
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 8, 30, 0).unwrap()
}

pub fn meta(title: &str) -> SessionMeta {
    SessionMeta {
        id: Uuid::from_u128(0xC0FFEE),
        title: title.to_string(),
        created_at: t0(),
        created_by: "lead".to_string(),
    }
}

/// A fresh session saved in a temp data dir (kept alive by the returned guard).
pub fn session_file(title: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let data = tempfile::TempDir::new().unwrap();
    let store = cmo_promote::store::Store::open(data.path().to_path_buf());
    let (_, session) = new_session(title);
    let path = store.create(&session).unwrap();
    (data, path)
}

pub fn new_session(title: &str) -> (Template, Session) {
    let template = builtin_template().unwrap();
    let session = Session::new(&template, meta(title)).unwrap();
    (template, session)
}

/// An app on `session` for drawing: no saver (nothing is written), the clock fixed at
/// `now`, times shown in UTC, a `w`×`h` screen.
pub fn app_on(session: Session, now: DateTime<Utc>, w: u16, h: u16) -> App {
    let loaded = Loaded {
        path: "/nonexistent/q3.ron".into(),
        session,
        stamp: Default::default(),
        generation: 0,
        format_version: cmo_promote::model::FORMAT_VERSION,
        log: None,
        checked: false,
    };
    let mut app = App::new(loaded, "ann", Arc::new(FixedClock::new(now)), None);
    app.zone = FixedOffset::east_opt(0);
    app.handle(AppEvent::Resize(w, h));
    app
}

/// The files beside the session file at `session` whose names contain `part`, sorted.
pub fn files_beside(session: &std::path::Path, part: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(session.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect();
    found.sort();
    found
}

/// Takes the save lock of the session file at `session`, as another writer would, and
/// returns it held (released when dropped or unlocked).
pub fn hold_lock(session: &std::path::Path) -> std::fs::File {
    let mut name = session.as_os_str().to_owned();
    name.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(std::path::PathBuf::from(name))
        .unwrap();
    lock.lock().unwrap();
    lock
}

/// Draws `app` at its size into a test terminal as the event loop does: the frame's
/// geometry goes back to the app, and the frame is drawn again if that moved a list.
pub fn render(
    app: &mut App,
    theme: cmo_promote::ui::Theme,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let (w, h) = app.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    for _ in 0..2 {
        let mut hits = None;
        terminal
            .draw(|f| hits = Some(cmo_promote::ui::draw(f, app, theme)))
            .unwrap();
        if !hits.is_some_and(|h| app.set_hits(h)) {
            break;
        }
    }
    terminal
}

/// Random intents: indices below `indices`, texts from the two strategies, op times
/// `minutes` after `t0`.
pub fn intents_from(
    indices: Range<usize>,
    text: impl Strategy<Value = String>,
    text2: impl Strategy<Value = String>,
    minutes: Range<i64>,
) -> impl Strategy<Value = Intent> {
    (
        any::<u8>(),
        indices.clone(),
        indices,
        text,
        text2,
        any::<bool>(),
        minutes,
    )
        .prop_map(|(kind, a, b, text, text2, flag, minutes)| Intent {
            kind,
            a,
            b,
            text,
            text2,
            flag,
            minutes,
        })
}

/// One abstract action, made concrete against the session as it is when applied.
#[derive(Debug, Clone)]
pub struct Intent {
    pub kind: u8,
    pub a: usize,
    pub b: usize,
    pub text: String,
    pub text2: String,
    pub flag: bool,
    pub minutes: i64,
}

const AUTHORS: [&str; 3] = ["ann", "bob", "Zoë 佐藤"];

/// Turns an intent into an op for `s` (ids and times derived from `seq`).
pub fn concretize(s: &Session, seq: u64, i: &Intent) -> Op {
    let step = (i.a % (s.steps().len() + 1)) as u32; // 0 is "no such step" now and then
    let change = if s.changes().is_empty() {
        ChangeId(Uuid::from_u128(i.a as u128))
    } else {
        s.changes()[i.a % s.changes().len()].id
    };
    let other = if s.changes().is_empty() {
        change
    } else {
        s.changes()[i.b % s.changes().len()].id
    };
    let script = if s.scripts().is_empty() {
        ScriptId(Uuid::from_u128(7))
    } else {
        s.scripts()[i.b % s.scripts().len()].id
    };
    let round = if s.rounds().is_empty() {
        RoundId(Uuid::from_u128(9))
    } else {
        s.rounds()[i.a % s.rounds().len()].id
    };
    let env = EnvKey::ALL[i.b % 4];
    let text = i.text.clone();
    let kind = match i.kind % 29 {
        0 => OpKind::StartStep {
            step,
            override_reason: None,
            ahead_of: Vec::new(),
        },
        1 => OpKind::CompleteStep { step },
        2 => OpKind::SkipStep { step, reason: text },
        3 => OpKind::BlockStep { step, reason: text },
        4 => OpKind::ReopenStep {
            step,
            resume: false,
        },
        5 => OpKind::SetStepOwner {
            step,
            owner: i.flag.then_some(text),
        },
        6 => OpKind::SetStepNotes {
            step,
            notes: text,
            was: None,
        },
        7 => OpKind::SetStepEstimate {
            step,
            minutes: i.flag.then_some(i.b as u32),
        },
        8 => OpKind::SignOff {
            step,
            comment: text,
        },
        9 | 10 => OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: if i.flag {
                    KNOWN_AREAS[i.b % KNOWN_AREAS.len()].to_string()
                } else {
                    i.text2.clone()
                },
                item: text.clone(),
                action: [Action::Add, Action::Modify, Action::Remove][i.b % 3],
                navigation: i.text2.clone(),
                before: text.clone(),
                after: i.text2.clone(),
                description: format!("{text}\n{}", i.text2),
                replication_notes: i.text2.clone(),
                depends_on: if i.b.is_multiple_of(2) {
                    vec![other]
                } else {
                    vec![]
                },
                risk_note: text.clone(),
                irreversible: i.flag,
                backout_note: i.text2.clone(),
            }),
        },
        11 => edit_change(
            s,
            change,
            i.flag,
            match i.b % 5 {
                0 => vec![ChangeEdit::Description(text)],
                1 => vec![ChangeEdit::Item(text), ChangeEdit::Irreversible(i.flag)],
                2 => vec![ChangeEdit::DependsOn(vec![other])],
                3 => vec![],
                _ => vec![
                    ChangeEdit::Before(text),
                    ChangeEdit::After(i.text2.clone()),
                    ChangeEdit::Action(Action::Remove),
                ],
            },
        ),
        12 => OpKind::MoveChange {
            change,
            to: i.b % (s.changes().len() + 1),
        },
        13 => OpKind::RemoveChange {
            change,
            reason: text,
        },
        14 => OpKind::StartApplication {
            change,
            env,
            override_reason: i.flag.then(|| text.clone()),
        },
        15 => OpKind::FinishApplication {
            change,
            env,
            outcome: [Outcome::Applied, Outcome::Failed, Outcome::Skipped][i.a % 3],
            note: text,
            replicability: i.flag.then_some((i.b % 7) as u8),
            rating: (!i.flag).then_some(Replicability::ALL[i.b % 4]),
        },
        // (CancelApplication is drawn in place of a freeze that is already on.)
        16 => OpKind::StartTimer {
            target: if i.flag {
                TimerTarget::Step { step }
            } else {
                TimerTarget::Application { change, env }
            },
        },
        17 => OpKind::StopTimer {
            target: if i.flag {
                TimerTarget::Step { step }
            } else {
                TimerTarget::Application { change, env }
            },
        },
        18 if s.freeze().is_active() => OpKind::CancelApplication {
            change,
            env,
            reason: text,
        },
        18 => OpKind::StartFreeze {
            note: text,
            after: None,
        },
        19 => OpKind::EndFreeze {
            note: text,
            after: None,
        },
        20 => OpKind::AddTestScript {
            fields: Box::new(ScriptFields {
                title: text.clone(),
                preconditions: i.text2.clone(),
                steps: vec![ScriptStep {
                    action: i.text2.clone(),
                    expected: text,
                }],
                covers: if i.flag { vec![change] } else { vec![] },
                owner: i.flag.then(|| i.text2.clone()),
                priority: [None, Some(Priority::High), Some(Priority::Low)]
                    .get(i.b % 3)
                    .copied()
                    .flatten(),
            }),
        },
        21 => OpKind::EditTestScript {
            script,
            fields: Box::new(ScriptFields {
                title: text,
                covers: if i.flag { vec![change] } else { vec![] },
                ..ScriptFields::default()
            }),
        },
        22 => OpKind::AddTestRound {
            name: text,
            step: [4, 6, 9, 3][i.b % 4],
            env,
        },
        23 | 24 => OpKind::RecordResult {
            round,
            script,
            status: [
                ResultStatus::Pass,
                ResultStatus::Fail,
                ResultStatus::Blocked,
                ResultStatus::Waived,
                ResultStatus::NotRun,
            ][i.b % 5],
            comment: text,
        },
        27 => OpKind::RemoveTestScript {
            script,
            reason: text,
        },
        28 => OpKind::StartStep {
            step,
            override_reason: Some(text),
            ahead_of: Vec::new(),
        },
        25 => OpKind::ConfigureEnvironment {
            env,
            name: text,
            notes: i.text2.clone(),
            enabled: i.flag,
        },
        _ => OpKind::SetOutagePlan {
            window_start: Some(t0() + Duration::hours(i.a as i64)),
            window_end: Some(t0() + Duration::hours(i.b as i64)),
            contingency_percent: (i.b * 37) as u32,
            copy_back_after_days: (i.a % 10) as u32,
            verification_minutes: i.flag.then_some((i.b * 7) as u32),
            rollback_minutes: (i.a * 5) as u32,
        },
    };
    Op::new(
        OpId(Uuid::from_u128(0x1000 + seq as u128)),
        AUTHORS[i.a % 3],
        t0() + Duration::minutes(i.minutes),
        kind,
    )
}

/// An edit of `change`; with `check`, it says which values it expects to replace (as
/// the TUI's editor does), so a concurrent edit of the same field is a conflict.
fn edit_change(s: &Session, change: ChangeId, check: bool, edits: Vec<ChangeEdit>) -> OpKind {
    let was = match s.change(change).filter(|_| check) {
        Some(c) => {
            let mut new = c.fields.clone();
            for e in &edits {
                e.apply_to(&mut new);
            }
            ChangeEdit::diff(&new, &c.fields)
        }
        None => Vec::new(),
    };
    OpKind::EditChange { change, edits, was }
}

/// Applies intents in order; each refused op must leave the session untouched.
pub fn drive(session: &mut Session, intents: &[Intent]) -> usize {
    let mut applied = 0;
    for (seq, intent) in intents.iter().enumerate() {
        let op = concretize(session, seq as u64, intent);
        let before = session.clone();
        match session.apply(op) {
            Ok(()) => applied += 1,
            Err(e) => assert_eq!(*session, before, "refused op ({e}) changed the session"),
        }
    }
    applied
}
