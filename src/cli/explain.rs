//! `chuanhoa explain`: one person, criterion by criterion, with values and citations.

use std::path::PathBuf;

use crate::audit::Audited;
use crate::date::Date;
use crate::finding::{Verdict, finding_report};
use crate::plan::Plan;
use crate::report::printable;

use super::{Outcome, RosterArgs, load_rules};

/// Prints one person's findings; 2 when the person is not in the roster.
pub fn run(
    roster: &RosterArgs,
    rules: &[PathBuf],
    as_of: Date,
    id: Option<&str>,
    row: Option<u32>,
) -> Outcome {
    let (rules, name) = match load_rules(rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let plan = Plan::for_date(&rules, as_of, name);
    let out = match super::audit::audit_roster(&plan, roster) {
        Ok(o) => o,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    let person = out.people.iter().find(|p| match (id, row) {
        (Some(id), _) => p.staff.id == id,
        (None, Some(row)) => p.staff.row == row,
        _ => false,
    });
    match person {
        Some(p) => {
            {
                use std::io::Write as _;
                let _ = write!(std::io::stdout().lock(), "{}", explain_text(&plan, p));
            }
            Outcome::Done
        }
        None => {
            if let Some(r) = out.rejected.iter().find(|r| Some(r.row) == row) {
                complain!("error: row {} was rejected: {}", r.row, r.reason);
            } else {
                let what = id.map_or_else(
                    || format!("row {}", row.unwrap_or(0)),
                    |i| format!("id `{i}`"),
                );
                complain!("error: {what} is not in {}", roster.roster.display());
            }
            Outcome::Invalid
        }
    }
}

/// The explanation of one person, as printed.
pub fn explain_text(plan: &Plan, p: &Audited) -> String {
    let s = &p.staff;
    let mut held: Vec<String> = Vec::new();
    if let Some(r) = s.rank {
        held.push(plan.subject_label(r));
    } else if !s.rank_text.is_empty() {
        held.push(format!("{} (no rule)", s.rank_text));
    }
    for pos in &s.positions {
        held.push(match pos.subject {
            Some(_) => pos.text.clone(),
            None => format!("{} (no rule)", pos.text),
        });
    }
    let gaps = p
        .result
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Unmet)
        .count();
    let unknown = p
        .result
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Unknown)
        .count();
    let mut text = format!(
        "{} — row {} — {} — as of {} — {} — {gaps} gap{}, {unknown} unknown\n",
        if s.name.is_empty() {
            "(no name)".into()
        } else {
            printable(&s.name)
        },
        s.row,
        if held.is_empty() {
            "(no rank or position)".to_string()
        } else {
            printable(&held.join(", ")).into_owned()
        },
        plan.as_of,
        p.result.status.as_str(),
        if gaps == 1 { "" } else { "s" },
    );
    for f in &p.result.findings {
        let r = finding_report(plan, &p.staff, f);
        let mark = match f.verdict {
            Verdict::Met => "✓",
            Verdict::Unmet => "✗",
            Verdict::Unknown => "?",
            Verdict::Pending => "~",
            Verdict::Exempt => "○",
        };
        let actual = if r.actual.is_empty() {
            "-".into()
        } else {
            printable(&r.actual)
        };
        text.push_str(&format!(
            "  {mark} {:<20} {actual}  (required {})  {} — {}\n",
            r.criterion,
            r.required,
            r.rule,
            r.source.unwrap_or("no citation"),
        ));
        if let Some(reason) = r.reason {
            let word = match f.verdict {
                Verdict::Exempt => "exempt: ",
                Verdict::Pending => "pending: ",
                _ => "",
            };
            text.push_str(&format!("      {word}{}\n", printable(reason)));
        }
        if r.unverified {
            text.push_str("      ! rests on an unverified rule [U]\n");
        }
        if matches!(f.verdict, Verdict::Unmet | Verdict::Pending)
            && let Some(t) = r.training
        {
            text.push_str(&format!("      → train: {t}\n"));
        }
    }
    for note in &p.staff.notes {
        text.push_str(&format!("  ! {}\n", printable(note)));
    }
    for n in crate::finding::no_standard_of(plan, &p.staff) {
        text.push_str(&format!("  – {:<20} no standard: {}\n", n.title, n.reason));
    }
    text
}
