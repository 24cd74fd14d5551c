//! Session files on disk: where they live, how they are read and written (atomically,
//! durably, never over a file that failed to load, that fails `check` or that the user
//! may not write), and how a user names one.

mod access;
mod append;
mod atomic;
mod cache;
mod catalog;
mod codec;
mod commit;
mod draft;
mod encode;
mod error;
mod head;
mod lock;
mod parse_error;
mod paths;
mod quick;
mod rescue;
mod rewritten;
mod session_file;
mod stamp;
mod streamed;
mod template;

pub use access::write_refusal;
pub use append::{Appended, Rewrite, read_appended};
pub use atomic::{write_once, write_report};
pub use cache::{cache_new_file, cache_path, lean_agrees, lean_path};
pub use catalog::{Listed, Store};
pub use codec::{FileHead, LogEnd, decode_file, decode_session};
pub use commit::{COMPACT_AFTER, Committed, Conflict, FileAt, Saved, save_ops};
pub use draft::{LiveDraft, discard_draft, read_drafts, write_draft};
pub use encode::{encode_file, encode_session, op_lines};
pub use error::StoreError;
pub use head::peek_generation;
pub(crate) use parse_error::parse_error as ron_error;
pub use paths::{DATA_DIR_ENV, default_data_dir, file_stem_for, slug};
pub use quick::{Quick, Writing};
pub use rescue::{read_rescue, rescue_text, write_rescue};
pub use rewritten::{read_added, read_rewritten};
pub use session_file::{ApplyError, Loaded, NotTaken};
pub use stamp::Stamp;
pub use template::{builtin_template, load_template};
