//! The checked rule set: every name resolved to an id, dates parsed, scripts compiled. Only
//! `check` builds one, so holding a `RuleSet` proves the rules are valid.

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{Op, SubjectKind, TimeUnit};

/// Index into [`RuleSet::scales`].
pub(crate) type ScaleId = usize;
/// Index into [`RuleSet::fields`].
pub(crate) type FieldId = usize;
/// Index into [`RuleSet::trainings`].
pub(crate) type TrainingId = usize;

/// An ordered scale of levels.
#[derive(Debug, Clone)]
pub struct Scale {
    /// Its name in rules (`education`).
    pub name: String,
    /// Its human label.
    pub label: String,
    /// Levels in declaration order.
    pub levels: Vec<Level>,
    /// Text key of every level name and alias → level index.
    pub index: HashMap<String, u16>,
}

impl Scale {
    /// The level a text names, after normalisation.
    pub(crate) fn lookup(&self, key: &str) -> Option<u16> {
        self.index.get(key).copied()
    }

    /// Level names, for suggestions.
    pub(crate) fn level_names(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.name.as_str()).collect()
    }

    /// Every spelling (names and aliases), for suggestions.
    pub(crate) fn spellings(&self) -> Vec<&str> {
        self.levels
            .iter()
            .flat_map(|l| {
                std::iter::once(l.name.as_str()).chain(l.aliases.iter().map(String::as_str))
            })
            .collect()
    }
}

/// One level.
#[derive(Debug, Clone)]
pub struct Level {
    /// Canonical name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Position on the scale; two levels share one when `equals` ties them.
    pub order: u8,
}

/// The built-in fields every roster may carry, matched without declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    /// The person's id.
    Id,
    /// Full name.
    Name,
    /// Rank (ngạch / hạng) by name.
    Rank,
    /// Rank code (mã ngạch).
    RankCode,
    /// Positions held, `;`-separated.
    Positions,
    /// Unit (đơn vị).
    Unit,
}

/// What values a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A level of a scale.
    Scale(ScaleId),
    /// A date.
    Date,
    /// A number.
    Number,
    /// Text.
    Text,
    /// Yes or no.
    YesNo,
}

/// A roster field, declared, derived or built in.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its name in rules.
    pub name: String,
    /// Its type.
    pub kind: FieldKind,
    /// Roster headers (the name itself matches too).
    pub columns: Vec<String>,
    /// Level an empty cell stands for.
    pub empty_means: Option<u16>,
    /// Computed from dates instead of read.
    pub(crate) derived: Option<DerivedSpec>,
    /// One of the built-in fields.
    pub(crate) builtin: Option<Builtin>,
    /// Where it was declared (None for built-ins).
    pub(crate) span: Option<Span>,
    /// A `by year` field: where its one-field-per-year values are.
    pub(crate) by_year: Option<ByYear>,
    /// One year of a `by year` field: the field and the year.
    pub year_of: Option<(FieldId, i32)>,
    /// `starts rank|position`: the date the person took up their rank or post.
    pub starts: Option<SubjectKind>,
}

/// The per-year fields of a `by year` field: `first_field` holds year `first`, the next field
/// the next year, `count` years in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByYear {
    /// The first year.
    pub first: i32,
    /// The field of the first year.
    pub first_field: FieldId,
    /// How many years.
    pub count: u32,
}

impl ByYear {
    /// The field that holds `year`, when the range has it.
    pub(crate) fn field(&self, year: i32) -> Option<FieldId> {
        let offset = year.checked_sub(self.first)?;
        (offset >= 0 && (offset as u32) < self.count).then(|| self.first_field + offset as usize)
    }
}

/// The years of a `by year` field that a condition reads on a date: the `last` completed
/// calendar years before the date's year, oldest first.
pub(crate) fn window(as_of: Date, last: u32) -> impl Iterator<Item = i32> {
    let year = as_of.year();
    (year - last as i32..year).filter(|y| *y > 0)
}

/// A moment a derived duration is counted from or to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moment {
    /// The audit date.
    Today,
    /// A fixed date.
    Date(Date),
    /// The date in a date field.
    Field(FieldId),
    /// The day the person reaches retirement age ([`RetirementSchedule`]).
    Retirement,
}

/// How a derived field is computed: whole years or months from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DerivedSpec {
    /// Years or months.
    pub unit: TimeUnit,
    /// Counted from.
    pub start: Moment,
    /// Counted to.
    pub end: Moment,
}

/// Which value of the sex field a retirement line applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SexKey {
    /// A level of the field's scale.
    Level(u16),
    /// A text key.
    Text(String),
}

/// One line of the retirement schedule: the age is `before` until `year`, `first` in `year`,
/// then rises by `step` each year up to `last` (NĐ 135/2020/NĐ-CP, Điều 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RetirementRule {
    /// The sex it applies to.
    pub sex: SexKey,
    /// The sex as written.
    pub sex_name: String,
    /// Months of age before the reform year.
    pub before: u32,
    /// The reform year.
    pub year: i32,
    /// Months of age in the reform year.
    pub first: u32,
    /// Months added each year after.
    pub step: u32,
    /// Months of age at the end of the rise.
    pub last: u32,
}

impl RetirementRule {
    /// The retirement age, in months, for someone reaching it in `year`.
    pub(crate) fn age_in(&self, year: i32) -> u32 {
        if year < self.year {
            return self.before;
        }
        let rise = self.step.saturating_mul((year - self.year) as u32);
        if self.first <= self.last {
            self.first.saturating_add(rise).min(self.last)
        } else {
            self.first.saturating_sub(rise).max(self.last)
        }
    }

    /// The day someone born on `birth` reaches retirement age: the first year whose age,
    /// added to the birth date, falls in that year or earlier.
    pub(crate) fn retirement_date(&self, birth: Date) -> Option<Date> {
        let first_year = birth.year() + (self.before.min(self.last) / 12) as i32 - 1;
        (first_year..first_year + 100).find_map(|year| {
            let date = birth.add_months(self.age_in(year) as i32)?;
            (date.year() <= year).then_some(date)
        })
    }
}

/// `retirement of BIRTH by SEX { … }`: the statutory retirement age, written once.
#[derive(Debug, Clone)]
pub(crate) struct RetirementSchedule {
    /// The birth-date field.
    pub birth: FieldId,
    /// The sex field.
    pub sex: FieldId,
    /// One rule per sex.
    pub rules: Vec<RetirementRule>,
}

/// A training course.
#[derive(Debug, Clone)]
pub(crate) struct Training {
    /// Short code.
    pub code: String,
    /// Full title (the code when none was given).
    pub title: String,
    /// Typical length.
    pub months: Option<u32>,
}

/// A period in force: both ends inclusive, open when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// First day.
    pub from: Option<Date>,
    /// Last day.
    pub until: Option<Date>,
}

impl Period {
    /// True when `date` falls inside.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }

    /// True when the two share at least one day.
    pub(crate) fn overlaps(&self, other: &Period) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(f), Some(u)) => f <= u,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.until) {
            (Some(f), Some(u)) => f <= u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }

    /// The narrower of two periods (a criterion inside its rank).
    pub(crate) fn within(&self, outer: &Period) -> Period {
        Period {
            from: self.from.max(outer.from).or(self.from).or(outer.from),
            until: match (self.until, outer.until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// A resolved constant in a condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    /// A level: its order and its index in the scale.
    Level {
        /// Order on the scale.
        order: u8,
        /// Index of the level.
        level: u16,
    },
    /// A number.
    Number(f64),
    /// A date.
    Date(Date),
    /// Text: its key and as written.
    Text {
        /// Normalised key.
        key: String,
        /// As written.
        written: String,
    },
    /// Yes or no.
    Bool(bool),
    /// The evaluation date (`today`).
    Today,
}

/// A resolved condition.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    /// All hold.
    And(Vec<Cond>),
    /// One holds.
    Or(Vec<Cond>),
    /// Does not hold.
    Not(Box<Cond>),
    /// `field OP value`.
    Compare {
        /// Field compared.
        field: FieldId,
        /// Operator.
        op: Op,
        /// Value.
        value: Const,
    },
    /// `field in [..]`.
    In {
        /// Field.
        field: FieldId,
        /// Values.
        values: Vec<Const>,
    },
    /// A yes/no field says yes.
    Truthy(FieldId),
    /// The person's rank (or one of their positions) is the one with this name key.
    Holds {
        /// Rank or position.
        kind: SubjectKind,
        /// Text key of its name.
        key: String,
    },
    /// A text field holds one of the words (text keys).
    Contains {
        /// The text field.
        field: FieldId,
        /// Text keys of the words.
        words: Vec<String>,
    },
    /// The person meets the criterion with this name (Some), or every standard (None): read
    /// from the person's own findings, so only targets use it.
    Meets(Option<String>),
    /// The person's planned posts (read from `field`) include the one with this name key.
    Planned {
        /// Rank or position.
        kind: SubjectKind,
        /// Text key of its name.
        key: String,
        /// The text field listing planned posts.
        field: FieldId,
    },
    /// A `by year` field over the last completed years: every year (`at_least` None) or at
    /// least K of them satisfy `OP value`.
    Yearly {
        /// Its per-year fields.
        years: ByYear,
        /// How many completed years.
        last: u32,
        /// None for `each`, Some(K) for `at least K`.
        at_least: Option<u32>,
        /// Operator.
        op: Op,
        /// Value.
        value: Const,
    },
    /// The column exists and the cell is blank.
    IsEmpty(FieldId),
}

impl Cond {
    /// Every field the condition reads on the date `as_of`, in order, without repeats (a
    /// `by year` condition reads the fields of the years before that date).
    pub(crate) fn fields(&self, as_of: Date, out: &mut Vec<FieldId>) {
        match self {
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.fields(as_of, out)),
            Cond::Not(c) => c.fields(as_of, out),
            Cond::Holds { .. } | Cond::Meets(_) => {}
            Cond::Yearly { years, last, .. } => {
                for f in window(as_of, *last).filter_map(|y| years.field(y)) {
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
            }
            Cond::Compare { field, .. }
            | Cond::In { field, .. }
            | Cond::Truthy(field)
            | Cond::Contains { field, .. }
            | Cond::Planned { field, .. }
            | Cond::IsEmpty(field) => {
                if !out.contains(field) {
                    out.push(*field);
                }
            }
        }
    }
}

/// One `case GUARD: CONDITION` of a criterion, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    /// Whom the case is for.
    pub guard: Cond,
    /// What it requires of them.
    pub test: Cond,
    /// The requirement as written (`age < 62`), shown as `required` for the people it decides.
    pub written: String,
    /// The guard as written (`gender == Nam`).
    pub guard_written: String,
}

/// What a criterion tests.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// A condition of the language.
    Cond(Cond),
    /// The first case whose guard holds decides; none holding, the criterion does not apply.
    Cases(Vec<Case>),
    /// A compiled rhai script and its text.
    Script {
        /// Compiled once during check.
        ast: Arc<rhai::AST>,
        /// The fields it reads (`staff.NAME`): one that is missing for a person makes the
        /// answer unknown, whatever the script returns.
        reads: Vec<String>,
    },
}

/// A condition of entering a post that no roster shows (`confirm "…"`): the office confirms it.
#[derive(Debug, Clone)]
pub struct ConfirmItem {
    /// What the office confirms.
    pub label: String,
    /// Citation.
    pub source: Option<String>,
    /// When it applies.
    pub period: Period,
}

/// Where a criterion was written, for reports and run-time script errors.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The `require` line.
    pub(crate) span: Span,
    /// `file:line:col`.
    pub location: String,
}

/// `exempt "reason" if CONDITION`, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Exemption {
    /// Shown in reports.
    pub reason: String,
    /// Who is exempt.
    pub cond: Cond,
}

/// When a grace period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// A fixed last day.
    Date(Date),
    /// So many months after the date in a field.
    After {
        /// Months.
        months: u32,
        /// The date field.
        field: FieldId,
    },
}

/// `grace "reason" until DATE if CONDITION`, resolved.
#[derive(Debug, Clone)]
pub(crate) struct GracePeriod {
    /// Shown in reports.
    pub reason: Option<String>,
    /// The last day a gap is pending rather than unmet.
    pub deadline: Deadline,
    /// Who it applies to (everyone when None).
    pub cond: Option<Cond>,
}

/// One `require` line, resolved.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Name shown in reports (`education`, or the label).
    pub name: String,
    /// What must hold.
    pub(crate) test: Test,
    /// When it applies (always when None).
    pub(crate) when: Option<Cond>,
    /// Training that closes a gap.
    pub training: Option<TrainingId>,
    /// Who is exempt from it.
    pub(crate) exemptions: Vec<Exemption>,
    /// Grace periods during which a gap is pending.
    pub(crate) grace: Vec<GracePeriod>,
    /// Citation (own or inherited from the rank/position).
    pub source: Option<String>,
    /// In force (already narrowed to the subject's period).
    pub period: Period,
    /// The condition as written, for `required` in reports.
    pub written: String,
    /// The `when` condition as written (for `diff`).
    pub when_written: Option<String>,
    /// Where.
    pub origin: Origin,
}

/// A rank or a position, one dated version of it.
#[derive(Debug, Clone)]
pub struct Subject {
    /// Rank or position.
    pub kind: SubjectKind,
    /// Name.
    pub name: String,
    /// Code.
    pub code: Option<String>,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// In force.
    pub period: Period,
    /// Citation.
    pub source: Option<String>,
    /// Included ranks/positions, by kind and name key.
    pub includes: Vec<(SubjectKind, String)>,
    /// The included names as written, with where (same order as `includes`), for messages.
    pub(crate) include_names: Vec<(String, Span)>,
    /// Criteria.
    pub criteria: Vec<Criterion>,
    /// `appoint` / `promote` conditions (entering it), checked by eligibility only.
    pub entries: Vec<Criterion>,
    /// `confirm` items: conditions of entering it that the office confirms.
    pub confirms: Vec<ConfirmItem>,
    /// `no standard "reason"`: no national standard exists (then there are no criteria).
    pub no_standard: Option<String>,
    /// `repealed by "citation"`: the text that ended it after `until`.
    pub repealed_by: Option<String>,
    /// `when CONDITION` in the header, and as written: whom the title applies to.
    pub(crate) when: Option<(Cond, String)>,
    /// The header.
    pub(crate) span: Span,
}

/// What an example expects.
#[derive(Debug, Clone)]
pub(crate) enum Expectation {
    /// A criterion's verdict.
    Verdict {
        /// The verdict.
        verdict: crate::finding::Verdict,
        /// The criterion name.
        criterion: String,
    },
    /// The person's status.
    Status(crate::finding::Status),
    /// The eligibility for the example's `for` post.
    Eligibility(crate::eligibility::Standing),
    /// A target's clauses are this many people short in all, on the example's roster.
    Target {
        /// The target's label.
        label: String,
        /// People short.
        short: u32,
    },
}

/// A collective goal (a resolution's "chỉ tiêu"), measured on the audited roster.
#[derive(Debug, Clone)]
pub struct Target {
    /// Its label.
    pub name: String,
    /// The deadline.
    pub by: Date,
    /// Citation.
    pub source: Option<String>,
    /// When the target is in force (an audit after `until` does not measure it).
    pub period: Period,
    /// All must hold.
    pub(crate) clauses: Vec<TargetClause>,
    /// The rule file it is written in, without `.rules` (how `--targets NAME` picks it).
    pub file: String,
    /// `file:line:col`.
    pub location: String,
}

/// One clause of a target.
#[derive(Debug, Clone)]
pub(crate) struct TargetClause {
    /// How much of the population must have the condition.
    pub amount: crate::syntax::ast::Amount,
    /// Who counts (everyone audited when None).
    pub population: Option<Cond>,
    /// What they must have.
    pub have: Cond,
    /// The clause as written, for reports.
    pub written: String,
}

/// An `example` block.
#[derive(Debug, Clone)]
pub struct Example {
    /// Its name.
    pub name: String,
    /// `for position "…"`: the post whose entry the example asks about (kind, text key).
    pub for_subject: Option<(SubjectKind, String)>,
    /// The audit date (today when absent).
    pub on: Option<Date>,
    /// Field values as a roster would hold them.
    pub staff: Vec<(FieldId, String)>,
    /// Further people, for target expectations.
    pub more_staff: Vec<Vec<(FieldId, String)>>,
    /// What must come out.
    pub(crate) expects: Vec<Expectation>,
    /// `file:line:col`.
    pub location: String,
}

/// The whole checked rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The files, for reports that cite places.
    pub sources: SourceMap,
    /// Scales.
    pub scales: Vec<Scale>,
    /// Fields (built-ins first).
    pub fields: Vec<Field>,
    /// The retirement-age schedule, when declared.
    pub(crate) retirement: Option<RetirementSchedule>,
    /// Trainings.
    pub(crate) trainings: Vec<Training>,
    /// Every version of every rank and position.
    pub subjects: Vec<Subject>,
    /// Examples.
    pub examples: Vec<Example>,
    /// Collective targets.
    pub targets: Vec<Target>,
}

impl RuleSet {
    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<FieldId> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// The roster fields a field is computed from: itself when read, its dates (and the birth date
/// and sex behind `retirement`) when derived.
pub(crate) fn field_inputs(
    fields: &[Field],
    retirement: Option<&RetirementSchedule>,
    field: FieldId,
    out: &mut Vec<FieldId>,
) {
    let mut push = |f: FieldId| {
        if !out.contains(&f) {
            out.push(f);
        }
    };
    match fields[field].derived {
        None => push(field),
        Some(spec) => {
            for moment in [spec.start, spec.end] {
                match moment {
                    Moment::Field(f) => push(f),
                    Moment::Retirement => {
                        if let Some(r) = retirement {
                            push(r.birth);
                            push(r.sex);
                        }
                    }
                    Moment::Today | Moment::Date(_) => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RetirementRule, SexKey};
    use crate::date::Date;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    /// NĐ 135/2020/NĐ-CP, Điều 4: men 60y3m in 2021 rising 3 months a year to 62,
    /// women 55y4m in 2021 rising 4 months a year to 60.
    fn schedule() -> (RetirementRule, RetirementRule) {
        let rule = |before, first, step, last| RetirementRule {
            sex: SexKey::Level(0),
            sex_name: String::new(),
            before,
            year: 2021,
            first,
            step,
            last,
        };
        (rule(720, 723, 3, 744), rule(660, 664, 4, 720))
    }

    #[test]
    fn retirement_age_by_year() {
        let (men, women) = schedule();
        assert_eq!(men.age_in(2020), 720);
        assert_eq!(men.age_in(2023), 729); // 60 years 9 months
        assert_eq!(men.age_in(2028), 744);
        assert_eq!(men.age_in(2040), 744);
        assert_eq!(women.age_in(2023), 672); // 56 years
        assert_eq!(women.age_in(2035), 720);
    }

    #[test]
    fn retirement_date_uses_the_age_of_the_year_it_is_reached() {
        let (men, women) = schedule();
        // born 09/1961: 60y3m falls in 12/2021, still 2021
        assert_eq!(men.retirement_date(d("1961-09-10")), Some(d("2021-12-10")));
        // born 10/1961: 60y3m would be 01/2022, where the age is 60y6m
        assert_eq!(men.retirement_date(d("1961-10-10")), Some(d("2022-04-10")));
        // born before the reform reaches 60 before 2021
        assert_eq!(men.retirement_date(d("1960-05-01")), Some(d("2020-05-01")));
        assert_eq!(men.retirement_date(d("1970-01-01")), Some(d("2032-01-01")));
        assert_eq!(
            women.retirement_date(d("1980-06-15")),
            Some(d("2040-06-15"))
        );
        // born 03/1967: in 2022 the age is 55y8m, reached 11/2022
        assert_eq!(
            women.retirement_date(d("1967-03-01")),
            Some(d("2022-11-01"))
        );
    }
}
