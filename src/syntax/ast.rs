//! What the author wrote: owned strings, unresolved names, a span on every node. A parse that
//! succeeds may still be wrong; `check` decides that.

use crate::date::Date;
use crate::source::{FileId, Span};

/// A name or a quoted text as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    /// The text (without quotes).
    pub text: String,
    /// Where it stands (without quotes).
    pub span: Span,
}

/// A date as written, already validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DateLit {
    /// The date.
    pub date: Date,
    /// Where it stands.
    pub span: Span,
}

/// One parsed rule file.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// Which file.
    pub file: FileId,
    /// `from` at file level.
    pub(crate) from: Option<DateLit>,
    /// `until` at file level.
    pub(crate) until: Option<DateLit>,
    /// `use builtin`: the shipped rules are loaded beside this file.
    pub use_builtin: bool,
    /// The declarations, in order.
    pub(crate) items: Vec<Item>,
}

/// One top-level declaration.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// `scale`.
    Scale(Scale),
    /// `field`.
    Field(Field),
    /// `derived`.
    Derived(Derived),
    /// `retirement`.
    Retirement(Retirement),
    /// `training`.
    Training(Training),
    /// `rank` or `position` (boxed: by far the largest item).
    Subject(Box<Subject>),
    /// `target`.
    Target(Box<Target>),
    /// `example`.
    Example(Example),
}

/// `target "label" by DATE { … }`: a collective goal measured on the audited roster.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Its label.
    pub name: Name,
    /// The deadline.
    pub by: Option<DateLit>,
    /// `source` lines (the first is the citation).
    pub sources: Vec<Name>,
    /// `from`.
    pub from: Option<DateLit>,
    /// `until`.
    pub until: Option<DateLit>,
    /// The clauses; all must hold.
    pub clauses: Vec<TargetClause>,
}

/// One clause of a target: how many of the population must have the condition.
#[derive(Debug, Clone)]
pub(crate) struct TargetClause {
    /// The required amount.
    pub amount: Amount,
    /// `where …`: who counts in the population (everyone audited when absent).
    pub population: Option<Condition>,
    /// `have …`: what they must have.
    pub have: Condition,
    /// The whole clause.
    pub span: Span,
}

/// How much of the population must have the condition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Amount {
    /// `at least P% of staff`.
    AtLeastShare(f64),
    /// `at most P% of staff`.
    AtMostShare(f64),
    /// `between P% and Q% of staff`.
    BetweenShares(f64, f64),
    /// `at least N people`.
    AtLeastPeople(u32),
    /// `at most N people`.
    AtMostPeople(u32),
}

impl Amount {
    /// As written: `at least 100%`, `between 5% and 10%`, `at least 3 people`.
    pub(crate) fn text(self) -> String {
        match self {
            Amount::AtLeastShare(p) => format!("at least {p}%"),
            Amount::AtMostShare(p) => format!("at most {p}%"),
            Amount::BetweenShares(a, b) => format!("between {a}% and {b}%"),
            Amount::AtLeastPeople(n) => format!("at least {n} people"),
            Amount::AtMostPeople(n) => format!("at most {n} people"),
        }
    }
}

/// `scale NAME "label" { levels }`.
#[derive(Debug, Clone)]
pub(crate) struct Scale {
    /// The scale's name.
    pub name: Name,
    /// Its human label.
    pub label: Option<Name>,
    /// Levels, lowest first.
    pub levels: Vec<Level>,
}

/// One level of a scale.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    /// The canonical spelling.
    pub name: Name,
    /// Other spellings found in rosters.
    pub aliases: Vec<Name>,
    /// `equals "Other"`: counts as that level.
    pub equals: Option<Name>,
}

/// The declared type of a field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldType {
    /// A calendar date.
    Date,
    /// A number.
    Number,
    /// Free text.
    Text,
    /// Yes or no.
    YesNo,
    /// A level of the named scale.
    Scale(Name),
}

/// `field NAME: TYPE column … empty means …`.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// The field's name.
    pub name: Name,
    /// Its type (required except for the built-in fields).
    pub ty: Option<(FieldType, Span)>,
    /// Roster headers that feed it.
    pub columns: Vec<Name>,
    /// What an empty cell means.
    pub empty_means: Option<Name>,
    /// `by year`: one value per calendar year, from columns whose header holds the year.
    pub per_year: Option<Span>,
    /// `starts rank|position`: the date the person took up their rank or post.
    pub starts: Option<SubjectKind>,
}

/// Unit of a derived duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    /// Completed years.
    Years,
    /// Completed months.
    Months,
}

/// A moment a derived duration starts or ends at.
#[derive(Debug, Clone)]
pub(crate) enum Anchor {
    /// The audit date.
    Today,
    /// The day the person reaches retirement age (needs a `retirement` declaration).
    Retirement(Span),
    /// A fixed date.
    Date(DateLit),
    /// A date field.
    Field(Name),
}

/// `derived NAME = years since FIELD` / `months until retirement` / `months between A and B`.
#[derive(Debug, Clone)]
pub(crate) struct Derived {
    /// The derived field's name.
    pub name: Name,
    /// Years or months.
    pub unit: TimeUnit,
    /// Counted from.
    pub start: Anchor,
    /// Counted to.
    pub end: Anchor,
}

/// A duration in months, as written (`60 years 3 months`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Duration {
    /// Total months.
    pub months: u32,
    /// Where it stands.
    pub span: Span,
}

/// One line of a retirement schedule.
#[derive(Debug, Clone)]
pub(crate) struct RetirementLine {
    /// The sex it applies to (a level of the sex field's scale, or a text).
    pub sex: Name,
    /// Retirement age before the reform year.
    pub before: Duration,
    /// The reform year.
    pub year: u32,
    /// Retirement age in the reform year.
    pub first: Duration,
    /// Added each later year.
    pub step: Duration,
    /// The final age.
    pub last: Duration,
}

/// `retirement of BIRTH by SEX { … }`.
#[derive(Debug, Clone)]
pub(crate) struct Retirement {
    /// The birth-date field.
    pub birth: Name,
    /// The sex field.
    pub sex: Name,
    /// Citation. Parsed and laid out by `fmt`, but no report shows the schedule's own citation
    /// yet (the criteria that read ages cite it themselves).
    #[allow(dead_code)]
    pub source: Option<Name>,
    /// One line per sex.
    pub lines: Vec<RetirementLine>,
    /// The keyword, for pointing at the declaration.
    pub span: Span,
}

/// `training "CODE" "title" months N`.
#[derive(Debug, Clone)]
pub(crate) struct Training {
    /// The short code.
    pub code: Name,
    /// The full title.
    pub title: Option<Name>,
    /// Typical length.
    pub months: Option<u32>,
}

/// Rank or position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    /// A ngạch / hạng.
    Rank,
    /// A chức vụ.
    Position,
    /// A named group of criteria (`standard "…"`), taken by ranks and positions with
    /// `includes standard "…"`; never matched by a roster row.
    Standard,
}

impl SubjectKind {
    /// `rank` or `position`.
    pub fn keyword(self) -> &'static str {
        match self {
            SubjectKind::Rank => "rank",
            SubjectKind::Position => "position",
            SubjectKind::Standard => "standard",
        }
    }

    /// What it is called in Vietnamese reports.
    pub(crate) fn word_vi(self) -> &'static str {
        match self {
            SubjectKind::Rank => "ngạch / chức danh nghề nghiệp",
            SubjectKind::Position => "chức vụ, chức danh",
            SubjectKind::Standard => "nhóm tiêu chuẩn",
        }
    }
}

/// `rank "…" { … }` or `position "…" { … }`.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    /// Rank or position.
    pub kind: SubjectKind,
    /// Its name.
    pub name: Name,
    /// Its code (e.g. `01.003`).
    pub code: Option<Name>,
    /// Other spellings in rosters.
    pub aliases: Vec<Name>,
    /// `includes`.
    pub includes: Vec<Include>,
    /// `source` lines (the first is the citation).
    pub sources: Vec<Name>,
    /// `from`.
    pub from: Option<DateLit>,
    /// `until`.
    pub until: Option<DateLit>,
    /// `require` lines.
    pub requires: Vec<Require>,
    /// `appoint` / `promote` lines: conditions of entering it.
    pub entries: Vec<Entry>,
    /// `confirm` lines: conditions of entering it that the office confirms.
    pub confirms: Vec<Confirm>,
    /// `no standard "reason"`: no national standard exists.
    pub no_standard: Option<Name>,
    /// `repealed by "citation"`: what ended it after `until`.
    pub repealed_by: Option<Name>,
    /// `when CONDITION` in the header: whom the title applies to.
    pub when: Option<Condition>,
    /// The header `rank "…"` for pointing at the whole declaration.
    pub span: Span,
}

/// `includes rank "…"`.
#[derive(Debug, Clone)]
pub(crate) struct Include {
    /// What is included.
    pub kind: SubjectKind,
    /// Its name.
    pub name: Name,
}

/// One `require` line.
#[derive(Debug, Clone)]
pub(crate) struct Require {
    /// The optional label.
    pub label: Option<Name>,
    /// What must hold.
    pub test: Test,
    /// When it applies.
    pub when: Option<Condition>,
    /// The training that closes a gap.
    pub train: Option<Name>,
    /// Its own citation.
    pub source: Option<Name>,
    /// `from`.
    pub from: Option<DateLit>,
    /// `until`.
    pub until: Option<DateLit>,
    /// `exempt … if …` clauses.
    pub exempt: Vec<Exemption>,
    /// `grace …` clauses.
    pub grace: Vec<Grace>,
    /// The whole line.
    pub span: Span,
}

/// Which kind of entry condition a line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// `appoint`: a condition of being appointed to a position.
    Appoint,
    /// `promote`: a condition of being promoted to a rank or professional title.
    Promote,
}

impl EntryKind {
    /// `appoint` or `promote`.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            EntryKind::Appoint => "appoint",
            EntryKind::Promote => "promote",
        }
    }
}

/// One `appoint` / `promote` line: written like a `require` line.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Appoint or promote.
    pub kind: EntryKind,
    /// The condition, with the clauses a `require` line takes.
    pub require: Require,
}

/// `confirm "what" source "…"`.
#[derive(Debug, Clone)]
pub(crate) struct Confirm {
    /// What the office confirms.
    pub label: Name,
    /// The citation.
    pub source: Option<Name>,
    /// `from`.
    pub from: Option<DateLit>,
    /// `until`.
    pub until: Option<DateLit>,
}

/// `exempt "reason" if CONDITION`.
#[derive(Debug, Clone)]
pub(crate) struct Exemption {
    /// Why (shown in reports).
    pub reason: Option<Name>,
    /// Who is exempt.
    pub condition: Condition,
}

/// When a grace period ends.
#[derive(Debug, Clone)]
pub(crate) enum GraceEnd {
    /// `until DATE`.
    Until(DateLit),
    /// `N months after FIELD`.
    After {
        /// The length.
        length: Duration,
        /// The date field it runs from.
        field: Name,
    },
}

/// `grace "reason" until DATE if CONDITION`.
#[derive(Debug, Clone)]
pub(crate) struct Grace {
    /// Why (shown in reports).
    pub reason: Option<Name>,
    /// The deadline.
    pub end: GraceEnd,
    /// Who it applies to (everyone when absent).
    pub condition: Option<Condition>,
}

/// The body of a criterion.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// A condition of the language.
    Condition(Condition),
    /// `case GUARD: CONDITION …`: the first case whose guard holds decides.
    Cases(Vec<Case>),
    /// A rhai expression; `span` covers the text between the backticks.
    Script {
        /// The rhai source.
        text: String,
        /// Where the text stands.
        span: Span,
    },
}

/// One `case GUARD: CONDITION` of a criterion.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    /// Whom the case is for.
    pub guard: Condition,
    /// What it requires of them.
    pub test: Condition,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// `>=`.
    Ge,
    /// `>`.
    Gt,
    /// `<=`.
    Le,
    /// `<`.
    Lt,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
}

impl Op {
    /// The operator as written in rules.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }

    /// True for the ordering operators.
    pub(crate) fn is_ordering(self) -> bool {
        !matches!(self, Op::Eq | Op::Ne)
    }
}

/// A literal value in a condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ValueKind {
    /// Quoted text (a level name for a scale field).
    Text(String),
    /// A number.
    Number(f64),
    /// A date.
    Date(Date),
    /// `yes` / `no`.
    Bool(bool),
    /// `today`: the date of the audit or of the eligibility question.
    Today,
}

/// A literal with its place.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    /// What it is.
    pub kind: ValueKind,
    /// Where.
    pub span: Span,
}

/// A condition as written.
#[derive(Debug, Clone)]
pub(crate) enum Condition {
    /// `a or b`.
    Or(Vec<Condition>),
    /// `a and b`.
    And(Vec<Condition>),
    /// `not a`.
    Not(Box<Condition>),
    /// `field OP value`.
    Compare {
        /// The field.
        field: Name,
        /// The operator.
        op: Op,
        /// The value.
        value: Value,
    },
    /// `field in [values]`.
    In {
        /// The field.
        field: Name,
        /// The values.
        values: Vec<Value>,
    },
    /// A bare yes/no field.
    Field(Name),
    /// `holds rank "…"` / `holds position "…"`.
    Holds {
        /// Rank or position.
        kind: SubjectKind,
        /// Its name.
        name: Name,
    },
    /// `field contains ["word", …]`.
    Contains {
        /// The text field.
        field: Name,
        /// The words.
        words: Vec<Name>,
    },
    /// `meets "criterion"` (Some) or `meets all standards` (None): targets only.
    Meets(Option<Name>, Span),
    /// `planned position "…"`: the person's planned posts include it.
    Planned {
        /// Rank or position.
        kind: SubjectKind,
        /// Its name.
        name: Name,
    },
    /// `each of last N years FIELD OP VALUE` / `at least K of last N years …`.
    Yearly {
        /// `each` (None) or `at least K` (Some(K)).
        at_least: Option<u32>,
        /// N: how many completed calendar years before the evaluation date.
        last: u32,
        /// The `by year` field.
        field: Name,
        /// The operator.
        op: Op,
        /// The value.
        value: Value,
    },
    /// `FIELD is empty`.
    IsEmpty(Name),
}

/// `example "…" on DATE { staff { … } expect … }`.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    /// Its name.
    pub name: Name,
    /// The audit date it runs on.
    pub on: Option<DateLit>,
    /// `for position "…"`: the post whose entry the example asks about.
    pub for_subject: Option<(SubjectKind, Name)>,
    /// The person's values, as a roster would hold them.
    pub staff: Vec<(Name, Name)>,
    /// Further people (more `staff` blocks): a small roster for target expectations.
    pub more_staff: Vec<Vec<(Name, Name)>>,
    /// What must come out.
    pub expects: Vec<Expect>,
}

/// One `expect` line.
#[derive(Debug, Clone)]
pub(crate) enum Expect {
    /// `expect unmet education`.
    Verdict {
        /// `met`, `unmet` or `unknown`.
        verdict: Name,
        /// The criterion's name.
        criterion: Name,
    },
    /// `expect status gaps`.
    Status(Name),
    /// `expect eligibility eligible|not_eligible|to_confirm`.
    Eligibility(Name),
    /// `expect target "label" short N`.
    Target {
        /// The target's label.
        label: Name,
        /// People short, all clauses together.
        short: u32,
    },
}
