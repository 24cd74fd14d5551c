//! Every kind of op reads as words (for the history, `recover` and conflict lists),
//! never as the program's own name for it.

mod common;

use cmo_promote::vocab::describe_op;
use common::{Intent, concretize, new_session};

#[test]
fn every_op_kind_is_described_in_words() {
    let (_, mut session) = new_session("Words");
    let mut kinds_seen = std::collections::HashSet::new();
    for seq in 0..2000u64 {
        let intent = Intent {
            kind: (seq % 251) as u8,
            a: (seq * 7 % 13) as usize,
            b: (seq * 11 % 17) as usize,
            text: format!("text {seq}"),
            text2: format!("other {seq}"),
            flag: seq % 3 == 0,
            minutes: seq as i64,
        };
        let op = concretize(&session, seq, &intent);
        let words = describe_op(&op.kind, &session);
        let name = op.kind.name();
        assert!(!words.trim().is_empty(), "{name} has no words");
        assert!(!words.contains(name), "{name} shows its own name: {words}");
        kinds_seen.insert(name);
        let _ = session.apply(op);
    }
    assert_eq!(
        kinds_seen.len(),
        27,
        "every kind of op is tried: {kinds_seen:?}"
    );
}
