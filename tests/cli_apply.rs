//! `apply` and `status` from a shell: the replay rules of the Outage screen (irreversible
//! changes need --yes, dependencies --override, failures and cancels a note, the
//! rehearsal a rating), with each refusal leaving the file as it was.

mod common;

use cmo_promote::model::{EnvKey, Op, OpId, OpKind, Outcome, Replicability};
use cmo_promote::store::Loaded;
use common::cli::{cmd, create, log, ok, saved};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn refused(d: &Path, path: &Path, args: &[&str], message: &str) {
    let before = fs::read(path).unwrap();
    cmd(d)
        .args(args)
        .assert()
        .failure()
        .stderr(predicate::str::contains(message));
    assert_eq!(fs::read(path).unwrap(), before, "{args:?} wrote nothing");
}

#[test]
fn apply_records_starts_outcomes_and_cancels_under_the_replay_rules() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Night");
    log(d, "night", "Incident form").assert().success();
    let mut second: Vec<&str> = common::cli::log_args("night", "Approver role").to_vec();
    second.extend([
        "--depends-on",
        "WP-1",
        "--irreversible",
        "--backout-note",
        "Revoke the grant by hand",
    ]);
    ok(d, &second);
    refused(
        d,
        &path,
        &["apply", "night", "WP-1", "start", "--env", "prod"],
        "Production is changed in the Production implementation (step 11)",
    );
    into_step(&path, 11);
    refused(
        d,
        &path,
        &["apply", "night", "WP-2", "start", "--env", "prod"],
        "WP-002 is irreversible; its back-out note says: Revoke the grant by hand",
    );
    refused(
        d,
        &path,
        &["apply", "night", "WP-2", "start", "--env", "prod", "--yes"],
        "WP-002 depends on WP-001 (not applied in Production yet); starting it anyway needs a reason",
    );
    refused(
        d,
        &path,
        &["apply", "night", "WP-9", "start"],
        "there is no change \"WP-9\" in the Work Plan",
    );
    let out = ok(
        d,
        &[
            "apply",
            "night",
            "WP-2",
            "start",
            "--env",
            "prod",
            "--yes",
            "--override",
            "WP-001 was done by the vendor",
        ],
    );
    assert_eq!(out, "WP-002 started in Production · 0/2 applied\n");
    refused(
        d,
        &path,
        &["apply", "night", "WP-2", "failed", "--env", "prod"],
        "a note is required when WP-002 is recorded as failed",
    );
    refused(
        d,
        &path,
        &["apply", "night", "WP-2", "cancel", "--env", "prod"],
        "a reason is required to cancel an attempt",
    );
    let out = ok(
        d,
        &[
            "apply",
            "night",
            "WP-2",
            "cancel",
            "--env",
            "prod",
            "--note",
            "wrong row",
        ],
    );
    assert_eq!(
        out,
        "WP-002: the attempt in Production is cancelled · 0/2 applied\n"
    );
    let out = ok(
        d,
        &[
            "apply",
            "night",
            "WP-1",
            "failed",
            "--env",
            "prod",
            "--note",
            "-no save button",
        ],
    );
    assert_eq!(out, "WP-001 failed in Production · 0/2 applied, 1 failed\n");

    let s = saved(&path);
    let wp2 = &s.changes()[1].applications[0];
    assert_eq!(wp2.voided.as_ref().unwrap().reason, "wrong row");
    assert_eq!(
        wp2.dependency_override.as_ref().unwrap().reason,
        "WP-001 was done by the vendor"
    );
    let wp1 = s.changes()[0]
        .latest_application(EnvKey::Production)
        .unwrap();
    assert_eq!(wp1.outcome, Some(Outcome::Failed));
    assert_eq!(wp1.note, "-no save button");
}

/// Steps before `step` skipped and `step` started, by the lead.
fn into_step(path: &Path, step: u32) {
    let mut doc = Loaded::load_for_writing(path).unwrap();
    let mut kinds: Vec<OpKind> = (1..step)
        .map(|step| OpKind::SkipStep {
            step,
            reason: "done outside the tool".into(),
        })
        .collect();
    kinds.push(OpKind::StartStep {
        step,
        override_reason: None,
        ahead_of: Vec::new(),
    });
    for kind in kinds {
        let op = Op::new(OpId::new_random(), "lead", chrono::Utc::now(), kind);
        doc.apply_and_commit(op).unwrap();
    }
}

/// Steps 1 to 7 skipped and step 8 (the rehearsal) started.
fn into_the_rehearsal(path: &Path) {
    into_step(path, 8);
}

#[test]
fn in_the_rehearsal_apply_asks_for_a_rating_and_warns_an_author_replaying_their_change() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Night");
    // `log` records the user "tester" as the author.
    log(d, "night", "Incident form").assert().success();
    into_the_rehearsal(&path);
    cmd(d)
        .args(["apply", "night", "WP-1", "start"])
        .assert()
        .success()
        .stdout("WP-001 started in Stage 2 (test)\n")
        .stderr(predicate::str::contains(
            "warning: you made WP-001; the rehearsal should be replayed by someone who did not",
        ));
    refused(
        d,
        &path,
        &["apply", "night", "WP-1", "done"],
        "recording WP-001 as applied in the rehearsal needs a rating of how replaying it \
         went: as written, ambiguous, improvised or wrong value\ngive --rating as-written, \
         ambiguous, improvised or wrong-value",
    );
    refused(
        d,
        &path,
        &["apply", "night", "WP-1", "done", "--rating", "ambiguous"],
        "a note is required when WP-001 is recorded as ambiguous",
    );
    let out = ok(
        d,
        &[
            "apply",
            "night",
            "WP-1",
            "done",
            "--rating",
            "ambiguous",
            "--note",
            "which Incident form?",
        ],
    );
    assert!(
        out.starts_with("WP-001 applied in Stage 2 (test) in "),
        "{out}"
    );
    let s = saved(&path);
    let app = s.changes()[0].latest_application(EnvKey::Stage2).unwrap();
    assert_eq!(app.rating, Some(Replicability::Ambiguous));
    assert_eq!(s.must_fix().len(), 1);
    // Starting an applied change again needs --yes; someone else replaying gets no
    // warning.
    refused(
        d,
        &path,
        &["apply", "night", "WP-1", "start", "--user", "rita"],
        "WP-001 is already applied in Stage 2 (test) (by tester); add --yes to apply it again",
    );
    cmd(d)
        .args(["apply", "night", "WP-1", "start", "--user", "rita", "--yes"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn status_describes_the_step_before_the_outage_and_the_board_during_it() {
    let data = TempDir::new().unwrap();
    let d = data.path();
    let path = create(d, "Night");
    log(d, "night", "Incident form").assert().success();
    into_the_rehearsal(&path);
    let out = ok(d, &["status", "night"]);
    assert_eq!(
        out,
        "step 8 in progress: Rehearse the implementation in Stage 2 (0/1 rehearsed)\n"
    );
}
