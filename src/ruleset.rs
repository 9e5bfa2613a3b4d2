//! The checked rule set: every name resolved to an id, dates parsed, scripts compiled. Only
//! `check` builds one, so holding a `RuleSet` proves the rules are valid.

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{Op, SubjectKind, TimeUnit};

/// Index into [`RuleSet::scales`].
pub type ScaleId = usize;
/// Index into [`RuleSet::fields`].
pub type FieldId = usize;
/// Index into [`RuleSet::trainings`].
pub type TrainingId = usize;

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
    pub fn lookup(&self, key: &str) -> Option<u16> {
        self.index.get(key).copied()
    }

    /// Level names, for suggestions.
    pub fn level_names(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.name.as_str()).collect()
    }

    /// Every spelling (names and aliases), for suggestions.
    pub fn spellings(&self) -> Vec<&str> {
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
pub enum Builtin {
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
    /// Computed from a date field and the audit date instead of read.
    pub derived: Option<(TimeUnit, FieldId)>,
    /// One of the built-in fields.
    pub builtin: Option<Builtin>,
    /// Where it was declared (None for built-ins).
    pub span: Option<Span>,
}

/// A training course.
#[derive(Debug, Clone)]
pub struct Training {
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
    pub fn overlaps(&self, other: &Period) -> bool {
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
    pub fn within(&self, outer: &Period) -> Period {
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
pub enum Const {
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
}

/// A resolved condition.
#[derive(Debug, Clone)]
pub enum Cond {
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
}

impl Cond {
    /// Every field the condition reads, in order, without repeats.
    pub fn fields(&self, out: &mut Vec<FieldId>) {
        match self {
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.fields(out)),
            Cond::Not(c) => c.fields(out),
            Cond::Compare { field, .. } | Cond::In { field, .. } | Cond::Truthy(field) => {
                if !out.contains(field) {
                    out.push(*field);
                }
            }
        }
    }
}

/// What a criterion tests.
#[derive(Debug, Clone)]
pub enum Test {
    /// A condition of the language.
    Cond(Cond),
    /// A compiled rhai script and its text.
    Script {
        /// Compiled once during check.
        ast: Arc<rhai::AST>,
        /// The source text, for reports.
        text: String,
    },
}

/// Where a criterion was written, for reports and run-time script errors.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The `require` line.
    pub span: Span,
    /// `file:line:col`.
    pub location: String,
}

/// One `require` line, resolved.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Name shown in reports (`education`, or the label).
    pub name: String,
    /// What must hold.
    pub test: Test,
    /// When it applies (always when None).
    pub when: Option<Cond>,
    /// Training that closes a gap.
    pub training: Option<TrainingId>,
    /// Citation (own or inherited from the rank/position).
    pub source: Option<String>,
    /// In force (already narrowed to the subject's period).
    pub period: Period,
    /// The condition as written, for `required` in reports.
    pub written: String,
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
    /// Criteria.
    pub criteria: Vec<Criterion>,
    /// The header.
    pub span: Span,
}

/// What an example expects.
#[derive(Debug, Clone)]
pub enum Expectation {
    /// A criterion's verdict.
    Verdict {
        /// `met`, `unmet` or `unknown`.
        verdict: String,
        /// The criterion name.
        criterion: String,
    },
    /// The person's status.
    Status(String),
}

/// An `example` block.
#[derive(Debug, Clone)]
pub struct Example {
    /// Its name.
    pub name: String,
    /// The audit date (today when absent).
    pub on: Option<Date>,
    /// Field values as a roster would hold them.
    pub staff: Vec<(FieldId, String)>,
    /// What must come out.
    pub expects: Vec<Expectation>,
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
    /// Trainings.
    pub trainings: Vec<Training>,
    /// Every version of every rank and position.
    pub subjects: Vec<Subject>,
    /// Examples.
    pub examples: Vec<Example>,
}

impl RuleSet {
    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<FieldId> {
        self.fields.iter().position(|f| f.name == name)
    }
}
