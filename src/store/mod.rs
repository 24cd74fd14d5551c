//! Session files on disk: where they live, how they are read and written (atomically,
//! durably, never over a file that failed to load), and how a user names one.

mod atomic;
mod catalog;
mod codec;
mod draft;
mod error;
mod lock;
mod paths;
mod session_file;
mod stamp;
mod template;

pub use catalog::{Listed, Store};
pub use codec::{decode_session, encode_session};
pub use draft::{discard_draft, read_drafts, write_draft};
pub use error::StoreError;
pub use paths::{DATA_DIR_ENV, default_data_dir, file_stem_for, slug};
pub use session_file::{ApplyError, Committed, Conflict, Loaded, peek_generation, write_rescue};
pub use stamp::Stamp;
pub use template::{builtin_template, load_template};
