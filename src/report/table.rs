//! `--format table`: the one-screen summary for a terminal, the people with gaps one line each,
//! and where to look next. Also the compact verdict lines the regression snapshots use.

use std::io::{self, Write};

use crate::audit::Audited;
use crate::finding::{Status, Verdict};
use crate::plan::Plan;
use crate::report::printable;
use crate::targets::{Holds, TargetReport};

/// The targets: each clause with a text bar, the numbers now and at the deadline.
fn write_targets(out: &mut dyn Write, targets: &[TargetReport]) -> io::Result<()> {
    if targets.is_empty() {
        return Ok(());
    }
    writeln!(out, "\ntargets")?;
    for t in targets {
        let verdict = match t.holds {
            Holds::Yes => "met".to_string(),
            Holds::No => format!("{} short", t.people_short),
            Holds::CannotTell => "cannot tell (unknown values decide it)".to_string(),
        };
        writeln!(out, "  {} — by {} — {verdict}", t.label, t.by)?;
        if let Some(source) = &t.source {
            writeln!(out, "    {}", printable(source))?;
        }
        for c in &t.clauses {
            writeln!(out, "    {}", printable(&c.clause))?;
            let share = c.share.unwrap_or(c.share_range[0]);
            let filled = ((share / 5.0).round() as usize).min(20);
            let unknown = if c.unknown > 0 {
                format!(
                    ", {} unknown ({:.1}–{:.1}%)",
                    c.unknown, c.share_range[0], c.share_range[1]
                )
            } else {
                String::new()
            };
            writeln!(
                out,
                "      {:<10}  {:>5} / {:<5} {:>5.1}%  [{}{}]  {} short{unknown}",
                "now",
                c.meeting,
                c.population,
                share,
                "█".repeat(filled),
                "░".repeat(20 - filled),
                c.people_short,
            )?;
            let d = &c.at_deadline;
            writeln!(
                out,
                "      {:<10}  {:>5} / {:<5}                                {} short, {} retire before it",
                d.date, d.meeting, d.population, d.people_short, d.retiring
            )?;
        }
    }
    Ok(())
}

/// Summary, gaps per criterion, training plan, rejected rows, then people with gaps.
pub fn write_table(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (roster, plan, audit, s) = (&report.roster, report.plan, report.audit, &report.summary);
    let (training, targets) = (&report.training, &report.targets);
    writeln!(
        out,
        "chuanhoa audit — {roster} — rules: {} — as of {}",
        plan.rules_name, plan.as_of
    )?;
    writeln!(out)?;
    writeln!(out, "  rows read     {:>7}", s.total)?;
    writeln!(out, "  audited       {:>7}", s.audited)?;
    writeln!(out, "  rejected      {:>7}", s.rejected)?;
    writeln!(out, "  meeting       {:>7}", s.meeting)?;
    writeln!(out, "  with gaps     {:>7}", s.with_gaps)?;
    writeln!(out, "  incomplete    {:>7}", s.incomplete)?;
    writeln!(out, "  pending       {:>7}", s.pending)?;
    writeln!(out, "  unmatched     {:>7}", s.unmatched)?;
    writeln!(out, "  no standard   {:>7}", s.no_standard)?;
    if !audit.columns.missing.is_empty() {
        let names: Vec<&str> = audit
            .columns
            .missing
            .iter()
            .map(|&f| plan.fields[f].name.as_str())
            .collect();
        writeln!(
            out,
            "\n  missing columns (their criteria are unknown): {}",
            names.join(", ")
        )?;
    }
    for note in &audit.columns.notes {
        writeln!(out, "  note: {}", printable(note))?;
    }
    if !s.by_criterion.is_empty() {
        writeln!(out, "\ngaps by criterion")?;
        for (name, n) in &s.by_criterion {
            writeln!(out, "  {name:<28} {n:>7}")?;
        }
    }
    write_targets(out, targets)?;
    if let Some(groups) = &s.breakdown {
        writeln!(
            out,
            "\nby group                                  staff  meeting     gaps  incompl.  pending  other"
        )?;
        for g in groups {
            writeln!(
                out,
                "  {:<38} {:>7}  {:>7}  {:>7}  {:>8}  {:>7}  {:>5}",
                printable(&g.group),
                g.staff,
                g.meeting,
                g.with_gaps,
                g.incomplete,
                g.pending,
                g.not_audited
            )?;
        }
    }
    if !training.is_empty() {
        writeln!(out, "\ntraining plan")?;
        for t in training {
            let months = t.months.map(|m| format!("{m} mo")).unwrap_or_default();
            let confirm = t.staff.iter().filter(|p| p.to_confirm.is_some()).count();
            let mut notes = Vec::new();
            if confirm > 0 {
                notes.push(format!("{confirm} to confirm"));
            }
            if !t.retiring.is_empty() {
                notes.push(format!("{} retire before, not planned", t.retiring.len()));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            };
            let by = if t.deadline == plan.as_of.to_string() {
                "now".to_string()
            } else {
                t.deadline.clone()
            };
            writeln!(
                out,
                "  {:>7}  by {:<10}  {:>6}  {}{notes}",
                t.people, by, months, t.training
            )?;
        }
    }
    if !audit.rejected.is_empty() {
        writeln!(out, "\nrejected rows")?;
        for r in &audit.rejected {
            let col = r
                .column
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            writeln!(out, "  row {}{col}: {}", r.row, printable(&r.reason))?;
        }
    }
    for (status, title) in [
        (Status::Gaps, "people with gaps"),
        (Status::Pending, "pending (gaps inside a grace period)"),
        (
            Status::Unmatched,
            "unmatched (no rank or position of the rules)",
        ),
        (
            Status::NoStandard,
            "no standard to audit (declared so, ended without a successor, or not yet in force)",
        ),
    ] {
        let mut people = audit
            .people
            .iter()
            .filter(|p| p.result.status == status)
            .peekable();
        if people.peek().is_some() {
            writeln!(out, "\n{title}")?;
            for p in people {
                writeln!(out, "  {}", verdict_line(plan, p))?;
            }
        }
    }
    let mut to_check = audit
        .people
        .iter()
        .filter(|p| !p.staff.notes.is_empty())
        .peekable();
    if to_check.peek().is_some() {
        writeln!(out, "\nrows to check (how the row was read)")?;
        for p in to_check {
            writeln!(out, "  {}", verdict_line(plan, p))?;
        }
    }
    writeln!(
        out,
        "\nnext: `chuanhoa explain {roster} --row N` for one person; `--format json|csv` for every finding"
    )
}

/// `row 12 | Nguyễn Văn A | Chuyên viên; Trưởng phòng | gaps | education: Cao đẳng < Đại học; …`
pub fn verdict_line(plan: &Plan, p: &Audited) -> String {
    let s = &p.staff;
    let mut held = vec![if s.rank_text.is_empty() {
        "-".to_string()
    } else {
        s.rank_text.clone()
    }];
    held.extend(s.positions.iter().map(|p| p.text.clone()));
    let mut details: Vec<String> = p
        .result
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Met)
        .map(|f| {
            let c = &plan.criteria[f.criterion as usize];
            // a criterion reading several fields already names each in `actual`
            let text = crate::evaluate::actual_text(plan, &p.staff, &c.fields);
            let actual = text
                .strip_prefix(c.name.as_str())
                .and_then(|rest| rest.strip_prefix(": "))
                .unwrap_or(&text);
            match f.verdict {
                Verdict::Unmet => format!("{}: {actual} (required {})", c.name, c.required),
                Verdict::Pending => format!(
                    "{}: {actual} (required {}, pending until {})",
                    c.name,
                    c.required,
                    f.deadline.map(|d| d.to_string()).unwrap_or_default()
                ),
                Verdict::Exempt => {
                    format!("{}: exempt ({})", c.name, f.reason.as_deref().unwrap_or(""))
                }
                _ => format!(
                    "{}: unknown ({})",
                    c.name,
                    f.reason.as_deref().unwrap_or("")
                ),
            }
        })
        .collect();
    // the rank and a position may set the same standard: show it once
    let mut seen = std::collections::HashSet::new();
    details.retain(|d| seen.insert(d.clone()));
    details.extend(
        crate::finding::no_standard_of(plan, s)
            .into_iter()
            .map(|n| n.reason.to_string()),
    );
    details.extend(s.notes.iter().map(|n| format!("note: {n}")));
    let mut line = format!(
        "row {} | {} | {} | {}",
        s.row,
        s.name,
        held.join("; "),
        p.result.status.as_str()
    );
    if !details.is_empty() {
        line.push_str(" | ");
        line.push_str(&details.join("; "));
    }
    printable(&line).into_owned()
}
