//! Collective targets ("chỉ tiêu") measured on the audited roster: per clause, how many of the
//! population have the condition, the share, whether it holds, how many people short — now, and
//! at the deadline once those who reach retirement age before it have left.
//!
//! Rounding: a share target needs the smallest whole number of people that is at least the
//! share of the population (568 staff, at least 5% → 28.4 → 29 people); an "at most" share
//! allows the largest whole number at most the share. `people_short` is how many more people
//! must have the condition (or, for "at most", how many fewer) for the clause to hold.

use serde::Serialize;

use crate::audit::{AuditOutput, Audited};
use crate::date::Date;
use crate::evaluate::{retirement_date, target_truth};
use crate::plan::Plan;
use crate::ruleset::{Target, TargetClause};
use crate::syntax::ast::Amount;

/// Whether a target or a clause holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Holds {
    /// It holds even if every unknown value turned out badly.
    Yes,
    /// It fails even if every unknown value turned out well.
    No,
    /// The unknown values decide it.
    CannotTell,
}

/// A person a report names.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct PersonRef {
    /// Row as the spreadsheet shows it.
    pub row: u32,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
}

impl PersonRef {
    fn of(p: &Audited) -> PersonRef {
        PersonRef {
            row: p.staff.row,
            id: p.staff.id.to_string(),
            name: p.staff.name.to_string(),
            unit: p.staff.unit.to_string(),
        }
    }
}

/// One target measured.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetReport {
    /// Its label.
    pub label: String,
    /// The deadline.
    pub by: String,
    /// Citation.
    pub source: Option<String>,
    /// All clauses together.
    pub(crate) holds: Holds,
    /// People short, all clauses together (now).
    pub people_short: usize,
    /// One per clause.
    pub clauses: Vec<ClauseReport>,
}

/// One clause measured.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClauseReport {
    /// The clause as written.
    pub clause: String,
    /// What is required: `at least 100%`, `between 5% and 10%`, `at least 3 people`.
    pub required: String,
    /// People the clause counts (its `where` holds).
    pub population: usize,
    /// People the `where` cannot be decided for (counted apart, not in the population).
    pub population_unknown: usize,
    /// People of the population who have the condition.
    pub meeting: usize,
    /// People of the population for whom the data cannot tell.
    pub unknown: usize,
    /// Share having it among those the data can tell about, in percent (one decimal).
    pub share: Option<f64>,
    /// The share if every unknown turned out badly, and if every one turned out well.
    pub share_range: [f64; 2],
    /// Whether it holds now.
    pub(crate) holds: Holds,
    /// People short now, counting the unknown as not having it.
    pub people_short: usize,
    /// People short if every unknown had it.
    pub people_short_if_unknown_meet: usize,
    /// The same at the deadline.
    pub at_deadline: Projection,
}

/// A clause at the target's deadline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Projection {
    /// The deadline.
    pub date: String,
    /// The population still in service then.
    pub population: usize,
    /// Of them, those who have the condition today.
    pub meeting: usize,
    /// People who reach retirement age before the deadline and leave the population.
    pub retiring: usize,
    /// People short then, if nobody changes.
    pub people_short: usize,
    /// Who is still to reach the condition (for "at least" and "between" clauses): the people
    /// of the deadline population who do not have it, or whose data cannot tell.
    pub(crate) to_reach: Vec<PersonRef>,
}

/// One clause as the JSON contract writes it (DESIGN §4): a flat object per clause.
#[derive(Debug, Serialize)]
pub(crate) struct ClauseJson<'a> {
    /// The target's label.
    pub name: &'a str,
    /// Its deadline.
    pub by: &'a str,
    /// The clause as written.
    pub clause: &'a str,
    /// Citation.
    pub source: Option<&'a str>,
    /// People the clause counts.
    pub population: usize,
    /// People the `where` cannot be decided for.
    pub population_unknown: usize,
    /// People of the population who have the condition.
    pub meeting: usize,
    /// People of the population the data cannot tell about.
    pub unknown: usize,
    /// Share among those the data tells about, as a fraction (0.752).
    pub share: Option<f64>,
    /// The required amount as written (`at least 100%`).
    pub required: &'a str,
    /// True when it holds even counting every unknown against it.
    pub met: bool,
    /// `yes`, `no` or `cannot_tell`.
    pub holds: Holds,
    /// People short now.
    pub people_short: usize,
    /// People short if every unknown had the condition.
    pub people_short_if_unknown_meet: usize,
    /// At the deadline.
    pub at_deadline: &'a Projection,
}

/// The JSON `targets` list: one object per clause of every target.
pub(crate) fn json_entries(reports: &[TargetReport]) -> Vec<ClauseJson<'_>> {
    reports
        .iter()
        .flat_map(|t| {
            t.clauses.iter().map(move |c| ClauseJson {
                name: &t.label,
                by: &t.by,
                clause: &c.clause,
                source: t.source.as_deref(),
                population: c.population,
                population_unknown: c.population_unknown,
                meeting: c.meeting,
                unknown: c.unknown,
                share: c.share.map(|s| s / 100.0),
                required: &c.required,
                met: c.holds == Holds::Yes,
                holds: c.holds,
                people_short: c.people_short,
                people_short_if_unknown_meet: c.people_short_if_unknown_meet,
                at_deadline: &c.at_deadline,
            })
        })
        .collect()
}

/// The smallest number of people who would have to change for the clause to hold, with
/// `meeting` of `population` having the condition.
pub(crate) fn people_short(amount: Amount, population: usize, meeting: usize) -> usize {
    let need = |p: f64| ((p * population as f64) / 100.0 - 1e-9).ceil().max(0.0) as usize;
    let allowed = |p: f64| ((p * population as f64) / 100.0 + 1e-9).floor().max(0.0) as usize;
    match amount {
        Amount::AtLeastShare(p) => need(p).saturating_sub(meeting),
        Amount::AtMostShare(p) => meeting.saturating_sub(allowed(p)),
        Amount::BetweenShares(lo, hi) => need(lo)
            .saturating_sub(meeting)
            .max(meeting.saturating_sub(allowed(hi))),
        Amount::AtLeastPeople(n) => (n as usize).saturating_sub(meeting),
        Amount::AtMostPeople(n) => meeting.saturating_sub(n as usize),
    }
}

/// Measures every target on the audited roster.
pub fn measure(plan: &Plan, out: &AuditOutput, targets: &[&Target]) -> Vec<TargetReport> {
    let mut tally = TargetTally::new(targets, true);
    for p in &out.people {
        tally.add(plan, p);
    }
    tally.finish(plan)
}

/// The counts of one clause so far.
#[derive(Debug, Default)]
struct ClauseCounts {
    population: usize,
    population_unknown: usize,
    meeting: usize,
    unknown: usize,
    retiring: usize,
    meeting_then: usize,
    to_reach: Vec<PersonRef>,
}

/// [`measure`] folded person by person: counts per clause, and the people a clause still
/// needs at its deadline.
#[derive(Debug)]
pub(crate) struct TargetTally<'t> {
    targets: Vec<&'t Target>,
    counts: Vec<Vec<ClauseCounts>>,
    /// Whether the people a clause still needs are kept (only JSON lists them), not only
    /// counted.
    list_people: bool,
}

impl<'t> TargetTally<'t> {
    /// Nobody counted yet; `list_people` keeps the people each clause still needs (`to_reach`,
    /// which only a JSON report lists).
    pub(crate) fn new(targets: &[&'t Target], list_people: bool) -> Self {
        TargetTally {
            list_people,
            targets: targets.to_vec(),
            counts: targets
                .iter()
                .map(|t| t.clauses.iter().map(|_| ClauseCounts::default()).collect())
                .collect(),
        }
    }

    /// Counts one person in every clause.
    pub(crate) fn add(&mut self, plan: &Plan, p: &Audited) {
        for (t, counts) in self.targets.iter().zip(&mut self.counts) {
            for (c, n) in t.clauses.iter().zip(counts.iter_mut()) {
                count_person(plan, t.by, c, n, p, self.list_people);
            }
        }
    }

    /// The targets measured.
    pub(crate) fn finish(self, plan: &Plan) -> Vec<TargetReport> {
        self.targets
            .iter()
            .zip(self.counts)
            .map(|(t, counts)| {
                let clauses: Vec<ClauseReport> = t
                    .clauses
                    .iter()
                    .zip(counts)
                    .map(|(c, n)| clause_report(plan, t.by, c, n))
                    .collect();
                let holds = if clauses.iter().all(|c| c.holds == Holds::Yes) {
                    Holds::Yes
                } else if clauses.iter().any(|c| c.holds == Holds::No) {
                    Holds::No
                } else {
                    Holds::CannotTell
                };
                TargetReport {
                    label: t.name.clone(),
                    by: t.by.to_string(),
                    source: t.source.clone(),
                    holds,
                    people_short: clauses.iter().map(|c| c.people_short).sum(),
                    clauses,
                }
            })
            .collect()
    }
}

fn count_person(
    plan: &Plan,
    by: Date,
    c: &TargetClause,
    n: &mut ClauseCounts,
    p: &Audited,
    list_people: bool,
) {
    let member = match &c.population {
        None => Some(true),
        Some(w) => target_truth(plan, &p.staff, &p.result, w),
    };
    match member {
        Some(true) => {}
        Some(false) => return,
        None => {
            n.population_unknown += 1;
            return;
        }
    }
    n.population += 1;
    let has = target_truth(plan, &p.staff, &p.result, &c.have);
    match has {
        Some(true) => n.meeting += 1,
        None => n.unknown += 1,
        Some(false) => {}
    }
    let leaves = plan.as_of < by
        && retirement_date(plan, &p.staff).is_some_and(|d| plan.as_of < d && d < by);
    if leaves {
        n.retiring += 1;
        return;
    }
    if has == Some(true) {
        n.meeting_then += 1;
    } else if list_people && !matches!(c.amount, Amount::AtMostShare(_) | Amount::AtMostPeople(_)) {
        n.to_reach.push(PersonRef::of(p));
    }
}

fn clause_report(plan: &Plan, by: Date, c: &TargetClause, n: ClauseCounts) -> ClauseReport {
    let ClauseCounts {
        population,
        population_unknown,
        meeting,
        unknown,
        retiring,
        meeting_then,
        to_reach,
    } = n;
    let known = population - unknown;
    let percent = |n: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            (n as f64 * 1000.0 / of as f64).round() / 10.0
        }
    };
    // for "at most" the worst case is every unknown having the condition
    let at_most = matches!(c.amount, Amount::AtMostShare(_) | Amount::AtMostPeople(_));
    let (worst_meeting, best_meeting) = if at_most {
        (meeting + unknown, meeting)
    } else {
        (meeting, meeting + unknown)
    };
    let short_worst = people_short(c.amount, population, worst_meeting);
    let short_best = people_short(c.amount, population, best_meeting);
    let holds = if short_worst == 0 {
        Holds::Yes
    } else if short_best > 0 {
        Holds::No
    } else {
        Holds::CannotTell
    };
    let population_then = population - retiring;
    ClauseReport {
        clause: c.written.clone(),
        required: c.amount.text(),
        population,
        population_unknown,
        meeting,
        unknown,
        share: (known > 0).then(|| percent(meeting, known)),
        share_range: [
            percent(meeting, population),
            percent(meeting + unknown, population),
        ],
        holds,
        people_short: short_worst,
        people_short_if_unknown_meet: short_best,
        at_deadline: Projection {
            date: by.max(plan.as_of).to_string(),
            population: population_then,
            meeting: meeting_then,
            retiring,
            people_short: people_short(c.amount, population_then, meeting_then),
            to_reach,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_short_arithmetic() {
        // the seed appendix: 568 staff, 427 with a degree; 13 postgraduate
        assert_eq!(people_short(Amount::AtLeastShare(100.0), 568, 427), 141);
        assert_eq!(people_short(Amount::AtLeastShare(5.0), 568, 13), 16);
        assert_eq!(people_short(Amount::BetweenShares(5.0, 10.0), 568, 13), 16);
        // 10% of 568 is 56.8: 56 allowed, the 57th is one too many
        assert_eq!(people_short(Amount::BetweenShares(5.0, 10.0), 568, 57), 1);
        assert_eq!(people_short(Amount::BetweenShares(5.0, 10.0), 568, 56), 0);
        // exactly on the boundary: 75% of 8 is 6
        assert_eq!(people_short(Amount::AtLeastShare(75.0), 8, 6), 0);
        assert_eq!(people_short(Amount::AtLeastShare(75.0), 8, 5), 1);
        // empty population, 0%, 100%
        assert_eq!(people_short(Amount::AtLeastShare(100.0), 0, 0), 0);
        assert_eq!(people_short(Amount::AtLeastShare(0.0), 10, 0), 0);
        assert_eq!(people_short(Amount::AtMostShare(0.0), 10, 2), 2);
        assert_eq!(people_short(Amount::AtLeastPeople(3), 10, 1), 2);
        assert_eq!(people_short(Amount::AtMostPeople(3), 10, 5), 2);
    }
}
