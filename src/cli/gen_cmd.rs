//! `gen` (hidden from the main help): writes a realistic session of a given size
//! ([`crate::sample`]) to a new file, for benchmarks and tests.

use super::commands::Context;
use crate::model::SessionMeta;
use crate::sample::{Size, session};
use crate::store::{builtin_template, encode_session, write_once};
use anyhow::Context as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn generate(
    ctx: &Context,
    size: Size,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let template = builtin_template()?;
    let meta = SessionMeta {
        id: uuid::Uuid::from_u64_pair(size.seed, size.changes as u64),
        title: format!("Generated {} changes", size.changes),
        created_at: ctx.clock.now(),
        created_by: ctx.user.to_string(),
    };
    let s = session(&template, meta, size).context("the generated history does not replay")?;
    let text = encode_session(&s, file)?;
    write_once(file, text.as_bytes())?;
    crate::store::cache_new_file(file, &s, text.as_bytes());
    writeln!(
        out,
        "{}: {} changes, {} test scripts, {} rounds, {} ops",
        file.display(),
        s.active_changes().count(),
        s.scripts().len(),
        s.rounds().len(),
        s.history().len()
    )?;
    Ok(ExitCode::SUCCESS)
}
