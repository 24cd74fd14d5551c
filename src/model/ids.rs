//! Stable identifiers. An entity created by an op takes that op's id as its own, so an id
//! is unique across every instance that ever edited the session.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// The unique id of an operation.
    OpId
);
id_type!(
    /// The stable id of a Work Plan change (the id of the op that added it).
    ChangeId
);
id_type!(
    /// The stable id of a test script (the id of the op that added it).
    ScriptId
);
id_type!(
    /// The stable id of a test round (the id of the op that added it).
    RoundId
);

impl OpId {
    /// A fresh random id.
    pub fn new_random() -> Self {
        OpId(Uuid::new_v4())
    }
}
