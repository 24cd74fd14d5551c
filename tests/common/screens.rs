//! The sessions the screen tests draw: a brand-new one, and one under way (steps
//! done, signed off and in progress, changes applied, timers running), built from ops
//! with fixed ids and times.

use chrono::{DateTime, Duration, Utc};
use cmo_promote::app::App;
use cmo_promote::model::{
    Action, ChangeFields, ChangeId, EnvKey, Op, OpId, OpKind, Outcome, Session,
};
use uuid::Uuid;

/// When the session was created; every op is timed relative to it.
use super::t0;

pub fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// Applies ops with deterministic ids; each must be accepted.
pub struct Script {
    session: Session,
    next_id: u128,
}

impl Script {
    pub fn new() -> Script {
        Script {
            session: super::new_session("Q3 workflow changes").1,
            next_id: 100,
        }
    }

    pub fn op(&mut self, who: &str, minutes: i64, kind: OpKind) -> &mut Script {
        self.next_id += 1;
        let op = Op::new(OpId(Uuid::from_u128(self.next_id)), who, at(minutes), kind);
        if let Err(e) = self.session.apply(op.clone()) {
            panic!("setting up the session: {op:?} refused: {e}");
        }
        self
    }

    pub fn change_id(&self, number: u32) -> ChangeId {
        self.session.change_by_number(number).unwrap().id
    }
}

pub fn app_on(session: Session, now: DateTime<Utc>, w: u16, h: u16) -> App {
    super::app_on(session, now, w, h)
}

/// A brand-new session, as `cmo-promote new` leaves it.
pub fn fresh(w: u16, h: u16) -> App {
    app_on(Script::new().session, t0(), w, h)
}

/// The clock in the session under way: 25 minutes after step 3 started.
pub const NOW_IN_PROGRESS: i64 = 85;

/// Steps 1 and 2 done (step 1 with notes and a sign-off), step 3 in progress with an
/// owner, an estimate and its timer running; three changes: WP-001 applied in Stage 1,
/// WP-002 being applied in Stage 1 (timer running), WP-003 irreversible and not
/// applied anywhere yet.
pub fn in_progress_session() -> Session {
    let mut s = Script::new();
    s.op(
        "bob",
        0,
        OpKind::StartStep {
            step: 1,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    )
    .op(
        "bob",
        1,
        OpKind::SetStepOwner {
            step: 1,
            owner: Some("bob".into()),
        },
    )
    .op("bob", 45, OpKind::CompleteStep { step: 1 })
    .op(
        "bob",
        46,
        OpKind::SetStepNotes {
            step: 1,
            notes: "Copied from the 02:00 Production backup.\n\
                        Stage 1 URL: https://stage1.example.org/cmo"
                .into(),
            was: None,
        },
    )
    .op(
        "lead",
        47,
        OpKind::SignOff {
            step: 1,
            comment: "copy checked against Production".into(),
        },
    )
    .op(
        "ann",
        48,
        OpKind::StartStep {
            step: 2,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    )
    .op("ann", 58, OpKind::CompleteStep { step: 2 })
    .op(
        "ann",
        60,
        OpKind::StartStep {
            step: 3,
            override_reason: None,
            ahead_of: Vec::new(),
        },
    )
    .op(
        "ann",
        60,
        OpKind::SetStepOwner {
            step: 3,
            owner: Some("ann".into()),
        },
    )
    .op(
        "ann",
        60,
        OpKind::SetStepEstimate {
            step: 3,
            minutes: Some(90),
        },
    )
    .op(
        "ann",
        62,
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Forms".into(),
                item: "Incident report".into(),
                action: Action::Modify,
                navigation: "Admin › Forms › Incident report".into(),
                description: "Add a Root cause dropdown to the investigation section".into(),
                ..Default::default()
            }),
        },
    );
    let wp1 = s.change_id(1);
    s.op(
        "ann",
        65,
        OpKind::StartApplication {
            change: wp1,
            env: EnvKey::Stage1,
            override_reason: None,
        },
    )
    .op(
        "ann",
        72,
        OpKind::FinishApplication {
            change: wp1,
            env: EnvKey::Stage1,
            outcome: Outcome::Applied,
            note: String::new(),
            replicability: None,
            rating: None,
        },
    )
    .op(
        "ann",
        70,
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Business Rules".into(),
                item: "Escalate overdue actions".into(),
                action: Action::Add,
                description: "Escalate actions overdue by 3 days to the area manager".into(),
                depends_on: vec![wp1],
                ..Default::default()
            }),
        },
    );
    let wp2 = s.change_id(2);
    s.op(
        "ann",
        78,
        OpKind::StartApplication {
            change: wp2,
            env: EnvKey::Stage1,
            override_reason: None,
        },
    )
    .op(
        "bob",
        75,
        OpKind::AddChange {
            fields: Box::new(ChangeFields {
                area: "Custom Fields".into(),
                item: "Legacy severity code".into(),
                action: Action::Remove,
                description: "Delete the unused field and its data".into(),
                irreversible: true,
                ..Default::default()
            }),
        },
    );
    s.session
}

pub fn in_progress(w: u16, h: u16) -> App {
    app_on(in_progress_session(), at(NOW_IN_PROGRESS), w, h)
}
