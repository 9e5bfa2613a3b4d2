//! `--format json` (one object, DESIGN §4) and `--format jsonl` (one person per line).

use std::io::{self, Write};

use serde::Serialize;

use crate::aggregate::Summary;
use crate::audit::AuditOutput;
use crate::finding::PersonReport;
use crate::plan::Plan;

#[derive(Serialize)]
struct Head<'a> {
    as_of: String,
    rules: &'a str,
    summary: &'a Summary,
    missing_columns: Vec<&'a str>,
}

/// A training of the plan, counted (`--summary-only`).
#[derive(Serialize)]
struct TrainingCount<'a> {
    training: &'a str,
    people: usize,
    months: Option<u32>,
    deadline: &'a str,
    retiring: usize,
}

/// The whole report as one JSON object; each person on one line for readable diffs.
pub fn write_json(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (plan, audit, summary) = (report.plan, report.audit, &report.summary);
    let (training, targets) = (&report.training, &report.targets);
    let head = Head {
        as_of: plan.as_of.to_string(),
        rules: &plan.rules_name,
        summary,
        missing_columns: audit
            .columns
            .missing
            .iter()
            .map(|&f| plan.fields[f].name.as_str())
            .collect(),
    };
    let head = serde_json::to_string_pretty(&head).map_err(io::Error::from)?;
    // reopen the object to append the lists
    out.write_all(head.trim_end().trim_end_matches('}').trim_end().as_bytes())?;
    if !report.summary_only {
        out.write_all(b",\n  \"people\": [")?;
        for (i, p) in audit.people.iter().enumerate() {
            out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            serde_json::to_writer(&mut *out, &PersonReport::new(plan, &p.staff, &p.result))
                .map_err(io::Error::from)?;
        }
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"rejected\": ")?;
    serde_json::to_writer(&mut *out, &audit.rejected).map_err(io::Error::from)?;
    out.write_all(b",\n  \"targets\": ")?;
    serde_json::to_writer(&mut *out, &crate::targets::json_entries(targets))
        .map_err(io::Error::from)?;
    out.write_all(b",\n  \"training_plan\": ")?;
    if report.summary_only {
        // the counts, not the people
        let counts: Vec<TrainingCount<'_>> = training
            .iter()
            .map(|t| TrainingCount {
                training: &t.training,
                people: t.people,
                months: t.months,
                deadline: &t.deadline,
                retiring: t.retiring.len(),
            })
            .collect();
        serde_json::to_writer(&mut *out, &counts).map_err(io::Error::from)?;
    } else {
        serde_json::to_writer(&mut *out, training).map_err(io::Error::from)?;
    }
    out.write_all(b"\n}\n")
}

/// One person object per line.
pub fn write_jsonl(out: &mut dyn Write, plan: &Plan, audit: &AuditOutput) -> io::Result<()> {
    for p in &audit.people {
        serde_json::to_writer(&mut *out, &PersonReport::new(plan, &p.staff, &p.result))
            .map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
