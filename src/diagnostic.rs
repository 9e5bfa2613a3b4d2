//! One shape for every problem found in rule files: a stable code, a message, labelled spans
//! and a help line, rendered with miette.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::source::{SourceMap, Span};

/// Stable identifiers of every kind of rule-file problem; tests and tools match on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Code {
    /// The text does not follow the grammar.
    Syntax,
    /// `=>`, `=` or `<>` where a comparison operator belongs.
    InvalidOperator,
    /// A string without its closing quote.
    UnclosedString,
    /// A date that is not a real yyyy-mm-dd date.
    InvalidDate,
    /// A scale name that no `scale` declares.
    UnknownScale,
    /// A level that its scale does not list.
    UnknownLevel,
    /// A field name that no `field` or `derived` declares.
    UnknownField,
    /// A training that no `training` declares.
    UnknownTraining,
    /// `includes rank "…"` naming no rank.
    UnknownRank,
    /// `includes position "…"` naming no position.
    UnknownPosition,
    /// `includes standard "…"` naming no `standard`.
    UnknownStandard,
    /// An example expecting a criterion that the person does not get.
    UnknownCriterion,
    /// Two scales with one name.
    DuplicateScale,
    /// Two levels (or aliases) of one scale with one name.
    DuplicateLevel,
    /// Two fields with one name, or two fields claiming one column header.
    DuplicateField,
    /// Two trainings with one code.
    DuplicateTraining,
    /// Two declarations of one rank or position in force on the same day.
    OverlappingPeriods,
    /// `until` before `from`.
    EmptyPeriod,
    /// `includes` that lead back to where they started.
    IncludeCycle,
    /// A field compared with a value of another type, or with an operator its type lacks.
    TypeMismatch,
    /// A field declared without a type.
    MissingType,
    /// A rhai script that does not compile.
    ScriptCompile,
    /// A script criterion without a label.
    MissingLabel,
    /// `no standard` beside criteria, or `repealed by` without `until`.
    ConflictingStandard,
    /// `meets` outside a target, or naming no criterion.
    MisplacedMeets,
    /// A share outside 0–100%, or `between` with the larger bound first.
    InvalidAmount,
    /// `expect target` naming no target.
    UnknownTarget,
    /// An example with several `staff` blocks that expects one person's verdict.
    ExampleRoster,
    /// `appoint` on a rank, `promote` on a position, or an eligibility expectation in an
    /// example without `for`.
    MisplacedEntry,
    /// A `by year` field read without `each of last N years`, or declared without `{year}` in
    /// its columns.
    YearlyField,
    /// Parentheses and `not` nested deeper than the language allows.
    NestingTooDeep,
    /// A name, alias or code two ranks (or two positions) answer to on the same days.
    AmbiguousSpelling,
    /// An example that expects nothing, or has the name of another example.
    UselessExample,
    /// Warning: a condition (a `require` test, `when`, `exempt` or `grace` clause) that can
    /// never hold: contradictory bounds, or a level beyond the ends of its scale.
    NeverHolds,
    /// Warning: a day inside a rank's or position's span with no version of it in force, or
    /// a version with no criterion in force on some day of its own period.
    PeriodGap,
    /// Warning: the same criterion twice on one rank or position (after includes).
    DuplicateCriterion,
    /// Warning: an include brings a weaker copy of a criterion the rank or position already
    /// states more strictly (both are reported).
    WeakerInclude,
    /// Warning: a `grace` deadline before the criterion is even in force.
    GraceBeforeFrom,
    /// Warning: a rank or position ended before the date checked, with nothing declared after
    /// it (audits then report its holders as having no standard).
    EndedWithoutSuccessor,
}

impl Code {
    /// The kebab-case name shown in brackets and used by tests.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::InvalidOperator => "invalid-operator",
            Code::UnclosedString => "unclosed-string",
            Code::InvalidDate => "invalid-date",
            Code::UnknownScale => "unknown-scale",
            Code::UnknownLevel => "unknown-level",
            Code::UnknownField => "unknown-field",
            Code::UnknownTraining => "unknown-training",
            Code::UnknownRank => "unknown-rank",
            Code::UnknownPosition => "unknown-position",
            Code::UnknownStandard => "unknown-standard",
            Code::UnknownCriterion => "unknown-criterion",
            Code::DuplicateScale => "duplicate-scale",
            Code::DuplicateLevel => "duplicate-level",
            Code::DuplicateField => "duplicate-field",
            Code::DuplicateTraining => "duplicate-training",
            Code::OverlappingPeriods => "overlapping-periods",
            Code::EmptyPeriod => "empty-period",
            Code::IncludeCycle => "include-cycle",
            Code::ConflictingStandard => "conflicting-standard",
            Code::MisplacedMeets => "misplaced-meets",
            Code::InvalidAmount => "invalid-amount",
            Code::UnknownTarget => "unknown-target",
            Code::ExampleRoster => "example-roster",
            Code::MisplacedEntry => "misplaced-entry",
            Code::YearlyField => "yearly-field",
            Code::NestingTooDeep => "nesting-too-deep",
            Code::AmbiguousSpelling => "ambiguous-spelling",
            Code::UselessExample => "useless-example",
            Code::NeverHolds => "never-holds",
            Code::PeriodGap => "period-gap",
            Code::DuplicateCriterion => "duplicate-criterion",
            Code::WeakerInclude => "weaker-include",
            Code::GraceBeforeFrom => "grace-before-from",
            Code::EndedWithoutSuccessor => "ended-without-successor",
            Code::TypeMismatch => "type-mismatch",
            Code::MissingType => "missing-type",
            Code::ScriptCompile => "script-compile",
            Code::MissingLabel => "missing-label",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in the rule files.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What kind of problem.
    pub(crate) code: Code,
    /// One lowercase line, user text in backticks.
    pub message: String,
    /// Where: the first label is the primary place.
    pub(crate) labels: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
    /// An error stops the rules from loading; a warning is shown by `check` (and refused by
    /// `check --deny-warnings`).
    pub warning: bool,
}

impl Diagnostic {
    /// A diagnostic without a place yet.
    pub(crate) fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            warning: false,
        }
    }

    /// A warning without a place yet: the rules load, `check` shows it.
    pub(crate) fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            warning: true,
            ..Diagnostic::error(code, message)
        }
    }

    /// Adds a labelled place.
    pub(crate) fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push((span, text.into()));
        self
    }

    /// Sets the help line.
    pub(crate) fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    /// Sets the help line when there is one.
    pub(crate) fn maybe_help(mut self, text: Option<String>) -> Self {
        self.help = text;
        self
    }

    /// Renders with miette's graphical handler; `color` false gives stable text for tests.
    pub(crate) fn render(&self, sources: &SourceMap, color: bool, width: usize) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(width)
            .with_links(false);
        let report = MietteReport::new(self, sources);
        let mut out = String::new();
        if handler.render_report(&mut out, &report).is_err() {
            out = format!(
                "{}[{}]: {}\n",
                report.severity_word(),
                self.code,
                self.message
            );
        }
        out
    }
}

/// A collector that keeps every diagnostic of a stage, in the order found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records one.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records several.
    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// True when nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many were found.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics, sorted by file and position so output is stable.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| {
            d.labels
                .first()
                .map(|(s, _)| (s.file, s.start))
                .unwrap_or_default()
        });
        self.items
    }

    /// Renders them all, one after another.
    pub fn render(self, sources: &SourceMap, color: bool, width: usize) -> String {
        self.into_sorted()
            .iter()
            .map(|d| d.render(sources, color, width))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The miette view of one diagnostic: its source is the file of its first label.
#[derive(Debug)]
struct MietteReport {
    warning: bool,
    code: String,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
}

impl MietteReport {
    fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let primary = d.labels.first().map(|(s, _)| s.file);
        let source = primary.map(|f| {
            let file = sources.get(f);
            NamedSource::new(file.name.clone(), file.text.to_string()).with_language("rules")
        });
        let labels = d
            .labels
            .iter()
            .filter(|(s, _)| Some(s.file) == primary)
            .map(|(s, text)| {
                LabeledSpan::new_with_span(
                    Some(text.clone()),
                    SourceSpan::new(s.start.into(), s.end.saturating_sub(s.start)),
                )
            })
            .collect();
        MietteReport {
            warning: d.warning,
            code: d.code.to_string(),
            message: d.message.clone(),
            help: d.help.clone(),
            source,
            labels,
        }
    }
}

impl MietteReport {
    fn severity_word(&self) -> &'static str {
        if self.warning { "warning" } else { "error" }
    }
}

impl fmt::Display for MietteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteReport {}

impl miette::Diagnostic for MietteReport {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{}[{}]", self.severity_word(), self.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}
