//! `import --changes` from a shell: the Work Plan exported to CSV imports into a new
//! session as the same changes; a file saved by Excel reads as it is; one bad row
//! imports nothing and every bad row is named by line and column.

mod common;

use cmo_promote::model::Session;
use common::cli::{cmd, create, ok, saved};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// Each active change as (label, area, item, action, every text field, depends on as
/// labels, irreversible).
fn changes_of(s: &Session) -> Vec<String> {
    s.active_changes()
        .map(|c| {
            let f = &c.fields;
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
                c.label(),
                f.area,
                f.item,
                f.action,
                f.navigation,
                f.before,
                f.after,
                f.description,
                f.replication_notes,
                s.change_labels(&f.depends_on),
                f.risk_note,
                f.irreversible,
                f.backout_note
            )
        })
        .collect()
}

#[test]
fn an_exported_work_plan_imports_into_a_new_session_as_the_same_changes() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let sessions = d.join("sessions");
    fs::create_dir_all(&sessions).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/example-session.ron");
    fs::copy(&example, sessions.join("example.ron")).unwrap();
    let out = d.join("out");
    ok(
        d,
        &[
            "export",
            "example",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let fresh = create(d, "Fresh");
    let said = ok(
        d,
        &[
            "import",
            "fresh",
            "--changes",
            out.join("work-plan.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(said, "imported 3 changes: WP-001…WP-003\n");
    let original = saved(&sessions.join("example.ron"));
    assert_eq!(changes_of(&saved(&fresh)), changes_of(&original));
}

#[test]
fn a_file_saved_by_excel_reads_as_it_is_and_rows_may_depend_on_later_rows() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Q3");
    let file = d.join("changes.csv");
    fs::write(
        &file,
        "\u{feff}Area,ITEM,description,before,after,notes,Depends_On,irreversible\r\n\
         Forms,Incident,\"Add Severity\r\nbelow Category\",none,\"Low | High\",\"say \"\"hi\"\"\",WP-2,no\r\n\
         Roles,Approver,Grant,,,,,YES\r\n",
    )
    .unwrap();
    let said = ok(d, &["import", "q3", "--changes", file.to_str().unwrap()]);
    assert_eq!(said, "imported 2 changes: WP-001…WP-002\n");
    let s = saved(&path);
    let first = &s.changes()[0].fields;
    assert_eq!(first.area, "Forms", "no byte-order mark in the first cell");
    assert_eq!(
        first.description, "Add Severity\nbelow Category",
        "no CR kept"
    );
    assert_eq!(first.after, "Low | High");
    assert_eq!(first.replication_notes, "say \"hi\"");
    assert_eq!(s.change_labels(&first.depends_on), "WP-002");
    assert!(s.changes()[1].fields.irreversible);
}

#[test]
fn one_bad_row_imports_nothing_and_every_bad_row_is_named() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Q3");
    let file = d.join("bad.csv");
    fs::write(
        &file,
        "area,item,action,depends_on,irreversible\n\
         Forms,Good,add,,\n\
         ,Nameless,,,\n\
         Roles,Odd,rename,WP-9,maybe\n",
    )
    .unwrap();
    let before = fs::read(&path).unwrap();
    cmd(d)
        .args(["import", "q3", "--changes", file.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothing was imported: 2 row(s) of"))
        .stderr(predicate::str::contains("bad.csv:3: area: empty"))
        .stderr(predicate::str::contains(
            "bad.csv:4: action: \"rename\" is not add, modify or remove; irreversible: \"maybe\" is not yes or no",
        ));
    assert_eq!(fs::read(&path).unwrap(), before, "nothing written");
    fs::write(&file, "area;item\nForms;X\n").unwrap();
    cmd(d)
        .args(["import", "q3", "--changes", file.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not comma-separated"));
    fs::write(&file, "area,item,depends_on\nForms,X,WP-7\n").unwrap();
    cmd(d)
        .args(["import", "q3", "--changes", file.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "bad.csv:2: depends_on: there is no change \"WP-7\"",
        ));
    assert_eq!(fs::read(&path).unwrap(), before, "nothing written");
}
