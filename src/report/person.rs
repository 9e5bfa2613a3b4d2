//! A person and their findings as the reports show them: the `Serialize` types here are the
//! output contract of DESIGN §4 (JSON, JSON Lines), and the strings of csv, xlsx, html and
//! `explain` come from the same views.

use serde::Serialize;

use crate::finding::{Finding, Verdict};
#[cfg(test)]
use crate::finding::{PersonResult, Status};
use crate::plan::Plan;
use crate::staff::StaffRow;

/// A finding as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct FindingReport<'a> {
    /// Criterion name.
    pub criterion: &'a str,
    /// `rank Chuyên viên`.
    pub rule: &'a str,
    /// Verdict.
    pub result: Verdict,
    /// What is required.
    pub required: &'a str,
    /// What the person has (made from the row's cells when reported, not while evaluating).
    pub actual: String,
    /// Citation.
    pub source: Option<&'a str>,
    /// Training that closes the gap.
    pub training: Option<&'a str>,
    /// Why the result is unknown or exempt, or which grace period applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// Last day of the grace period (pending findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// True when the citation is tagged [U]: the rule itself is not yet verified.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
}

/// A person as JSON: the shape `report::json::PersonJson` writes by hand, kept as serde's
/// version of it so a test can hold the two to the same bytes.
#[cfg(test)]
#[derive(Debug, Serialize)]
pub(crate) struct PersonReport<'a> {
    /// Row as the spreadsheet shows it.
    pub row: u32,
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Rank as written.
    pub rank: &'a str,
    /// Positions as written.
    pub positions: Vec<&'a str>,
    /// Overall standing.
    pub status: Status,
    /// Findings.
    pub findings: Vec<FindingReport<'a>>,
    /// Positions held that no rule in force names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<&'a str>,
    /// Titles and positions held that have no standard on the audit date, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub no_standard: Vec<NoStandardReport<'a>>,
    /// How the row was read, where a person should check it (a rank code and name that
    /// disagree).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
}

/// A title held without a standard to audit, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct NoStandardReport<'a> {
    /// The title or position as the rules name it.
    pub title: &'a str,
    /// `declared`, `ended` or `not_yet_in_force`.
    pub kind: crate::plan::NoStandardKind,
    /// Why, in the words of the reports.
    pub reason: &'a str,
}

/// The titles and positions a person holds that bring no standard on the audit date.
pub(crate) fn no_standard_of<'a>(plan: &'a Plan, staff: &StaffRow) -> Vec<NoStandardReport<'a>> {
    staff
        .subjects()
        .filter_map(|id| {
            let s = &plan.subjects[id as usize];
            s.no_standard.as_ref().map(|n| NoStandardReport {
                title: &s.name,
                kind: n.kind,
                reason: &n.reason,
            })
        })
        .collect()
}

/// The rank and positions a person holds that no rule in force names, or whose `when` does not
/// hold for them (the rank first).
pub(crate) fn unmatched_of<'a>(plan: &Plan, staff: &'a StaffRow) -> Vec<&'a str> {
    let not_theirs = |id: Option<u32>| {
        id.is_none_or(|id| crate::evaluate::title_applies(plan, staff, id) == Some(false))
    };
    let mut unmatched: Vec<&str> = staff
        .positions
        .iter()
        .filter(|p| not_theirs(p.subject))
        .map(|p| &*p.text)
        .collect();
    if not_theirs(staff.rank) && !staff.rank_text.is_empty() {
        unmatched.insert(0, &*staff.rank_text);
    }
    unmatched
}

#[cfg(test)]
impl<'a> PersonReport<'a> {
    /// The report view of one person.
    pub(crate) fn new(plan: &'a Plan, staff: &'a StaffRow, result: &'a PersonResult) -> Self {
        PersonReport {
            row: staff.row,
            id: &staff.id,
            name: &staff.name,
            rank: &staff.rank_text,
            positions: staff.positions.iter().map(|p| &*p.text).collect(),
            status: result.status,
            findings: result
                .findings
                .iter()
                .map(|f| finding_report(plan, staff, f))
                .collect(),
            unmatched: unmatched_of(plan, staff),
            no_standard: no_standard_of(plan, staff),
            notes: &staff.notes,
        }
    }
}

/// One finding with its strings from the plan and the person's values.
pub(crate) fn finding_report<'a>(
    plan: &'a Plan,
    staff: &StaffRow,
    f: &'a Finding,
) -> FindingReport<'a> {
    let c = &plan.criteria[f.criterion as usize];
    FindingReport {
        criterion: &c.name,
        rule: &c.rule,
        result: f.verdict,
        required: plan.required_of(f),
        actual: crate::evaluate::actual_text(plan, staff, &c.fields),
        source: c.source.as_deref(),
        training: c.training.map(|t| plan.trainings[t].title.as_str()),
        reason: f.reason.as_deref(),
        deadline: f.deadline.map(|d| d.to_string()),
        unverified: c.source.as_deref().is_some_and(is_unverified),
    }
}

/// True when a citation carries the [U] tag of regulations.md (`[U]`, `[U: …]`).
pub(crate) fn is_unverified(source: &str) -> bool {
    source.contains("[U]") || source.contains("[U:")
}
