//! Property tests: any session made of any ops survives replay and a save/load cycle
//! unchanged, whatever text it holds (newlines, quotes, emoji, wide characters…).

mod common;

use cmo_promote::model::Session;
use cmo_promote::store::{Loaded, Store, decode_session, encode_session};
use common::{Intent, drive, new_session};
use proptest::prelude::*;
use std::path::Path;

/// Text that is hard for a file format: quotes, raw-string markers, backslashes, line
/// breaks of every kind, control characters, emoji and wide characters.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()),
                Just("\"#".to_string()),
                Just("r#\"".to_string()),
                Just("\\".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\r".to_string()),
                Just("\t".to_string()),
                Just("👩‍💻".to_string()),
                Just("表".to_string()),
                Just("é".to_string()),
                Just(" ".to_string()),
                Just("Forms".to_string()),
                Just("\u{0}".to_string()),
                Just("\u{1b}[31m".to_string()),
                "[a-z]{1,6}",
            ],
            0..12
        )
        .prop_map(|parts| parts.concat()),
        1 => Just(String::new()),
    ]
}

fn intent() -> impl Strategy<Value = Intent> {
    common::intents_from(0..40, nasty_text(), nasty_text(), -60..100_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn replaying_the_history_rebuilds_the_session(
        intents in proptest::collection::vec(intent(), 0..120)
    ) {
        let (template, mut session) = new_session("Replay");
        drive(&mut session, &intents);
        let rebuilt = Session::replay(&template, session.meta(), session.history()).unwrap();
        prop_assert_eq!(&rebuilt, &session);
        prop_assert!(session.problems().is_empty(), "{:?}", session.problems());
    }

    #[test]
    fn encode_then_decode_gives_back_an_equal_session(
        title in nasty_text().prop_filter("a title", |t| !t.trim().is_empty()),
        intents in proptest::collection::vec(intent(), 0..80)
    ) {
        let (_, mut session) = new_session(&title);
        drive(&mut session, &intents);
        let path = Path::new("mem.ron");
        let text = encode_session(&session, path).unwrap();
        let back = decode_session(&text, path).map_err(|e| {
            TestCaseError::fail(format!("{e}\n--- file ---\n{text}"))
        })?;
        prop_assert_eq!(back, session);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn saving_to_disk_and_loading_gives_back_an_equal_session(
        title in nasty_text().prop_filter("a title", |t| !t.trim().is_empty()),
        intents in proptest::collection::vec(intent(), 0..60)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().to_path_buf());
        let (_, session) = new_session(&title);
        let path = store.create(&session).unwrap();
        let mut loaded = Loaded::load(&path).unwrap();
        drive(&mut loaded.session, &intents);
        let ops: Vec<_> = loaded.session.history().iter().map(|op| op.into_owned()).collect();
        let committed = loaded.commit(&ops).unwrap();
        prop_assert!(committed.saved.conflicts.is_empty());
        let back = Loaded::load(&path).unwrap();
        prop_assert_eq!(&back.session, &committed.loaded.session);
        prop_assert_eq!(back.session, loaded.session);
        // The ops were added at the end: no rewrite, all of them after the snapshot.
        prop_assert_eq!(back.generation, 0);
        prop_assert_eq!(back.log.map(|l| l.after_snapshot), Some(ops.len()));
    }
}

#[test]
fn random_sessions_do_apply_many_kinds_of_op() {
    // Guards the generator itself: if most ops were refused the properties above
    // would prove little.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..30 {
        let intents = proptest::collection::vec(intent(), 100)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let (_, mut session) = new_session("Coverage");
        drive(&mut session, &intents);
        for op in session.history() {
            kinds.insert(op.kind.name());
        }
    }
    assert!(
        kinds.len() >= 22,
        "only these op kinds were applied: {kinds:?}"
    );
}
