//! Runs the `example` blocks of a rule set through the same reading and evaluation as a
//! roster, and says which expectations failed.

use csv::StringRecord;

use crate::date::Date;
use crate::eligibility::Standing;
use crate::evaluate::{entry_findings, evaluate};
use crate::finding::{Status, Verdict};
use crate::plan::Plan;
use crate::roster::{ColumnMap, build_row};
use crate::ruleset::{Expectation, RuleSet};

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    /// Its name.
    pub name: String,
    /// `file:line:col`.
    pub location: String,
    /// What did not come out as expected (empty when it passed).
    pub failures: Vec<String>,
    /// Every finding: the `file:line:col` of its criterion, its verdict, and the exempt or
    /// grace clause that gave it (for coverage).
    pub findings: Vec<(String, Verdict, Option<u16>)>,
    /// The ranks and positions the example person held, as `rank NAME` / `position NAME`.
    pub subjects: Vec<String>,
    /// The person's status, when the values could be read.
    pub status: Option<Status>,
}

/// Runs every example; `today` is the date of examples without `on`.
pub fn run_examples(rules: &RuleSet, today: Date) -> Vec<ExampleOutcome> {
    let mut plans: Vec<(Date, Plan)> = Vec::new();
    let mut outcomes = Vec::new();
    for e in &rules.examples {
        let date = e.on.unwrap_or(today);
        if !plans.iter().any(|(d, _)| *d == date) {
            plans.push((date, Plan::for_eligibility(rules, date, "examples")));
        }
        let plan = &plans
            .iter()
            .find(|(d, _)| *d == date)
            .expect("plan just made")
            .1;
        let headers: Vec<String> = e
            .staff
            .iter()
            .map(|(f, _)| rules.fields[*f].name.clone())
            .collect();
        let record =
            StringRecord::from(e.staff.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>());
        let mut failures = Vec::new();
        let mut findings = Vec::new();
        let mut subjects = Vec::new();
        let mut status = None;
        let staff = ColumnMap::new(plan, headers)
            .and_then(|columns| build_row(plan, &columns, 0, &record).map_err(|e| e.reason));
        match staff {
            Err(reason) => failures.push(format!("the staff values cannot be read: {reason}")),
            Ok(staff) => {
                let mut result = evaluate(plan, &staff);
                // an example `for` a post reads that post's entry conditions and standards
                let mut standing = None;
                if let Some((kind, key)) = &e.for_subject {
                    match plan
                        .subjects
                        .iter()
                        .position(|s| s.kind == *kind && s.key == *key && s.no_standard.is_none())
                    {
                        None => failures.push(format!(
                            "{} `{key}` has no standard in force on {date}",
                            kind.keyword()
                        )),
                        Some(target) => {
                            let found = entry_findings(plan, &staff, target as u32);
                            standing = Some(Standing::of(&found));
                            result.findings = found.into_iter().map(|f| f.finding).collect();
                        }
                    }
                }
                status = Some(result.status);
                subjects = staff
                    .subjects()
                    .map(|id| {
                        let s = &plan.subjects[id as usize];
                        format!("{} {}", s.kind.keyword(), s.name)
                    })
                    .collect();
                findings = result
                    .findings
                    .iter()
                    .map(|f| {
                        (
                            plan.criteria[f.criterion as usize].location.clone(),
                            f.verdict,
                            f.clause,
                        )
                    })
                    .collect();
                for x in &e.expects {
                    match x {
                        Expectation::Target { label, short } => {
                            match example_roster(plan, rules, e) {
                                Err(reason) => failures
                                    .push(format!("the staff values cannot be read: {reason}")),
                                Ok(out) => {
                                    let targets: Vec<_> =
                                        plan.targets.iter().filter(|t| &t.name == label).collect();
                                    if targets.is_empty() {
                                        failures.push(format!(
                                            "target `{label}` is not in force on {date}"
                                        ));
                                    }
                                    let got: usize = crate::targets::measure(plan, &out, &targets)
                                        .iter()
                                        .map(|t| t.people_short)
                                        .sum();
                                    if got != *short as usize {
                                        failures.push(format!(
                                            "expected target `{label}` short {short}, got {got}"
                                        ));
                                    }
                                }
                            }
                        }
                        Expectation::Eligibility(want) => match standing {
                            Some(got) if got != *want => failures.push(format!(
                                "expected eligibility {}, got {}",
                                want.as_str(),
                                got.as_str()
                            )),
                            _ => {}
                        },
                        Expectation::Status(want) => {
                            if result.status != *want {
                                failures.push(format!(
                                    "expected status {}, got {}",
                                    want.as_str(),
                                    result.status.as_str()
                                ));
                            }
                        }
                        Expectation::Verdict { verdict, criterion } => {
                            let got: Vec<Verdict> = result
                                .findings
                                .iter()
                                .filter(|f| plan.criteria[f.criterion as usize].name == *criterion)
                                .map(|f| f.verdict)
                                .collect();
                            let want = *verdict;
                            let verdict = verdict.as_str();
                            if got.is_empty() {
                                failures.push(format!("expected {verdict} {criterion}, but the criterion does not apply"));
                            } else if !got.contains(&want) {
                                let got: Vec<&str> = got.iter().map(|v| v.as_str()).collect();
                                let reasons: Vec<&str> = result
                                    .findings
                                    .iter()
                                    .filter(|f| {
                                        plan.criteria[f.criterion as usize].name == *criterion
                                    })
                                    .filter_map(|f| f.reason.as_deref())
                                    .collect();
                                let why = if reasons.is_empty() {
                                    String::new()
                                } else {
                                    format!(" ({})", reasons.join("; "))
                                };
                                failures.push(format!(
                                    "expected {verdict} {criterion}, got {}{why}",
                                    got.join(", ")
                                ));
                            }
                        }
                    }
                }
            }
        }
        outcomes.push(ExampleOutcome {
            name: e.name.clone(),
            location: e.location.clone(),
            failures,
            findings,
            subjects,
            status,
        });
    }
    outcomes
}

/// Every `staff` block of an example as one audited roster (rows 2, 3, …), for targets.
fn example_roster(
    plan: &Plan,
    rules: &RuleSet,
    e: &crate::ruleset::Example,
) -> Result<crate::audit::AuditOutput, String> {
    let mut people = Vec::new();
    let mut columns = None;
    for (i, block) in std::iter::once(&e.staff).chain(&e.more_staff).enumerate() {
        let headers: Vec<String> = block
            .iter()
            .map(|(f, _)| rules.fields[*f].name.clone())
            .collect();
        let record = StringRecord::from(block.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>());
        let map = ColumnMap::new(plan, headers)?;
        let staff = build_row(plan, &map, i as u32 + 2, &record).map_err(|e| e.reason)?;
        let result = evaluate(plan, &staff);
        people.push(crate::audit::Audited { staff, result });
        columns.get_or_insert(map);
    }
    let total = people.len();
    Ok(crate::audit::AuditOutput {
        people,
        rejected: Vec::new(),
        total,
        columns: columns.ok_or("an example needs a `staff` block")?,
    })
}
