//! Session files on disk: where they live, how they are read and written (atomically,
//! durably, never over a file that failed to load), and how a user names one.

mod atomic;
mod catalog;
mod codec;
mod error;
mod paths;
mod template;

pub use atomic::{BACKUP_SUFFIX, TEMP_PREFIX, remove_stray_temps, write_atomic, write_new};
pub use catalog::{Listed, Loaded, Store};
pub use codec::{decode_session, encode_session};
pub use error::StoreError;
pub use paths::{DATA_DIR_ENV, default_data_dir, file_stem_for, slug};
pub use template::{builtin_template, load_template};
