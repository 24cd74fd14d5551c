//! The pure data model of a promotion session: no files, no terminal, no clock.
//!
//! Every mutation goes through [`Session::apply`] with an [`Op`]; applied ops are kept in
//! the session's history, which is both the audit trail and a way to rebuild the state.

mod application;
mod apply;
mod change_fields;
mod env;
mod glance;
mod history;
mod ids;
mod indexes;
mod integrity;
pub mod inverse;
mod lean;
mod migrate;
mod on_top;
mod op;
mod order;
mod outage;
mod phases;
mod rehearsal;
mod script_text;
mod session;
mod shared;
mod snapshot;
mod step;
mod template;
mod test_grid;
mod test_plan;
mod test_state;
mod time_log;
mod timing;
mod work_plan;

pub use application::{Application, DependencyOverride, Outcome, Replicability};
pub use change_fields::{CHANGE_FIELDS, ChangeField, FieldInfo, ValueKind};
pub use env::{EnvKey, Environment};
pub use glance::Glance;
pub use history::{History, Reader as HistoryReader, Stored as StoredHistory};
pub use ids::{ChangeId, OpId, RoundId, ScriptId};
pub use integrity::Problem;
pub use lean::{Lean, Row, Stripped, stripped};
pub use on_top::OnTop;
pub use op::{Op, OpError, OpKind, TimerTarget, numbers};
pub use order::OrderWarning;
pub use outage::{Done, OutageBoard, OutageState, UnderWay, amber_margin};
pub use rehearsal::{MustFix, OutageProposal, Rehearsal, must_fix_of};
pub use script_text::{StepsError, steps_from_text};
pub use session::{
    FORMAT_VERSION, Freeze, FreezePeriod, OutagePlan, ReplayError, Session, SessionMeta,
};
pub use shared::{Changes, Rounds, Scripts, Shared};
pub use snapshot::SnapshotError;
pub use step::{SignOff, StartOverride, Step, StepKind, StepStatus};
pub use template::{
    DEFAULT_CONTINGENCY_PERCENT, DEFAULT_COPY_BACK_DAYS, EnvTemplate, StepTemplate, Template,
    TemplateError,
};
pub use test_grid::TestGrid;
pub use test_plan::parse_script_label;
pub use test_plan::{
    Priority, ResultStatus, ScriptFields, ScriptStep, TestResult, TestRound, TestScript,
};
pub use test_state::{ChangeTestState, Effective, EffectiveStatus, Tally};
pub use time_log::TimeOf;
pub use timing::{TimeEntry, Timer, Voided, format_duration};
pub use work_plan::parse_change_label;
pub use work_plan::{
    Action, Change, ChangeEdit, ChangeFields, KNOWN_AREAS, Removal, default_areas,
};
