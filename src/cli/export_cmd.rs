//! `export`: the session's Markdown report (to standard output or a file) or its CSV
//! files (to a folder). Files are written whole or not at all.

use super::commands::Context;
use super::values::ExportFormat;
use crate::export::{csv_files, markdown};
use crate::store::{Loaded, write_report};
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn export(
    ctx: &Context,
    wanted: &str,
    format: ExportFormat,
    to: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let doc = Loaded::load(&ctx.store.resolve(wanted)?)?;
    match format {
        ExportFormat::Md => {
            let report = markdown(&doc.session);
            match to {
                None => out.write_all(report.as_bytes())?,
                Some(path) => {
                    write_report(path, report.as_bytes())?;
                    writeln!(out, "wrote {}", path.display())?;
                }
            }
        }
        ExportFormat::Csv => {
            let folder = match to {
                Some(p) => p.to_path_buf(),
                None => default_folder(&doc.path),
            };
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("cannot create the folder {}", folder.display()))?;
            let files = csv_files(&doc.session, None)?;
            for (name, bytes) in &files {
                write_report(&folder.join(name), bytes)?;
            }
            let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
            writeln!(out, "wrote {} to {}", names.join(", "), folder.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `NAME-export` in the current folder, for the session file `NAME.ron`.
fn default_folder(session: &Path) -> PathBuf {
    let stem = session
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    PathBuf::from(format!("{stem}-export"))
}
