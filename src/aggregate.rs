//! Summary counts and the training plan: folds over the audited people.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::audit::{AuditOutput, Audited};
use crate::finding::{Status, Verdict};
use crate::plan::Plan;
use crate::ruleset::TrainingId;

/// The counts at the top of every report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// Rows read.
    pub total: usize,
    /// Rows audited.
    pub audited: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// People meeting every applicable criterion.
    pub meeting: usize,
    /// People with at least one gap.
    pub with_gaps: usize,
    /// People with unknowns and no gap.
    pub incomplete: usize,
    /// People whose only gaps are inside a grace period.
    pub pending: usize,
    /// People whose rank and positions match no rule.
    pub unmatched: usize,
    /// People whose titles the rules know but that have no standard on the audit date
    /// (declared without one, ended without a successor, not yet in force).
    pub no_standard: usize,
    /// Criterion name → people who do not meet it.
    pub by_criterion: BTreeMap<String, usize>,
}

/// One line of the training plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TrainingNeed {
    /// Training title.
    pub training: String,
    /// People who need it.
    pub people: usize,
}

/// Counts statuses and gaps.
pub fn summarize(plan: &Plan, out: &AuditOutput) -> Summary {
    let mut s = Summary {
        total: out.total,
        audited: out.people.len(),
        rejected: out.rejected.len(),
        meeting: 0,
        with_gaps: 0,
        incomplete: 0,
        pending: 0,
        unmatched: 0,
        no_standard: 0,
        by_criterion: BTreeMap::new(),
    };
    let mut names: Vec<&str> = Vec::new();
    for p in &out.people {
        match p.result.status {
            Status::Meets => s.meeting += 1,
            Status::Gaps => s.with_gaps += 1,
            Status::Incomplete => s.incomplete += 1,
            Status::Pending => s.pending += 1,
            Status::Unmatched => s.unmatched += 1,
            Status::NoStandard => s.no_standard += 1,
        }
        names.clear();
        for f in p
            .result
            .findings
            .iter()
            .filter(|f| f.verdict == Verdict::Unmet)
        {
            let name = plan.criteria[f.criterion as usize].name.as_str();
            if !names.contains(&name) {
                names.push(name);
                *s.by_criterion.entry(name.to_string()).or_default() += 1;
            }
        }
    }
    s
}

/// The trainings one person needs, each once: those of their unmet criteria and of gaps inside
/// a grace period.
pub fn trainings_needed(plan: &Plan, person: &Audited) -> Vec<TrainingId> {
    let mut trainings = Vec::new();
    for f in person
        .result
        .findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Unmet | Verdict::Pending))
    {
        if let Some(t) = plan.criteria[f.criterion as usize].training
            && !trainings.contains(&t)
        {
            trainings.push(t);
        }
    }
    trainings
}

/// Trainings needed, most people first: each person counted once per training.
pub fn training_plan(plan: &Plan, out: &AuditOutput) -> Vec<TrainingNeed> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for p in &out.people {
        for t in trainings_needed(plan, p) {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut plan_lines: Vec<TrainingNeed> = counts
        .into_iter()
        .map(|(t, people)| TrainingNeed {
            training: plan.trainings[t].title.clone(),
            people,
        })
        .collect();
    plan_lines.sort_by(|a, b| {
        b.people
            .cmp(&a.people)
            .then_with(|| a.training.cmp(&b.training))
    });
    plan_lines
}
