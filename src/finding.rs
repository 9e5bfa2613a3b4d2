//! Verdicts, findings and person results, and their JSON form: the `Serialize` types here are
//! the output contract of DESIGN §4.

use serde::Serialize;

use crate::plan::Plan;
use crate::staff::StaffRow;

/// The outcome of one criterion for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The criterion holds.
    Met,
    /// It does not: a gap.
    Unmet,
    /// The data cannot tell (missing, unreadable, or a script error).
    Unknown,
    /// Not met, but inside a grace period: due by the finding's deadline.
    Pending,
    /// Not met, but the person is exempt (the finding's reason says why).
    Exempt,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 5] = [
        Verdict::Met,
        Verdict::Unmet,
        Verdict::Unknown,
        Verdict::Pending,
        Verdict::Exempt,
    ];

    /// The verdict a rule file's `expect` names (`met`, `unmet`, …).
    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// `met`, `unmet`, `unknown`, `pending`, `exempt`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Unmet => "unmet",
            Verdict::Unknown => "unknown",
            Verdict::Pending => "pending",
            Verdict::Exempt => "exempt",
        }
    }
}

/// A person's overall standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every applicable criterion met.
    Meets,
    /// At least one criterion unmet.
    Gaps,
    /// None unmet, but at least one unknown.
    Incomplete,
    /// None unmet or unknown, but at least one gap inside its grace period.
    Pending,
    /// No rank or position of the rules matched.
    Unmatched,
    /// Every title or position held that the rules know has no standard on the audit date:
    /// declared without one, ended without a successor, or not yet in force.
    #[serde(rename = "no_standard")]
    NoStandard,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 6] = [
        Status::Meets,
        Status::Gaps,
        Status::Incomplete,
        Status::Pending,
        Status::Unmatched,
        Status::NoStandard,
    ];

    /// The status a rule file's `expect status` names (`meets`, `gaps`, …).
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// `meets`, `gaps`, `incomplete`, `pending`, `unmatched`, `no_standard`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Meets => "meets",
            Status::Gaps => "gaps",
            Status::Incomplete => "incomplete",
            Status::Pending => "pending",
            Status::Unmatched => "unmatched",
            Status::NoStandard => "no_standard",
        }
    }
}

/// One criterion's outcome, compact: strings are looked up in the plan when reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index into `Plan::criteria`.
    pub criterion: u32,
    /// The verdict.
    pub verdict: Verdict,
    /// Why it is unknown or exempt, or what the grace period is.
    pub reason: Option<Box<str>>,
    /// The last day of the grace period, for a pending finding.
    pub deadline: Option<crate::date::Date>,
    /// Which clause gave an exempt or pending verdict: its index in the criterion's
    /// `exemptions` or `grace` list (for `test --coverage`).
    pub clause: Option<u16>,
    /// For a criterion of `case`s: the case that decided (its `required` is shown).
    pub case: Option<u16>,
    /// An unknown finding of someone who falls short either way: the criterion is unmet, but
    /// whether an exemption or grace period applies cannot be told (the training plan lists
    /// them "to confirm").
    pub short_either_way: bool,
}

/// Everything the evaluator says about one person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonResult {
    /// Overall standing.
    pub status: Status,
    /// One per applicable criterion.
    pub findings: Vec<Finding>,
}

/// A finding as JSON.
#[derive(Debug, Serialize)]
pub struct FindingReport<'a> {
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

/// A person as JSON.
#[derive(Debug, Serialize)]
pub struct PersonReport<'a> {
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
pub struct NoStandardReport<'a> {
    /// The title or position as the rules name it.
    pub title: &'a str,
    /// `declared`, `ended` or `not_yet_in_force`.
    pub kind: crate::plan::NoStandardKind,
    /// Why, in the words of the reports.
    pub reason: &'a str,
}

/// The titles and positions a person holds that bring no standard on the audit date.
pub fn no_standard_of<'a>(plan: &'a Plan, staff: &StaffRow) -> Vec<NoStandardReport<'a>> {
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

impl<'a> PersonReport<'a> {
    /// The report view of one person.
    pub fn new(plan: &'a Plan, staff: &'a StaffRow, result: &'a PersonResult) -> Self {
        // a position whose `when` does not hold for the person counts as unmatched too
        let not_theirs = |id: Option<u32>| {
            id.is_none_or(|id| crate::evaluate::title_applies(plan, staff, id) == Some(false))
        };
        let mut unmatched: Vec<&str> = staff
            .positions
            .iter()
            .filter(|p| not_theirs(p.subject))
            .map(|p| p.text.as_str())
            .collect();
        if not_theirs(staff.rank) && !staff.rank_text.is_empty() {
            unmatched.insert(0, staff.rank_text.as_str());
        }
        PersonReport {
            row: staff.row,
            id: &staff.id,
            name: &staff.name,
            rank: &staff.rank_text,
            positions: staff.positions.iter().map(|p| p.text.as_str()).collect(),
            status: result.status,
            findings: result
                .findings
                .iter()
                .map(|f| finding_report(plan, staff, f))
                .collect(),
            unmatched,
            no_standard: no_standard_of(plan, staff),
            notes: &staff.notes,
        }
    }
}

/// One finding with its strings from the plan and the person's values.
pub fn finding_report<'a>(plan: &'a Plan, staff: &StaffRow, f: &'a Finding) -> FindingReport<'a> {
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
pub fn is_unverified(source: &str) -> bool {
    source.contains("[U]") || source.contains("[U:")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `expect` lines use name each verdict and status, and nothing else.
    #[test]
    fn expect_words_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_name(v.as_str()), Some(v));
        }
        for s in Status::ALL {
            assert_eq!(Status::from_name(s.as_str()), Some(s));
        }
        assert_eq!(Verdict::from_name("Met"), None);
        assert_eq!(Status::from_name("meet"), None);
    }
}
