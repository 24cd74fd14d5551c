//! The report's Work Plan and tests: each change as a numbered procedure someone else
//! can replay (every field, the irreversible ones marked, then every attempt in every
//! environment with who, when, how long, how it went and the rehearsal's rating), the
//! removed changes, the test scripts, and each round's results with their comments.

use super::md::{Table, or_dash, text};
use super::report::{as_of, when};
use crate::model::{Change, Session, TestGrid, format_duration};
use crate::vocab::outage::attempt_outcome;

pub(super) fn work_plan(s: &Session, out: &mut String) {
    out.push_str("## Work Plan\n\n");
    let active: Vec<&Change> = s.active_changes().collect();
    if active.is_empty() {
        out.push_str("No changes have been logged.\n\n");
    }
    let now = as_of(s);
    for (i, c) in active.iter().enumerate() {
        let f = &c.fields;
        out.push_str(&format!(
            "### {}. {} · {} / {} · {}\n\n",
            i + 1,
            c.label(),
            text(&f.area),
            text(&f.item),
            f.action
        ));
        if f.irreversible {
            out.push_str("**⚠ Irreversible:** it cannot be undone once applied.\n\n");
        }
        let deps = s.change_labels(&f.depends_on);
        for (label, value) in [
            ("Navigation", &f.navigation),
            ("Before", &f.before),
            ("After", &f.after),
            ("Description", &f.description),
            ("Replication notes", &f.replication_notes),
            ("Depends on", &deps),
            ("Risk", &f.risk_note),
            ("Back-out", &f.backout_note),
        ] {
            out.push_str(&format!("- **{label}:** {}\n", or_dash(value)));
        }
        out.push_str(&format!(
            "- **Logged:** by {} at {}; {} edit(s), the last by {} at {}\n\n",
            text(&c.author),
            when(c.created_at),
            c.revision,
            text(&c.updated_by),
            when(c.updated_at)
        ));
        let mut t = Table::new(&[
            "Environment",
            "By",
            "Started",
            "Finished",
            ">Took",
            "Outcome",
            "Rating",
            "Note",
        ]);
        for a in &c.applications {
            let started = a.timer.first_start().map(when);
            let outcome = text(&attempt_outcome(a));
            let mut note = or_dash(&a.note);
            if let Some(o) = &a.dependency_override {
                note.push_str(&format!(
                    "<br>started before {}: {}",
                    s.change_labels(&o.missing),
                    text(&o.reason)
                ));
            }
            t.row(vec![
                text(&s.env_name(a.env)),
                text(&a.by),
                started.unwrap_or_else(|| "not timed".into()),
                a.finished_at.map(when).unwrap_or_else(|| "—".into()),
                if a.timer.first_start().is_none() {
                    "—".into()
                } else {
                    format_duration(a.timer.elapsed(a.finished_at.unwrap_or(now)))
                },
                outcome,
                a.rating.map_or("—", |r| r.words()).to_string(),
                note,
            ]);
        }
        if t.is_empty() {
            out.push_str("Not applied anywhere yet.\n\n");
        } else {
            t.write(out);
        }
    }
    let removed: Vec<&Change> = s.changes().iter().filter(|c| c.is_removed()).collect();
    if !removed.is_empty() {
        out.push_str("### Removed from the Work Plan\n\n");
        for c in removed {
            if let Some(r) = &c.removed {
                out.push_str(&format!(
                    "- {} {} / {}: removed by {} at {}: {}\n",
                    c.label(),
                    text(&c.fields.area),
                    text(&c.fields.item),
                    text(&r.by),
                    when(r.at),
                    text(&r.reason)
                ));
            }
        }
        out.push('\n');
    }
}

pub(super) fn tests(s: &Session, out: &mut String) {
    out.push_str("## Tests\n\n");
    if s.scripts().is_empty() {
        out.push_str("The Test Plan has no scripts.\n\n");
        return;
    }
    let grid = TestGrid::of(s);
    let rounds = grid.rounds();
    let mut header = vec!["Script".to_string(), "Covers".to_string()];
    header.extend(rounds.iter().map(|r| format!("R{}", r.number)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut matrix = Table::new(&header);
    for (i, script) in grid.scripts().iter().enumerate() {
        let mut row = vec![
            format!("{} {}", script.label(), text(&script.fields.title)),
            or_dash(&s.change_labels(&script.fields.covers)),
        ];
        row.extend((0..rounds.len()).map(|r| {
            grid.cell(i, r)
                .map(|e| e.status.word().to_string())
                .unwrap_or_default()
        }));
        matrix.row(row);
    }
    matrix.write(out);
    for round in rounds {
        let step = s
            .step(round.step)
            .map(|st| format!("step {} {}", st.number, text(&st.title)))
            .unwrap_or_else(|| format!("step {}", round.step));
        out.push_str(&format!(
            "### Round {} \"{}\" ({step}, {})\n\n",
            round.number,
            text(&round.name),
            text(&s.env_name(round.env))
        ));
        let mut t = Table::new(&["Script", "Result", "Tester", "When", "Comment"]);
        for r in &round.results {
            let label = s
                .script(r.script)
                .map(|sc| sc.label())
                .unwrap_or_else(|| "?".into());
            t.row(vec![
                label,
                r.status.word().to_string(),
                text(&r.tester),
                when(r.at),
                or_dash(&r.comment),
            ]);
        }
        if t.is_empty() {
            out.push_str("No results recorded.\n\n");
        } else {
            t.write(out);
        }
    }
    let removed: Vec<String> = s
        .scripts()
        .iter()
        .filter_map(|sc| {
            let r = sc.removed.as_ref()?;
            Some(format!(
                "- {} {}: removed by {} at {}: {}\n",
                sc.label(),
                text(&sc.fields.title),
                text(&r.by),
                when(r.at),
                text(&r.reason)
            ))
        })
        .collect();
    if !removed.is_empty() {
        out.push_str("### Removed from the Test Plan\n\n");
        out.push_str(&removed.concat());
        out.push('\n');
    }
}
