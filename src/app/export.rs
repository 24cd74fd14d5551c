//! `X`: the session's report, written beside the session file: a folder `NAME-report`
//! with `report.md` and the CSV files, the same as `cmo-promote export` makes.

use super::{App, Message};
use crate::export::{csv_files, markdown};
use crate::store::write_report;
use std::path::PathBuf;

impl App {
    /// The folder the report goes to: `NAME-report` beside `NAME.ron`.
    pub fn report_folder(&self) -> PathBuf {
        let path = &self.doc.path;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "session".into());
        path.with_file_name(format!("{stem}-report"))
    }

    pub(super) fn export_report(&mut self) {
        let folder = self.report_folder();
        let s = &self.doc.session;
        let result = std::fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))
            .and_then(|()| {
                write_report(&folder.join("report.md"), markdown(s).as_bytes())
                    .map_err(|e| e.to_string())
            })
            .and_then(|()| csv_files(s, self.zone).map_err(|e| e.to_string()))
            .and_then(|files| {
                files.iter().try_for_each(|(name, bytes)| {
                    write_report(&folder.join(name), bytes).map_err(|e| e.to_string())
                })
            });
        self.message = Some(match result {
            Ok(()) => Message::Info(format!(
                "Report written to {} (report.md and the CSV files)",
                folder.display()
            )),
            Err(e) => Message::Error(format!("The report was not written: {e}")),
        });
    }
}
