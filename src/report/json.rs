//! `--format json` (one object, DESIGN §4) and `--format jsonl` (one person per line).

use std::io::{self, Write};

use serde::Serialize;

use crate::aggregate::Summary;
use crate::audit::{AuditOutput, Audited};
use crate::plan::Plan;
use crate::report::person::PersonReport;

#[derive(Serialize)]
struct Head<'a> {
    as_of: String,
    rules: &'a str,
}

/// What follows the people: every count, the rejected rows, targets and training plan.
pub(crate) struct Tail<'a> {
    /// The counts.
    pub summary: &'a Summary,
    /// The fields the rules needed and the roster lacked.
    pub missing_columns: Vec<&'a str>,
    /// Rows not audited.
    pub rejected: &'a [crate::roster::RowError],
    /// The targets measured.
    pub targets: &'a [crate::targets::TargetReport],
    /// The training plan.
    pub training: &'a [crate::aggregate::TrainingNeed],
    /// `--summary-only`: the training plan as counts.
    pub summary_only: bool,
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

/// The whole report as one JSON object; each person on one line for readable diffs. The people
/// come first and the counts after them, so that a streamed audit writes each person as it is
/// evaluated (a JSON object's key order carries no meaning).
pub(crate) fn write_json(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (plan, audit) = (report.plan, report.audit);
    let mut people = JsonPeople::begin(out, plan, !report.summary_only)?;
    for p in &audit.people {
        people.person(out, plan, p)?;
    }
    people.end(out, &report.tail())
}

/// A JSON report written person by person: [`JsonPeople::begin`], one
/// [`JsonPeople::person`] each, then [`JsonPeople::end`] with the counts.
pub(crate) struct JsonPeople {
    listed: bool,
    written: usize,
}

impl JsonPeople {
    /// Opens the object: `as_of`, `rules` and, when people are listed, the `people` array.
    pub(crate) fn begin(out: &mut dyn Write, plan: &Plan, list_people: bool) -> io::Result<Self> {
        let head = Head {
            as_of: plan.as_of.to_string(),
            rules: &plan.rules_name,
        };
        let head = serde_json::to_string_pretty(&head).map_err(io::Error::from)?;
        // reopen the object to append the rest
        out.write_all(head.trim_end().trim_end_matches('}').trim_end().as_bytes())?;
        if list_people {
            out.write_all(b",\n  \"people\": [")?;
        }
        Ok(JsonPeople {
            listed: list_people,
            written: 0,
        })
    }

    /// One person, on one line.
    pub(crate) fn person(
        &mut self,
        out: &mut dyn Write,
        plan: &Plan,
        p: &Audited,
    ) -> io::Result<()> {
        if !self.listed {
            return Ok(());
        }
        self.serialized(out, &person_json(plan, p)?)
    }

    /// One person already serialised by [`person_json`].
    pub(crate) fn serialized(&mut self, out: &mut dyn Write, person: &[u8]) -> io::Result<()> {
        if !self.listed {
            return Ok(());
        }
        out.write_all(if self.written == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.written += 1;
        out.write_all(person)
    }

    /// Closes the people and writes the counts.
    pub(crate) fn end(self, out: &mut dyn Write, tail: &Tail<'_>) -> io::Result<()> {
        if self.listed {
            out.write_all(b"\n  ]")?;
        }
        out.write_all(b",\n  \"summary\": ")?;
        let summary = serde_json::to_string_pretty(tail.summary).map_err(io::Error::from)?;
        out.write_all(summary.replace('\n', "\n  ").as_bytes())?;
        out.write_all(b",\n  \"missing_columns\": ")?;
        serde_json::to_writer(&mut *out, &tail.missing_columns).map_err(io::Error::from)?;
        out.write_all(b",\n  \"rejected\": ")?;
        serde_json::to_writer(&mut *out, tail.rejected).map_err(io::Error::from)?;
        out.write_all(b",\n  \"targets\": ")?;
        serde_json::to_writer(&mut *out, &crate::targets::json_entries(tail.targets))
            .map_err(io::Error::from)?;
        out.write_all(b",\n  \"training_plan\": ")?;
        if tail.summary_only {
            // the counts, not the people
            let counts: Vec<TrainingCount<'_>> = tail
                .training
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
            serde_json::to_writer(&mut *out, tail.training).map_err(io::Error::from)?;
        }
        out.write_all(b"\n}\n")
    }
}

/// One person as a line of JSON Lines.
pub(crate) fn jsonl_person(out: &mut dyn Write, plan: &Plan, p: &Audited) -> io::Result<()> {
    out.write_all(&person_json(plan, p)?)?;
    out.write_all(b"\n")
}

/// One person object as JSON bytes on one line (batches are serialised in parallel, then
/// written in roster order).
pub(crate) fn person_json(plan: &Plan, p: &Audited) -> io::Result<Vec<u8>> {
    serde_json::to_vec(&PersonReport::new(plan, &p.staff, &p.result)).map_err(io::Error::from)
}

/// One person object per line.
pub(crate) fn write_jsonl(out: &mut dyn Write, plan: &Plan, audit: &AuditOutput) -> io::Result<()> {
    for p in &audit.people {
        jsonl_person(out, plan, p)?;
    }
    Ok(())
}
