//! Reports written for other programs to read. `csv` writes CSV that spreadsheets open
//! safely: every cell that a spreadsheet would run as a formula is neutralised.

mod csv;

pub use self::csv::{CsvOut, spreadsheet_safe};
