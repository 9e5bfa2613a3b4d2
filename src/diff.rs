//! What a rule edit or the passing of time changes. Two audits of one roster (old rules or date
//! against new) are compared person by person and criterion by criterion ([`impact`]); without
//! a roster, two rule sets are compared as rules: ranks, positions and criteria added, removed
//! or changed (`rules_diff`). An HR office sees exactly what an edit does before adopting it.

use std::collections::HashMap;

use serde::Serialize;

use crate::audit::{AuditOutput, Audited};
use crate::finding::{Finding, Status, Verdict};
use crate::i18n::tr;
use crate::plan::{Plan, PlanCriterion};
use crate::roster::RowError;

/// One side of a comparison: which rules, on which date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SideInfo {
    /// The rule set's name (its paths, or `built-in`).
    pub rules: String,
    /// The date the rules were read on.
    pub as_of: String,
}

impl SideInfo {
    /// The side a plan stands for.
    pub(crate) fn of(plan: &Plan) -> SideInfo {
        SideInfo {
            rules: plan.rules_name.clone(),
            as_of: plan.as_of.to_string(),
        }
    }
}

/// What became of one criterion for one person, named after where it ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Now unmet (it was met, unknown, pending, exempt, or did not apply).
    NewlyFailing,
    /// Now met.
    NewlyMeeting,
    /// Now unknown.
    NewlyUnknown,
    /// Now inside a grace period.
    NewlyPending,
    /// Now exempt.
    NewlyExempt,
    /// The criterion no longer applies to the person.
    NoLongerApplies,
    /// Still pending, with another deadline.
    DeadlineMoved,
}

impl ChangeKind {
    /// The kind of an old → new pair; None when nothing changed.
    fn of(old: Option<&Finding>, new: Option<&Finding>) -> Option<ChangeKind> {
        let kind = match (old, new) {
            (None, None) => return None,
            (Some(_), None) => ChangeKind::NoLongerApplies,
            (Some(o), Some(n)) if o.verdict == n.verdict => {
                if n.verdict == Verdict::Pending && o.deadline != n.deadline {
                    ChangeKind::DeadlineMoved
                } else {
                    return None;
                }
            }
            (_, Some(n)) => match n.verdict {
                Verdict::Unmet => ChangeKind::NewlyFailing,
                Verdict::Met => ChangeKind::NewlyMeeting,
                Verdict::Unknown => ChangeKind::NewlyUnknown,
                Verdict::Pending => ChangeKind::NewlyPending,
                Verdict::Exempt => ChangeKind::NewlyExempt,
            },
        };
        Some(kind)
    }
}

/// One criterion whose result changed for one person.
#[derive(Debug, Clone, Serialize)]
pub struct FindingChange {
    /// What kind of change.
    pub kind: ChangeKind,
    /// `rank Chuyên viên`: the declaration the criterion belongs to.
    pub rule: String,
    /// The criterion's name.
    pub criterion: String,
    /// The name reports show (in Vietnamese, the field's roster header).
    #[serde(skip)]
    pub label: String,
    /// The old verdict (None: the criterion did not apply).
    pub old: Option<Verdict>,
    /// The new verdict (None: it no longer applies).
    pub new: Option<Verdict>,
    /// What the old rules required.
    pub old_required: Option<String>,
    /// What the new rules require.
    pub new_required: Option<String>,
    /// The person's values the criterion compares.
    pub actual: String,
    /// The citation of the rule responsible (the new one, or the old one for a criterion
    /// that no longer applies).
    pub source: Option<String>,
    /// Why the new result is unknown, exempt or pending (or the old one's, when it no longer
    /// applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The old grace deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_deadline: Option<String>,
    /// The new grace deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_deadline: Option<String>,
    /// Where the criterion is written (the new rules', or the old ones').
    pub location: String,
}

/// A person whose status or some finding changed.
#[derive(Debug, Clone, Serialize)]
pub struct PersonChange {
    /// Row as the spreadsheet shows it.
    pub row: u32,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Rank as written.
    pub rank: String,
    /// Positions as written.
    pub positions: Vec<String>,
    /// The old status (None: the row was rejected).
    pub old_status: Option<Status>,
    /// The new status (None: the row is rejected).
    pub new_status: Option<Status>,
    /// Why the row is rejected on one side, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// Under the new rules, the titles held without a standard, and why (an ended standard
    /// names the text that ended it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub no_standard: Vec<String>,
    /// The findings that changed.
    pub changes: Vec<FindingChange>,
}

/// How many people went from one status to another.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusMove {
    /// The old status (None: rejected).
    pub from: Option<Status>,
    /// The new status (None: rejected).
    pub to: Option<Status>,
    /// People.
    pub people: usize,
}

/// How many findings of a kind changed.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    /// The kind.
    pub kind: ChangeKind,
    /// Findings.
    pub findings: usize,
}

/// How many findings went from one verdict to another.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VerdictMove {
    /// The old verdict (None: did not apply).
    pub from: Option<Verdict>,
    /// The new verdict (None: no longer applies).
    pub to: Option<Verdict>,
    /// Findings.
    pub findings: usize,
}

/// The changes of one criterion across the roster.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionChanges {
    /// `rank Chuyên viên`.
    pub rule: String,
    /// The criterion.
    pub criterion: String,
    /// Findings that changed, by kind.
    pub by_kind: Vec<KindCount>,
    /// All of them.
    pub findings: usize,
}

/// The counts of an impact diff.
#[derive(Debug, Clone, Serialize)]
pub struct ImpactSummary {
    /// Rows read.
    pub rows: usize,
    /// People whose status or some finding changed.
    pub people_changed: usize,
    /// People whose status changed.
    pub status_changed: usize,
    /// Status moves, most frequent first.
    pub(crate) by_status: Vec<StatusMove>,
    /// Finding changes by kind.
    pub by_kind: Vec<KindCount>,
    /// Finding changes by old → new verdict, most frequent first.
    pub(crate) by_verdict: Vec<VerdictMove>,
    /// Finding changes per criterion, most changes first.
    pub by_criterion: Vec<CriterionChanges>,
}

/// Everything that changes for the people of one roster between two audits.
#[derive(Debug, Clone, Serialize)]
pub struct ImpactDiff {
    /// The roster's name.
    pub roster: String,
    /// The old rules and date.
    pub(crate) old: SideInfo,
    /// The new rules and date.
    pub(crate) new: SideInfo,
    /// The counts.
    pub summary: ImpactSummary,
    /// The people who changed, in roster order.
    pub people: Vec<PersonChange>,
}

impl ImpactDiff {
    /// True when nobody's status or findings changed.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

/// Compares two audits of the same roster: `old` read with one plan, `new` with another.
pub fn impact(
    roster: impl Into<String>,
    old: (&Plan, &AuditOutput),
    new: (&Plan, &AuditOutput),
) -> ImpactDiff {
    let (old_plan, old_out) = old;
    let (new_plan, new_out) = new;
    let mut rows: Vec<u32> = old_out
        .people
        .iter()
        .map(|p| p.staff.row)
        .chain(old_out.rejected.iter().map(|r| r.row))
        .chain(new_out.people.iter().map(|p| p.staff.row))
        .chain(new_out.rejected.iter().map(|r| r.row))
        .collect();
    rows.sort_unstable();
    rows.dedup();
    fn side(out: &AuditOutput) -> (HashMap<u32, &Audited>, HashMap<u32, &RowError>) {
        let people = out.people.iter().map(|p| (p.staff.row, p)).collect();
        let rejected = out.rejected.iter().map(|r| (r.row, r)).collect();
        (people, rejected)
    }
    let (old_people, old_rejected) = side(old_out);
    let (new_people, new_rejected) = side(new_out);
    let mut people = Vec::new();
    for row in rows {
        let (o, n) = (old_people.get(&row), new_people.get(&row));
        let change = match (o, n) {
            (Some(o), Some(n)) => person_change(old_plan, o, new_plan, n),
            (Some(o), None) => rejected_change(
                old_plan,
                o,
                None,
                new_rejected.get(&row).map(|r| r.reason.clone()),
            ),
            (None, Some(n)) => rejected_change(
                new_plan,
                n,
                Some(()),
                old_rejected.get(&row).map(|r| r.reason.clone()),
            ),
            (None, None) => None,
        };
        people.extend(change);
    }
    ImpactDiff {
        roster: roster.into(),
        old: SideInfo::of(old_plan),
        new: SideInfo::of(new_plan),
        summary: summarize(old_out.total.max(new_out.total), &people),
        people,
    }
}

/// The finding's key across two plans: the declaration and the criterion's name.
fn key<'a>(plan: &'a Plan, f: &Finding) -> (&'a str, &'a str) {
    let c = &plan.criteria[f.criterion as usize];
    (c.rule.as_str(), c.name.as_str())
}

fn person_change(
    old_plan: &Plan,
    old: &Audited,
    new_plan: &Plan,
    new: &Audited,
) -> Option<PersonChange> {
    let mut used = vec![false; new.result.findings.len()];
    let mut changes = Vec::new();
    for o in &old.result.findings {
        let k = key(old_plan, o);
        let matched = new
            .result
            .findings
            .iter()
            .enumerate()
            .find(|(i, n)| !used[*i] && key(new_plan, n) == k);
        let n = matched.map(|(i, n)| {
            used[i] = true;
            n
        });
        changes.extend(finding_change(
            (old_plan, &old.staff, Some(o)),
            (new_plan, &new.staff, n),
        ));
    }
    for (i, n) in new.result.findings.iter().enumerate() {
        if !used[i] {
            changes.extend(finding_change(
                (old_plan, &old.staff, None),
                (new_plan, &new.staff, Some(n)),
            ));
        }
    }
    if changes.is_empty() && old.result.status == new.result.status {
        return None;
    }
    let mut person = person_of(new);
    person.no_standard = no_standard_reasons(new_plan, new);
    person.old_status = Some(old.result.status);
    person.new_status = Some(new.result.status);
    person.changes = changes;
    Some(person)
}

/// A row audited on one side and rejected on the other: every finding appears or disappears.
/// `audited_is_new` is `Some` when the audited side is the new one.
fn rejected_change(
    plan: &Plan,
    audited: &Audited,
    audited_is_new: Option<()>,
    reason: Option<String>,
) -> Option<PersonChange> {
    let mut person = person_of(audited);
    person.rejected = reason;
    for f in &audited.result.findings {
        let this = (plan, &audited.staff, Some(f));
        let other = (plan, &audited.staff, None);
        let change = match audited_is_new {
            Some(()) => finding_change(other, this),
            None => finding_change(this, other),
        };
        person.changes.extend(change);
    }
    match audited_is_new {
        Some(()) => person.new_status = Some(audited.result.status),
        None => person.old_status = Some(audited.result.status),
    }
    Some(person)
}

/// "title: why", for each title the person holds without a standard.
fn no_standard_reasons(plan: &Plan, p: &Audited) -> Vec<String> {
    crate::report::person::no_standard_of(plan, &p.staff)
        .into_iter()
        .map(|n| format!("{}: {}", n.title, n.reason))
        .collect()
}

fn person_of(p: &Audited) -> PersonChange {
    let s = &p.staff;
    PersonChange {
        row: s.row,
        id: s.id.to_string(),
        name: s.name.to_string(),
        unit: s.unit.to_string(),
        rank: s.rank_text.to_string(),
        positions: s.positions.iter().map(|p| p.text.to_string()).collect(),
        old_status: None,
        new_status: None,
        rejected: None,
        no_standard: Vec::new(),
        changes: Vec::new(),
    }
}

type FindingSide<'a> = (&'a Plan, &'a crate::staff::StaffRow, Option<&'a Finding>);

fn finding_change(old: FindingSide<'_>, new: FindingSide<'_>) -> Option<FindingChange> {
    let (old_plan, old_staff, o) = old;
    let (new_plan, new_staff, n) = new;
    let kind = ChangeKind::of(o, n)?;
    let criterion =
        |plan: &Plan, f: &Finding| -> PlanCriterion { plan.criteria[f.criterion as usize].clone() };
    let oc = o.map(|f| criterion(old_plan, f));
    let nc = n.map(|f| criterion(new_plan, f));
    // the side that names the rule responsible: the new one, unless it no longer applies
    let (plan, staff, c, f) = match (&nc, n) {
        (Some(c), Some(f)) => (new_plan, new_staff, c, f),
        _ => (old_plan, old_staff, oc.as_ref()?, o?),
    };
    Some(FindingChange {
        kind,
        rule: c.rule.clone(),
        criterion: c.name.clone(),
        label: plan.name_label(&c.name).to_string(),
        old: o.map(|f| f.verdict),
        new: n.map(|f| f.verdict),
        old_required: oc.as_ref().map(|c| c.required.clone()),
        new_required: nc.as_ref().map(|c| c.required.clone()),
        actual: crate::evaluate::actual_text(plan, staff, &c.fields),
        source: c.source.clone(),
        reason: f.reason.as_deref().map(str::to_string),
        old_deadline: o.and_then(|f| f.deadline).map(|d| d.to_string()),
        new_deadline: n.and_then(|f| f.deadline).map(|d| d.to_string()),
        location: c.location.clone(),
    })
}

fn summarize(rows: usize, people: &[PersonChange]) -> ImpactSummary {
    use std::collections::BTreeMap;
    let mut by_status: BTreeMap<(Option<Status>, Option<Status>), usize> = BTreeMap::new();
    let mut by_kind: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    let mut by_verdict: BTreeMap<(Option<Verdict>, Option<Verdict>), usize> = BTreeMap::new();
    let mut by_criterion: BTreeMap<(String, String), BTreeMap<ChangeKind, usize>> = BTreeMap::new();
    let mut status_changed = 0;
    for p in people {
        if p.old_status != p.new_status {
            status_changed += 1;
            *by_status.entry((p.old_status, p.new_status)).or_default() += 1;
        }
        for c in &p.changes {
            *by_kind.entry(c.kind).or_default() += 1;
            *by_verdict.entry((c.old, c.new)).or_default() += 1;
            *by_criterion
                .entry((c.rule.clone(), c.criterion.clone()))
                .or_default()
                .entry(c.kind)
                .or_default() += 1;
        }
    }
    let mut by_status: Vec<StatusMove> = by_status
        .into_iter()
        .map(|((from, to), people)| StatusMove { from, to, people })
        .collect();
    by_status.sort_by_key(|m| std::cmp::Reverse(m.people));
    let mut by_verdict: Vec<VerdictMove> = by_verdict
        .into_iter()
        .map(|((from, to), findings)| VerdictMove { from, to, findings })
        .collect();
    by_verdict.sort_by_key(|m| std::cmp::Reverse(m.findings));
    let mut by_criterion: Vec<CriterionChanges> = by_criterion
        .into_iter()
        .map(|((rule, criterion), kinds)| CriterionChanges {
            findings: kinds.values().sum(),
            rule,
            criterion,
            by_kind: kinds
                .into_iter()
                .map(|(kind, findings)| KindCount { kind, findings })
                .collect(),
        })
        .collect();
    by_criterion.sort_by_key(|c| std::cmp::Reverse(c.findings));
    ImpactSummary {
        rows,
        people_changed: people.len(),
        status_changed,
        by_status,
        by_kind: by_kind
            .into_iter()
            .map(|(kind, findings)| KindCount { kind, findings })
            .collect(),
        by_verdict,
        by_criterion,
    }
}

/// A rank or position as the rule diff names it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SubjectRef {
    /// `rank` or `position`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
}

/// One aspect of a criterion that differs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AspectChange {
    /// `required`, `when`, `source`, `training`, `exempt`, `grace`, `period`, `entry`.
    pub aspect: &'static str,
    /// The old text (None: absent).
    pub old: Option<String>,
    /// The new text (None: absent).
    pub new: Option<String>,
}

/// A criterion of one rank or position in both rule sets, or in one only.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CriterionDiff {
    /// The criterion's name.
    pub criterion: String,
    /// `rank Chuyên viên`: where it comes from (through includes, another declaration).
    pub rule: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// What differs (for `changed`), or the criterion's text (for `added` / `removed`).
    pub aspects: Vec<AspectChange>,
    /// Where it is written (the new rules', or the old ones' when removed).
    pub location: String,
}

/// A rank or position whose standard differs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SubjectDiff {
    /// The rank or position.
    #[serde(flatten)]
    pub subject: SubjectRef,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// Subject-level differences: code, no standard.
    pub aspects: Vec<AspectChange>,
    /// Its criteria that differ (all of them when added or removed).
    pub criteria: Vec<CriterionDiff>,
}

/// The difference of two rule sets as rules, each read on its date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RulesDiff {
    /// The old rules and date.
    pub old: SideInfo,
    /// The new rules and date.
    pub new: SideInfo,
    /// Ranks and positions added, removed or changed, in the order of the new rules.
    pub subjects: Vec<SubjectDiff>,
    /// Trainings added or removed, or whose length changed.
    pub trainings: Vec<AspectChange>,
}

impl RulesDiff {
    /// True when the two rule sets state the same standards.
    pub(crate) fn is_empty(&self) -> bool {
        self.subjects.is_empty() && self.trainings.is_empty()
    }
}

/// Compares what two plans require, rank by rank and position by position (after includes),
/// with entry conditions too when the plans were built for eligibility.
pub(crate) fn rules_diff(old: &Plan, new: &Plan) -> RulesDiff {
    let mut subjects = Vec::new();
    let find = |plan: &Plan, kind, key: &str| {
        plan.subjects
            .iter()
            .position(|s| s.kind == kind && s.key == key)
    };
    for (i, n) in new.subjects.iter().enumerate() {
        let other = find(old, n.kind, &n.key);
        let diff = match other {
            None => subject_diff(None, Some((new, i)), "added"),
            Some(o) => subject_diff(Some((old, o)), Some((new, i)), "changed"),
        };
        subjects.extend(diff);
    }
    for (i, o) in old.subjects.iter().enumerate() {
        if find(new, o.kind, &o.key).is_none() {
            subjects.extend(subject_diff(Some((old, i)), None, "removed"));
        }
    }
    RulesDiff {
        old: SideInfo::of(old),
        new: SideInfo::of(new),
        subjects,
        trainings: trainings_diff(old, new),
    }
}

fn trainings_diff(old: &Plan, new: &Plan) -> Vec<AspectChange> {
    let text = |t: &crate::ruleset::Training| match t.months {
        Some(m) => format!("{} ({m} months)", t.title),
        None => t.title.clone(),
    };
    let mut out = Vec::new();
    for n in &new.trainings {
        match old.trainings.iter().find(|o| o.code == n.code) {
            None => out.push(AspectChange {
                aspect: "training",
                old: None,
                new: Some(text(n)),
            }),
            Some(o) if text(o) != text(n) => out.push(AspectChange {
                aspect: "training",
                old: Some(text(o)),
                new: Some(text(n)),
            }),
            Some(_) => {}
        }
    }
    for o in &old.trainings {
        if !new.trainings.iter().any(|n| n.code == o.code) {
            out.push(AspectChange {
                aspect: "training",
                old: Some(text(o)),
                new: None,
            });
        }
    }
    out
}

type SubjectSide<'a> = Option<(&'a Plan, usize)>;

fn subject_diff(
    old: SubjectSide<'_>,
    new: SubjectSide<'_>,
    change: &'static str,
) -> Option<SubjectDiff> {
    let (plan, index) = new.or(old)?;
    let s = &plan.subjects[index];
    let subject = SubjectRef {
        kind: s.kind.keyword(),
        name: s.name.clone(),
    };
    let criteria_of = |side: SubjectSide<'_>| -> Vec<CriterionText> {
        let Some((plan, i)) = side else {
            return Vec::new();
        };
        let s = &plan.subjects[i];
        s.criteria
            .iter()
            .chain(&s.entries)
            .map(|&c| {
                let c = &plan.criteria[c as usize];
                CriterionText {
                    name: c.name.clone(),
                    aspects: aspects_of(plan, c),
                    rule: c.rule.clone(),
                    location: c.location.clone(),
                }
            })
            .collect()
    };
    let subject_aspects = |side: SubjectSide<'_>| -> Vec<(&'static str, String)> {
        let Some((plan, i)) = side else {
            return Vec::new();
        };
        let s = &plan.subjects[i];
        let mut out = Vec::new();
        if let Some(code) = &s.code {
            out.push(("code", code.clone()));
        }
        if let Some(n) = &s.no_standard {
            out.push(("no_standard", n.reason.clone()));
        }
        for c in &s.confirms {
            out.push(("confirm", c.label.clone()));
        }
        if let Some((_, when)) = &s.when {
            out.push(("when", when.clone()));
        }
        out
    };
    let aspects = compare_aspects(&subject_aspects(old), &subject_aspects(new));
    let (olds, news) = (criteria_of(old), criteria_of(new));
    let mut criteria = Vec::new();
    let mut used = vec![false; olds.len()];
    for n in &news {
        let matched = olds
            .iter()
            .enumerate()
            .find(|(i, o)| !used[*i] && o.name == n.name);
        let (change, aspects) = match matched {
            None => ("added", compare_aspects(&[], &n.aspects)),
            Some((i, o)) => {
                used[i] = true;
                ("changed", compare_aspects(&o.aspects, &n.aspects))
            }
        };
        if !aspects.is_empty() {
            criteria.push(n.diff(change, aspects));
        }
    }
    for (i, o) in olds.iter().enumerate() {
        if !used[i] {
            criteria.push(o.diff("removed", compare_aspects(&o.aspects, &[])));
        }
    }
    if change == "changed" && aspects.is_empty() && criteria.is_empty() {
        return None;
    }
    Some(SubjectDiff {
        subject,
        change,
        aspects,
        criteria,
    })
}

/// A criterion of one side, as comparable texts.
struct CriterionText {
    name: String,
    aspects: Vec<(&'static str, String)>,
    rule: String,
    location: String,
}

impl CriterionText {
    fn diff(&self, change: &'static str, aspects: Vec<AspectChange>) -> CriterionDiff {
        CriterionDiff {
            criterion: self.name.clone(),
            rule: self.rule.clone(),
            change,
            aspects,
            location: self.location.clone(),
        }
    }
}

/// A criterion as comparable texts, one per aspect.
fn aspects_of(plan: &Plan, c: &PlanCriterion) -> Vec<(&'static str, String)> {
    let mut out = vec![("required", c.required.clone())];
    if c.entry {
        out.push((
            "entry",
            tr!(
                plan.lang,
                "điều kiện bổ nhiệm, nâng ngạch",
                "appoint / promote"
            ),
        ));
    }
    if let Some(w) = &c.when_written {
        out.push(("when", w.clone()));
    }
    if let Some(s) = &c.source {
        out.push(("source", s.clone()));
    }
    if let Some(t) = c.training {
        out.push(("training", plan.trainings[t].title.clone()));
    }
    for e in &c.exemptions {
        out.push(("exempt", e.reason.clone()));
    }
    for g in &c.grace {
        let deadline = match g.deadline {
            crate::ruleset::Deadline::Date(d) => tr!(plan.lang, "đến {d}", "until {d}"),
            crate::ruleset::Deadline::After { months, field } => {
                let field = &plan.fields[field].name;
                tr!(
                    plan.lang,
                    "{months} tháng kể từ {field}",
                    "{months} months after {field}"
                )
            }
        };
        out.push((
            "grace",
            match &g.reason {
                Some(r) => format!("{r}: {deadline}"),
                None => deadline,
            },
        ));
    }
    let period = match (c.period.from, c.period.until) {
        (None, None) => None,
        (Some(f), None) => Some(tr!(plan.lang, "từ {f}", "from {f}")),
        (None, Some(u)) => Some(tr!(plan.lang, "đến hết {u}", "until {u}")),
        (Some(f), Some(u)) => Some(tr!(plan.lang, "từ {f} đến hết {u}", "from {f} until {u}")),
    };
    if let Some(p) = period {
        out.push(("period", p));
    }
    out
}

/// The aspects that differ between two lists: per aspect name, the old and the new texts
/// (several exemptions or grace periods compared as one joined text).
fn compare_aspects(
    old: &[(&'static str, String)],
    new: &[(&'static str, String)],
) -> Vec<AspectChange> {
    let mut names: Vec<&'static str> = Vec::new();
    for (a, _) in new.iter().chain(old) {
        if !names.contains(a) {
            names.push(a);
        }
    }
    let joined = |list: &[(&'static str, String)], name: &str| -> Option<String> {
        let texts: Vec<&str> = list
            .iter()
            .filter(|(a, _)| *a == name)
            .map(|(_, t)| t.as_str())
            .collect();
        (!texts.is_empty()).then(|| texts.join("; "))
    };
    names
        .into_iter()
        .filter_map(|name| {
            let (o, n) = (joined(old, name), joined(new, name));
            (o != n).then_some(AspectChange {
                aspect: name,
                old: o,
                new: n,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn finding(verdict: Verdict, deadline: Option<&str>) -> Finding {
        Finding {
            criterion: 0,
            verdict,
            reason: None,
            deadline: deadline.and_then(Date::parse_iso),
            clause: None,
            case: None,
            short_either_way: false,
        }
    }

    #[test]
    fn kinds_are_named_after_where_the_finding_ended_up() {
        use Verdict::*;
        let k = |o: Option<Finding>, n: Option<Finding>| ChangeKind::of(o.as_ref(), n.as_ref());
        assert_eq!(
            k(Some(finding(Met, None)), Some(finding(Unmet, None))),
            Some(ChangeKind::NewlyFailing)
        );
        assert_eq!(
            k(
                Some(finding(Pending, Some("2026-12-31"))),
                Some(finding(Unmet, None))
            ),
            Some(ChangeKind::NewlyFailing)
        );
        assert_eq!(
            k(None, Some(finding(Unmet, None))),
            Some(ChangeKind::NewlyFailing)
        );
        assert_eq!(
            k(Some(finding(Exempt, None)), Some(finding(Met, None))),
            Some(ChangeKind::NewlyMeeting)
        );
        assert_eq!(
            k(Some(finding(Met, None)), None),
            Some(ChangeKind::NoLongerApplies)
        );
        assert_eq!(k(Some(finding(Met, None)), Some(finding(Met, None))), None);
        assert_eq!(
            k(
                Some(finding(Pending, Some("2026-12-31"))),
                Some(finding(Pending, Some("2027-12-31")))
            ),
            Some(ChangeKind::DeadlineMoved)
        );
        assert_eq!(
            k(
                Some(finding(Pending, Some("2026-12-31"))),
                Some(finding(Pending, Some("2026-12-31")))
            ),
            None
        );
    }

    #[test]
    fn aspects_compare_by_name_and_join_repeats() {
        let old = vec![
            ("required", "Đại học".to_string()),
            ("exempt", "a".to_string()),
        ];
        let new = vec![
            ("required", "Thạc sĩ".to_string()),
            ("exempt", "a".to_string()),
            ("exempt", "b".to_string()),
        ];
        let d = compare_aspects(&old, &new);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].aspect, "required");
        assert_eq!(d[0].old.as_deref(), Some("Đại học"));
        assert_eq!(d[1].new.as_deref(), Some("a; b"));
        assert!(compare_aspects(&old, &old).is_empty());
    }
}
