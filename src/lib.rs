//! cmo-promote: carries a team through a CMO Configuration Promotion Process.
//!
//! `model` is the pure core (sessions, steps, the Work Plan, tests, timers and the
//! operations that change them); `store` reads and writes session files; `cli` runs the
//! command-line commands; `clock` supplies the time.

pub mod cli;
pub mod clock;
pub mod model;
pub mod store;
