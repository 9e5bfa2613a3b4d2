//! Verdicts, findings and person results: what the evaluator says, compact. Their JSON form
//! (the output contract of DESIGN §4) is `report::person`.

use serde::Serialize;

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
    pub(crate) const ALL: [Verdict; 5] = [
        Verdict::Met,
        Verdict::Unmet,
        Verdict::Unknown,
        Verdict::Pending,
        Verdict::Exempt,
    ];

    /// The verdict a rule file's `expect` names (`met`, `unmet`, …).
    pub(crate) fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// `met`, `unmet`, `unknown`, `pending`, `exempt`.
    pub(crate) fn as_str(self) -> &'static str {
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
    pub(crate) const ALL: [Status; 6] = [
        Status::Meets,
        Status::Gaps,
        Status::Incomplete,
        Status::Pending,
        Status::Unmatched,
        Status::NoStandard,
    ];

    /// The status a rule file's `expect status` names (`meets`, `gaps`, …).
    pub(crate) fn from_name(name: &str) -> Option<Status> {
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
