//! Eligibility: who on a roster may be appointed to a post or promoted to a rank, who is one
//! training away, and who is not — and why. A person is judged against the post's `appoint` /
//! `promote` conditions (read on them as they are) and the standards of holding it (read as if
//! they held it from the evaluation date); what no roster shows is listed for the office to
//! confirm, never assumed met.

use std::collections::HashMap;

use csv::StringRecord;

use crate::date::Date;
use crate::evaluate::{EntryFinding, entry_findings, planned_posts};
use crate::finding::Verdict;
use crate::i18n::tr;
use crate::plan::Plan;
use crate::roster::{ColumnMap, RowError, build_row};
use crate::ruleset::{RuleSet, TrainingId};
use crate::staff::StaffRow;

/// What the office asks.
#[derive(Debug, Clone)]
pub(crate) enum Question {
    /// Everyone against one post or rank (the plan subject).
    For(u32),
    /// Everyone against the post(s) they are planned for.
    Planned,
}

/// A person's standing against a post they might enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Standing {
    /// Every condition the roster can show is met (pending duties after entry allowed).
    Eligible,
    /// Nothing is missing, but some condition cannot be told from the roster.
    ToConfirm,
    /// At least one condition is not met.
    NotEligible,
}

impl Standing {
    /// The standing a rule file's `expect eligibility` names.
    pub(crate) fn from_name(name: &str) -> Option<Standing> {
        [
            Standing::Eligible,
            Standing::ToConfirm,
            Standing::NotEligible,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// `eligible`, `to_confirm`, `not_eligible`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Standing::Eligible => "eligible",
            Standing::ToConfirm => "to_confirm",
            Standing::NotEligible => "not_eligible",
        }
    }

    /// The standing the findings give.
    pub(crate) fn of(findings: &[EntryFinding]) -> Standing {
        let any = |v: Verdict| findings.iter().any(|f| f.finding.verdict == v);
        if any(Verdict::Unmet) {
            Standing::NotEligible
        } else if any(Verdict::Unknown) {
            Standing::ToConfirm
        } else {
            Standing::Eligible
        }
    }
}

/// "One step away": a person whose only missing conditions are trainings.
#[derive(Debug, Clone)]
pub(crate) struct OneStep {
    /// The trainings that close the gaps, in the order of the conditions.
    pub trainings: Vec<TrainingId>,
    /// Their months one after another, when every one declares its length.
    pub months: Option<u32>,
    /// The evaluation date plus those months: when they would be eligible if sent now.
    pub eligible_by: Option<Date>,
    /// Conditions other than those trainings that would still fail on that date (age for a
    /// full term, a rating year): empty when the date stands.
    pub still_missing: Vec<String>,
}

/// One person against one post or rank.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    /// Id cell.
    pub id: String,
    /// Name cell.
    pub name: String,
    /// Unit cell.
    pub unit: String,
    /// What they hold now: rank and positions as written.
    pub now: String,
    /// The post or rank asked about (a plan subject).
    pub target: u32,
    /// Its conditions, entry conditions first.
    pub findings: Vec<EntryFinding>,
    /// Eligible, to confirm, or not.
    pub standing: Standing,
    /// Set when every missing condition is a training.
    pub one_step: Option<OneStep>,
}

/// A planned post that cannot be checked: no rule names it, or it has no standard that day.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct UnknownPlanned {
    /// Row.
    pub row: u32,
    /// Id cell.
    pub id: String,
    /// Name cell.
    pub name: String,
    /// The planned post as written.
    pub planned: String,
    /// Why it cannot be checked: no rule names it, or it has no standard on the date.
    pub reason: String,
}

/// Everything an eligibility question gives.
#[derive(Debug)]
pub(crate) struct EligibilityOutput {
    /// The question.
    pub question: Question,
    /// The posts asked about, in order of first appearance.
    pub targets: Vec<u32>,
    /// Each person against each post asked about.
    pub candidates: Vec<Candidate>,
    /// People who already hold the post asked about (`--for`), not considered.
    pub already_holding: usize,
    /// People with no planned post (`--planned`).
    pub not_planned: usize,
    /// Planned posts that no rule knows.
    pub unknown_planned: Vec<UnknownPlanned>,
    /// Rows not read, with the reason.
    pub rejected: Vec<RowError>,
    /// Rows read.
    pub total: usize,
}

impl EligibilityOutput {
    /// `--redact`: names become `#ROW` and ids are left out, for a report shared outside the HR
    /// office (the answers are those of the real data; the conditions show ages and years, not
    /// birth dates).
    pub(crate) fn redact(&mut self) {
        for c in &mut self.candidates {
            c.name = format!("#{}", c.row);
            c.id.clear();
        }
        for u in &mut self.unknown_planned {
            u.name = format!("#{}", u.row);
            u.id.clear();
        }
    }
}

/// Answers the question for every record; `rules` builds the plans of later dates for the
/// "one training away" check.
pub(crate) fn eligibility(
    rules: &RuleSet,
    plan: &Plan,
    columns: &ColumnMap,
    records: Vec<(u32, Result<StringRecord, RowError>)>,
    question: Question,
) -> EligibilityOutput {
    let mut out = EligibilityOutput {
        question: question.clone(),
        targets: Vec::new(),
        candidates: Vec::new(),
        already_holding: 0,
        not_planned: 0,
        unknown_planned: Vec::new(),
        rejected: Vec::new(),
        total: records.len(),
    };
    if let Question::For(target) = question {
        out.targets.push(target);
    }
    let mut later = LaterPlans::default();
    for (row, record) in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.rejected.push(e);
                continue;
            }
        };
        let staff = match build_row(plan, columns, row, &record) {
            Ok(s) => s,
            Err(e) => {
                out.rejected.push(e);
                continue;
            }
        };
        let asked: Vec<u32> = match question {
            Question::For(target) => {
                if staff.subjects().any(|s| s == target) {
                    out.already_holding += 1;
                    continue;
                }
                vec![target]
            }
            Question::Planned => {
                let planned = planned_posts(plan, &staff);
                if planned.is_empty() {
                    out.not_planned += 1;
                }
                let mut known = Vec::new();
                for (text, subject) in planned {
                    let why = match subject {
                        Some(id) if plan.subjects[id as usize].no_standard.is_some() => {
                            plan.subjects[id as usize].no_standard.as_ref().map(|n| {
                                let (date, reason) = (plan.as_of, &n.reason);
                                tr!(
                                    plan.lang,
                                    "chưa có chuẩn vào ngày {date}: {reason}",
                                    "no standard on {date}: {reason}"
                                )
                            })
                        }
                        Some(id) => {
                            if !known.contains(&id) {
                                known.push(id);
                            }
                            None
                        }
                        None => Some(tr!(
                            plan.lang,
                            "bộ quy tắc không có chức danh này",
                            "no rule names this post"
                        )),
                    };
                    if let Some(reason) = why {
                        out.unknown_planned.push(UnknownPlanned {
                            row,
                            id: staff.id.to_string(),
                            name: staff.name.to_string(),
                            planned: text,
                            reason,
                        });
                    }
                }
                known
            }
        };
        for target in asked {
            if !out.targets.contains(&target) {
                out.targets.push(target);
            }
            let findings = entry_findings(plan, &staff, target);
            let standing = Standing::of(&findings);
            let one_step = (standing == Standing::NotEligible)
                .then(|| {
                    one_step(
                        rules, plan, columns, &record, row, target, &findings, &mut later,
                    )
                })
                .flatten();
            out.candidates.push(Candidate {
                row,
                id: staff.id.to_string(),
                name: staff.name.to_string(),
                unit: staff.unit.to_string(),
                now: holding_text(&staff),
                target,
                findings,
                standing,
                one_step,
            });
        }
    }
    out
}

/// Rank and positions as written: "Chuyên viên; Phó Trưởng phòng".
fn holding_text(staff: &StaffRow) -> String {
    std::iter::once(&*staff.rank_text)
        .chain(staff.positions.iter().map(|p| &*p.text))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Plans (and their column maps) of the later dates "one training away" looks at.
#[derive(Default)]
struct LaterPlans {
    by_date: HashMap<Date, Option<(Plan, ColumnMap)>>,
}

/// When every unmet condition names a training: the trainings, the date they would end if the
/// person were sent now, and what else would still fail on that date (the conditions are read
/// again on it, with the rules in force then and the trainings taken as done).
#[allow(clippy::too_many_arguments)]
fn one_step(
    rules: &RuleSet,
    plan: &Plan,
    columns: &ColumnMap,
    record: &StringRecord,
    row: u32,
    target: u32,
    findings: &[EntryFinding],
    later: &mut LaterPlans,
) -> Option<OneStep> {
    let mut trainings: Vec<TrainingId> = Vec::new();
    for f in findings
        .iter()
        .filter(|f| f.finding.verdict == Verdict::Unmet)
    {
        let t = plan.criteria[f.finding.criterion as usize].training?;
        if !trainings.contains(&t) {
            trainings.push(t);
        }
    }
    let months: Option<u32> = trainings.iter().map(|&t| plan.trainings[t].months).sum();
    let eligible_by = months.and_then(|m| plan.as_of.add_months(m as i32));
    let still_missing = match eligible_by {
        Some(date) => missing_on(
            rules, plan, columns, record, row, target, &trainings, date, later,
        ),
        None => Vec::new(),
    };
    Some(OneStep {
        trainings,
        months,
        eligible_by,
        still_missing,
    })
}

/// The conditions that would still fail on `date`, the `trainings` taken as done.
#[allow(clippy::too_many_arguments)]
fn missing_on(
    rules: &RuleSet,
    plan: &Plan,
    columns: &ColumnMap,
    record: &StringRecord,
    row: u32,
    target: u32,
    trainings: &[TrainingId],
    date: Date,
    later: &mut LaterPlans,
) -> Vec<String> {
    let subject = &plan.subjects[target as usize];
    let entry = later.by_date.entry(date).or_insert_with(|| {
        let p = Plan::for_eligibility(rules, date, plan.rules_name.clone());
        let map = ColumnMap::new(&p, columns.headers.clone()).ok()?;
        Some((p, map))
    });
    let Some((then, map)) = entry else {
        return vec!["the roster's columns cannot be read with the rules of that date".to_string()];
    };
    let Some(target_then) = then
        .subjects
        .iter()
        .position(|s| s.kind == subject.kind && s.key == subject.key && s.no_standard.is_none())
    else {
        return vec![format!(
            "`{}` has no standard in the rules in force on {date}",
            subject.name
        )];
    };
    let Ok(staff) = build_row(then, map, row, record) else {
        return vec!["the row cannot be read with the rules of that date".to_string()];
    };
    let mut missing = Vec::new();
    for f in entry_findings(then, &staff, target_then as u32) {
        let c = &then.criteria[f.finding.criterion as usize];
        let trained = c.training.is_some_and(|t| {
            trainings
                .iter()
                .any(|&mine| plan.trainings[mine].code == then.trainings[t].code)
        });
        if f.finding.verdict == Verdict::Unmet && !trained && !missing.contains(&c.name) {
            missing.push(c.name.clone());
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::Standing;
    use crate::evaluate::EntryFinding;
    use crate::finding::{Finding, Verdict};

    fn with(verdicts: &[Verdict]) -> Vec<EntryFinding> {
        verdicts
            .iter()
            .map(|&verdict| EntryFinding {
                finding: Finding {
                    criterion: 0,
                    verdict,
                    reason: None,
                    deadline: None,
                    clause: None,
                    case: None,
                    short_either_way: false,
                },
                actual: String::new(),
                entry: true,
            })
            .collect()
    }

    #[test]
    fn standing_follows_the_worst_condition() {
        use Verdict::*;
        assert_eq!(Standing::of(&with(&[Met, Exempt])), Standing::Eligible);
        // a duty after entry (pending) does not bar entry
        assert_eq!(Standing::of(&with(&[Met, Pending])), Standing::Eligible);
        assert_eq!(Standing::of(&with(&[Met, Unknown])), Standing::ToConfirm);
        assert_eq!(
            Standing::of(&with(&[Unknown, Unmet])),
            Standing::NotEligible
        );
        assert_eq!(Standing::of(&[]), Standing::Eligible);
    }
}
