//! What the benches share: an empty session from the built-in process.

use chrono::{DateTime, Utc};
use cmo_promote::model::{Session, SessionMeta};
use cmo_promote::store::builtin_template;
use uuid::Uuid;

/// A new session titled "Bench", created at `t0`.
pub fn empty_session(t0: DateTime<Utc>) -> Session {
    let meta = SessionMeta {
        id: Uuid::from_u128(1),
        title: "Bench".into(),
        created_at: t0,
        created_by: "lead".into(),
    };
    Session::new(&builtin_template().expect("built-in template"), meta).expect("a session")
}
