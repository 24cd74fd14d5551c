//! Reports: the Markdown report of a session for people (`report`, `report_plan`,
//! written with `md`, which keeps typed text text), and CSV that spreadsheets open
//! safely (`csv`: every cell a spreadsheet would run as a formula is neutralised).

mod csv;
mod csv_files;
mod md;
mod report;
mod report_plan;

pub use self::csv::{CsvOut, spreadsheet_safe};
pub use csv_files::{WORK_PLAN_COLUMNS, files as csv_files};
pub use report::markdown;
