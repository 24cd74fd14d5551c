//! `tests`: the test scripts with their result in each round and each round's tally, as
//! a table for people or as CSV for spreadsheets (one row per script and round). The
//! results are the effective ones ([`Session::effective_result`]): carried passes and
//! scripts that need a retest show as such. Removed scripts are left out.

use super::commands::Context;
use super::mark::NO_SCRIPTS;
use super::table::{render, truncate};
use super::values::FormatArg;
use crate::export::CsvOut;
use crate::model::{Effective, EffectiveStatus, Session, TestGrid, TestRound, TestScript};
use crate::safe_text::one_line;
use crate::store::Loaded;
use crate::vocab::result_cell;
use anyhow::anyhow;
use chrono::{DateTime, Local, Utc};
use std::io::Write;
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

/// The width the table tries to stay within; titles are cut to fit (16 to 40 columns).
const WIDTH: usize = 80;

pub fn tests(
    ctx: &Context,
    wanted: &str,
    round: Option<u32>,
    format: FormatArg,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let loaded = Loaded::load(&ctx.store.resolve(wanted)?)?;
    let session = &loaded.session;
    let grid = TestGrid::of(session);
    let columns: Vec<usize> = match round {
        None => (0..grid.rounds().len()).collect(),
        Some(n) => {
            let column = grid.rounds().iter().position(|r| r.number == n);
            vec![column.ok_or_else(|| no_round(session, n))?]
        }
    };
    let empty = grid.scripts().is_empty();
    match format {
        FormatArg::Table if empty => writeln!(out, "{NO_SCRIPTS}")?,
        FormatArg::Table => table(session, &grid, &columns, out)?,
        FormatArg::Csv => {
            csv(session, &grid, &columns, out)?;
            if empty {
                out.flush()?;
                writeln!(err, "{NO_SCRIPTS}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Round `n` is not there: which are.
fn no_round(session: &Session, n: u32) -> anyhow::Error {
    let mut numbers: Vec<u32> = session.rounds().iter().map(|r| r.number).collect();
    numbers.sort_unstable();
    match numbers.as_slice() {
        [] => anyhow!("there is no test round {n}: the session has no round yet"),
        _ => {
            let all: Vec<String> = numbers.iter().map(u32::to_string).collect();
            anyhow!("there is no test round {n} (rounds: {})", all.join(", "))
        }
    }
}

/// One row per script (label, title cut to fit, a cell per round), then a tally line
/// per round.
fn table(
    session: &Session,
    grid: &TestGrid,
    columns: &[usize],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let cells: Vec<Vec<String>> = grid
        .scripts()
        .iter()
        .enumerate()
        .map(|(row, _)| {
            columns
                .iter()
                .map(|&c| {
                    grid.cell(row, c)
                        .map_or(String::new(), |e| result_cell(e.status))
                })
                .collect()
        })
        .collect();
    let mut header = vec!["SCRIPT".to_string(), "TITLE".to_string()];
    header.extend(
        columns
            .iter()
            .map(|&c| format!("R{}", grid.rounds()[c].number)),
    );
    let labels: Vec<String> = grid.scripts().iter().map(|s| s.label()).collect();
    let round_widths: usize = (0..columns.len())
        .map(|i| {
            let widest = cells.iter().map(|r| r[i].width()).max().unwrap_or(0);
            widest.max(header[i + 2].width()) + 2
        })
        .sum();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0).max(6) + 2;
    let title_width = WIDTH
        .saturating_sub(label_width + round_widths + 2)
        .clamp(16, 40);
    let rows: Vec<Vec<String>> = grid
        .scripts()
        .iter()
        .zip(labels)
        .zip(cells)
        .map(|((script, label), cells)| {
            let mut row = vec![label, truncate(&script.fields.title, title_width)];
            row.extend(cells);
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write!(out, "{}", render(&header, &rows))?;
    if columns.is_empty() {
        writeln!(
            out,
            "\nNo test round yet; start one with `cmo-promote add-round`."
        )?;
        return Ok(());
    }
    writeln!(out)?;
    let current = grid.current_round();
    for &c in columns {
        let r = grid.rounds()[c];
        let now = if current == Some(c) { ", current" } else { "" };
        writeln!(
            out,
            "Round {} ({}, step {}, {}{now}): {}",
            r.number,
            one_line(&r.name),
            r.step,
            one_line(&session.env_name(r.env)),
            grid.tally(c)
        )?;
    }
    Ok(())
}

/// The columns of `tests --format csv`.
const CSV_HEADER: [&str; 13] = [
    "script",
    "title",
    "round",
    "round_name",
    "step",
    "env",
    "status",
    "tester",
    "at_utc",
    "at_local",
    "comment",
    "carried_from",
    "retest_because",
];

/// One row per script and round: the effective result, and who recorded the result it
/// comes from, when and with what comment.
fn csv(
    session: &Session,
    grid: &TestGrid,
    columns: &[usize],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut csv = CsvOut::new(out);
    csv.row(CSV_HEADER)?;
    for (row, script) in grid.scripts().iter().enumerate() {
        for &c in columns {
            let Some(cell) = grid.cell(row, c) else {
                continue;
            };
            csv.row(csv_row(session, script, grid.rounds()[c], cell))?;
        }
    }
    csv.flush()?;
    Ok(())
}

fn csv_row(
    session: &Session,
    script: &TestScript,
    round: &TestRound,
    cell: &Effective,
) -> Vec<String> {
    let (carried_from, retest_because) = match cell.status {
        EffectiveStatus::Carried { from_round, .. } => (from_round.to_string(), String::new()),
        EffectiveStatus::NeedsRetest { passed_in, change } => {
            let from = if passed_in == round.number {
                String::new()
            } else {
                passed_in.to_string()
            };
            let change = session.change(change).map(|c| c.label());
            (from, change.unwrap_or_default())
        }
        _ => (String::new(), String::new()),
    };
    let result = cell.result;
    let time = |f: fn(DateTime<Utc>) -> String| result.map(|r| f(r.at)).unwrap_or_default();
    vec![
        script.label(),
        script.fields.title.clone(),
        round.number.to_string(),
        round.name.clone(),
        round.step.to_string(),
        round.env.code().to_string(),
        cell.status.word().to_string(),
        result.map(|r| r.tester.clone()).unwrap_or_default(),
        time(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        time(|t| {
            t.with_timezone(&Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        }),
        result.map(|r| r.comment.clone()).unwrap_or_default(),
        carried_from,
        retest_because,
    ]
}
