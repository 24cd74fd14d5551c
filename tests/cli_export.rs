//! `export` from a shell: the Markdown report on standard output or in a file, the CSV
//! files in a folder, and a clear error when the place cannot be written.

mod common;

use common::cli::{cmd, create, log, ok};
use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn export_writes_markdown_to_stdout_or_a_file_and_csv_to_a_folder() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    create(d, "Q3");
    log(d, "q3", "Incident form").assert().success();
    let md = ok(d, &["export", "q3"]);
    assert!(md.starts_with("# Q3\n"), "{md}");
    assert!(md.contains("### 1. WP-001 · Forms / Incident form"), "{md}");
    let file = d.join("q3.md");
    let said = ok(d, &["export", "q3", "--out", file.to_str().unwrap()]);
    assert_eq!(said, format!("wrote {}\n", file.display()));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        md,
        "the same bytes"
    );
    let folder = d.join("csv");
    let said = ok(
        d,
        &[
            "export",
            "q3",
            "--format",
            "csv",
            "--out",
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(
        said,
        format!(
            "wrote work-plan.csv, test-results.csv, time-entries.csv to {}\n",
            folder.display()
        )
    );
    let plan = std::fs::read_to_string(folder.join("work-plan.csv")).unwrap();
    assert!(
        plan.starts_with("number,area,item,description,before,after,notes,"),
        "{plan}"
    );
    assert!(plan.contains("WP-001,Forms,Incident form,"), "{plan}");
    cmd(d)
        .args(["export", "q3", "--out", "/nonexistent/dir/q3.md"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/nonexistent/dir"));
}
