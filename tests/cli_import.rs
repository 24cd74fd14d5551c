//! `import --scripts FILE.csv` through the real binary: a plain file, a file as Excel
//! saves it (byte-order mark, CRLF, line breaks in cells), steps paired with their
//! expected results, and every way a file or a row is refused, each leaving the session
//! file exactly as it was. The fixtures are written by the tests themselves.

mod common;

use cmo_promote::model::{Priority, ScriptStep};
use common::cli::{cmd, create, log, no_panic, saved};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A session "Q3" with changes WP-001 to WP-003.
fn q3(data: &Path) -> PathBuf {
    let path = create(data, "Q3");
    for item in ["Incident form", "Severity list", "Close rule"] {
        log(data, "q3", item).assert().success();
    }
    path
}

/// Writes `bytes` to `name` in the data folder and returns its path as text.
fn fixture(data: &Path, name: &str, bytes: &[u8]) -> String {
    let file = data.join(name);
    fs::write(&file, bytes).unwrap();
    file.to_string_lossy().into_owned()
}

fn import(data: &Path, file: &str) -> assert_cmd::assert::Assert {
    cmd(data).args(["import", "q3", "--scripts", file]).assert()
}

/// Runs an import that must be refused with `message`, and checks that the session
/// file (and its backup) did not change at all.
fn refused(data: &Path, path: &Path, file: &str, message: &str) -> String {
    let before = fs::read(path).unwrap();
    let backup = fs::read(path.with_extension("ron.bak")).ok();
    let out = import(data, file)
        .failure()
        .stdout("")
        .stderr(predicate::str::contains(message))
        .stderr(no_panic());
    assert_eq!(fs::read(path).unwrap(), before, "the session file changed");
    assert_eq!(fs::read(path.with_extension("ron.bak")).ok(), backup);
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

fn step(action: &str, expected: &str) -> ScriptStep {
    ScriptStep {
        action: action.into(),
        expected: expected.into(),
    }
}

#[test]
fn a_good_file_adds_every_script_in_one_save() {
    let data = TempDir::new().unwrap();
    let path = q3(data.path());
    let before = saved(&path);
    let bytes_before = fs::read(&path).unwrap();
    let file = fixture(
        data.path(),
        "scripts.csv",
        b"title,steps,expected,covers,owner,priority\n\
          Raise an incident,Open Incidents,The list shows,WP-1,Tess,high\n\
          Close an incident,,,2 3,,\n\
          Check the dashboard,,,,,low\n",
    );
    import(data.path(), &file)
        .success()
        .stdout("imported 3 scripts: TS-001…TS-003\n");
    let after = saved(&path);
    // One save: three op lines added at the end of the file as it was.
    let bytes_after = fs::read(&path).unwrap();
    assert!(
        bytes_after.starts_with(&bytes_before),
        "the file was rewritten"
    );
    let added = String::from_utf8(bytes_after[bytes_before.len()..].to_vec()).unwrap();
    assert_eq!(added.lines().count(), 3, "{added}");
    assert_eq!(after.history().len(), before.history().len() + 3);
    let s = &after.scripts();
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].fields.title, "Raise an incident");
    assert_eq!(
        s[0].fields.steps,
        [step("Open Incidents", "The list shows")]
    );
    assert_eq!(s[0].fields.covers, [after.changes()[0].id]);
    assert_eq!(s[0].fields.owner.as_deref(), Some("Tess"));
    assert_eq!(s[0].fields.priority, Some(Priority::High));
    assert_eq!(
        s[1].fields.covers,
        [after.changes()[1].id, after.changes()[2].id]
    );
    assert_eq!(
        (s[1].fields.owner.as_ref(), s[1].fields.priority),
        (None, None)
    );
    assert!(s.iter().all(|s| s.author == "tester"));
    cmd(data.path()).args(["check", "q3"]).assert().success();

    // Numbers go on from the scripts already there; the same titles again are refused.
    let more = fixture(data.path(), "more.csv", b"TITLE\nLog in as a tester\n");
    import(data.path(), &more)
        .success()
        .stdout("imported 1 script: TS-004\n");
    let stderr = refused(
        data.path(),
        &path,
        &file,
        "nothing was imported: 3 of 3 rows",
    );
    assert!(
        stderr.contains(&format!(
            "{file}:2: a script titled \"Raise an incident\" is already in the session as TS-001"
        )),
        "{stderr}"
    );
}

#[test]
fn an_excel_file_with_bom_crlf_and_line_breaks_in_cells_is_read_as_it_is() {
    let data = TempDir::new().unwrap();
    let path = q3(data.path());
    // What Excel writes for "CSV UTF-8 (Comma delimited)": BOM, CRLF, quoted cells
    // holding line breaks, an empty row of commas at the end.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        "Title,Steps,Expected,Covers\r\n\
         Raise an incident,\"1. Open Incidents\r\n2. Click New\r\n3. Save\",\"1. The list shows\r\n2. A blank form opens\",\"WP-1, WP-002 3\"\r\n\
         Café – 表 ✓,Look,Shown,\r\n\
         ,,,\r\n"
            .as_bytes(),
    );
    let file = fixture(data.path(), "excel.csv", &bytes);
    import(data.path(), &file)
        .success()
        .stdout("imported 2 scripts: TS-001…TS-002\n");
    let s = saved(&path);
    let first = &s.scripts()[0].fields;
    assert_eq!(first.title, "Raise an incident", "no BOM in the title");
    assert_eq!(
        first.steps,
        [
            step("Open Incidents", "The list shows"),
            step("Click New", "A blank form opens"),
            step("Save", ""),
        ]
    );
    let all: Vec<_> = s.changes().iter().map(|c| c.id).collect();
    assert_eq!(first.covers, all);
    assert_eq!(s.scripts()[1].fields.title, "Café – 表 ✓");
    assert_eq!(s.scripts()[1].fields.steps, [step("Look", "Shown")]);
}

#[test]
fn one_bad_row_imports_nothing_and_each_bad_row_is_reported_with_its_line() {
    let data = TempDir::new().unwrap();
    let path = q3(data.path());
    let file = fixture(
        data.path(),
        "bad.csv",
        b"title,steps,expected,covers\r\n\
          Good one,Do it,Done,WP-1\r\n\
          Multi-line,\"a\r\nb\r\nc\",\"x\r\ny\",WP-2\r\n\
          Unknown change,,,WP-1 WP-9\r\n\
          ,only steps,,WP-1\r\n\
          Good one,,,\r\n\
          Results without steps,a,\"x\ny\",\r\n\
          Urgent,,,,\r\n\
          Too many,a,b,1,extra\r\n",
    );
    let stderr = refused(
        data.path(),
        &path,
        &file,
        "nothing was imported: 5 of 8 rows of",
    );
    for line in [
        // Line 7: the row after one whose cells span lines 3 to 6.
        format!("{file}:7: covers: there is no change \"WP-9\""),
        format!("{file}:8: the title is empty"),
        format!("{file}:9: a script titled \"Good one\" is also on line 2"),
        format!("{file}:10: steps and expected: line 2 of the expected results has no step"),
        format!("{file}:13: 1 cell(s) under no column heading"),
    ] {
        assert!(stderr.contains(&line), "{line}\nin\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), 6, "{stderr}");
    assert!(saved(&path).scripts().is_empty());
}

#[test]
fn a_bad_priority_and_every_problem_of_a_row_are_named_together() {
    let data = TempDir::new().unwrap();
    let path = q3(data.path());
    let file = fixture(
        data.path(),
        "p.csv",
        b"title,covers,priority\nFine,,medium\n,zz,urgent\n",
    );
    refused(
        data.path(),
        &path,
        &file,
        &format!(
            "{file}:3: the title is empty; covers: there is no change \"zz\"; \
             priority \"urgent\" is not high, medium or low"
        ),
    );
}

#[test]
fn files_that_are_not_comma_separated_csv_are_refused_in_words() {
    let data = TempDir::new().unwrap();
    let path = q3(data.path());
    let d = data.path();
    let semicolons = fixture(
        d,
        "semi.csv",
        b"\xEF\xBB\xBFtitle;steps;expected;covers\r\nRaise;Open;Shown;WP-1\r\n",
    );
    refused(
        d,
        &path,
        &semicolons,
        &format!(
            "{semicolons} is not comma-separated (it looks separated by semicolons); \
             save it as CSV (comma delimited)"
        ),
    );
    let tabs = fixture(d, "tabs.csv", b"title\tsteps\nRaise\tOpen\n");
    refused(d, &path, &tabs, "it looks separated by tabs");
    let latin1 = fixture(d, "latin1.csv", b"title\nCaf\xe9\n");
    refused(
        d,
        &path,
        &latin1,
        &format!("{latin1}:2: not UTF-8 text (byte 9); save it as \"CSV UTF-8"),
    );
    let utf16 = fixture(d, "utf16.csv", b"\xff\xfet\x00i\x00");
    refused(d, &path, &utf16, "is UTF-16 text");
    let unknown = fixture(d, "cols.csv", b"Title,Steps,Expectd,Notes\nA,b,c,d\n");
    refused(
        d,
        &path,
        &unknown,
        &format!("{unknown}:1: unknown column(s) \"Expectd\", \"Notes\""),
    );
    let no_header = fixture(d, "data.csv", b"Raise an incident,Open,Shown,WP-1\n");
    refused(d, &path, &no_header, "the first row must name the columns");
    let header_only = fixture(d, "empty.csv", b"title,steps\r\n,\r\n");
    refused(d, &path, &header_only, "has no rows below its header");
    let missing = data.path().join("nowhere.csv");
    refused(
        d,
        &path,
        &missing.to_string_lossy(),
        &format!("cannot read {}", missing.display()),
    );
}

#[test]
fn import_help_names_the_columns() {
    let data = TempDir::new().unwrap();
    cmd(data.path())
        .args(["import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--scripts <FILE.csv>"))
        .stdout(predicate::str::contains(
            "title (required), steps, expected,",
        ))
        .stdout(predicate::str::contains("nothing is imported"));
}

#[test]
fn a_stray_quote_refuses_the_file_instead_of_swallowing_rows() {
    let data = TempDir::new().unwrap();
    let path = create(data.path(), "Quotes");
    cmd(data.path())
        .args([
            "log",
            "quotes",
            "--area",
            "Forms",
            "--item",
            "A",
            "--description",
            "d",
        ])
        .assert()
        .success();
    let before = fs::read(&path).unwrap();
    let file = data.path().join("stray.csv");
    fs::write(
        &file,
        "title,steps,expected,covers\nRow A,\"step with a stray quote,x,WP-1\nRow B,s,e,WP-1\nRow C,s,e,WP-1\n",
    )
    .unwrap();
    cmd(data.path())
        .args(["import", "quotes", "--scripts"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("stray.csv:2:"))
        .stderr(predicate::str::contains("never closed"));
    fs::write(
        &file,
        "title,steps,expected,covers\n\"Embedded \"quote\" mid\",s,e,WP-1\n",
    )
    .unwrap();
    cmd(data.path())
        .args(["import", "quotes", "--scripts"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("stray.csv:2:"))
        .stderr(predicate::str::contains("two quotes"));
    assert_eq!(fs::read(&path).unwrap(), before, "nothing imported");
}
