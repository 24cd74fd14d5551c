//! cmo-promote: carries a team through a CMO Configuration Promotion Process.
//!
//! `model` is the pure core (sessions, steps, the Work Plan, tests, timers and the
//! operations that change them); `store` reads and writes session files; `app` holds
//! the TUI's state and turns input into ops; `ui` draws it; `tui` owns the terminal;
//! `cli` runs the commands; `export` writes what other programs read (CSV); `clock`
//! supplies the time; `safe_text` makes typed text safe to show on a terminal; `vocab`
//! holds the words and symbols people read, shared by screens, reports and commands;
//! `config` reads the user's settings (keys, theme, defaults) and says where files are;
//! `heap` sets up how memory goes back to the system; `hashing` hashes bytes as they
//! pass (the store's files, the check's fingerprint of a session).

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod export;
pub(crate) mod hashing;
pub mod heap;
pub mod model;
pub mod safe_text;
pub mod sample;
pub mod store;
pub mod tui;
pub mod ui;
pub mod vocab;
