//! Ranks, positions and their criteria lowered from the syntax tree: versions, criteria with
//! their trainings, citations, exemptions and grace periods, scripts compiled. Conditions are
//! resolved by `conditions.rs`; they are printed back as rule text by `crate::render`.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::normalize::text_key;
use crate::render::written_condition;
use crate::ruleset::{
    ConfirmItem, Criterion, Deadline, Exemption, GracePeriod, Origin, Period, Subject, Test,
};
use crate::script::span_in_rules;
use crate::source::Span;
use crate::suggest::help_for;
use crate::syntax::ast::{self, Item, SubjectKind};

/// The field `planned position "…"` reads: the person's planned posts (quy hoạch), several
/// allowed, written as positions are.
pub(crate) const PLANNED_FIELD: &str = "planned_posts";

use super::Checker;

impl Checker {
    /// Resolves every rank and position of every file.
    pub(super) fn subjects(&mut self, files: &[ast::RuleFile]) {
        for file in files {
            let file_period = Period {
                from: file.from.map(|d| d.date),
                until: file.until.map(|d| d.date),
            };
            for item in &file.items {
                if let Item::Subject(s) = item {
                    let subject = self.subject(s, file_period);
                    self.rules.subjects.push(subject);
                }
            }
        }
    }

    fn subject(&mut self, s: &ast::Subject, file_period: Period) -> Subject {
        let period = Period {
            from: s.from.map(|d| d.date).or(file_period.from),
            until: s.until.map(|d| d.date).or(file_period.until),
        };
        let source = s.sources.first().map(|n| n.text.clone());
        if let Some(reason) = &s.no_standard
            && s.kind != SubjectKind::Standard
            && (!s.requires.is_empty() || !s.includes.is_empty())
        {
            self.error(
                Diagnostic::error(
                    Code::ConflictingStandard,
                    format!(
                        "`{}` says `no standard` but also states criteria",
                        s.name.text
                    ),
                )
                .label(reason.span, "no standard")
                .help("remove the `require` and `includes` lines, or the `no standard` line"),
            );
        }
        if let Some(repealed) = &s.repealed_by
            && s.until.is_none()
            && file_period.until.is_none()
        {
            self.error(
                Diagnostic::error(
                    Code::ConflictingStandard,
                    format!(
                        "`{}` is `repealed by` a text but has no `until`",
                        s.name.text
                    ),
                )
                .label(repealed.span, "repealed without an end date")
                .help("write `until` the last day the standard applied"),
            );
        }
        if s.kind == SubjectKind::Standard
            && let Some(said) = s.no_standard.as_ref().or(s.repealed_by.as_ref())
        {
            self.error(
                Diagnostic::error(
                    Code::ConflictingStandard,
                    format!(
                        "the named standard `{}` cannot say `no standard` or `repealed by`",
                        s.name.text
                    ),
                )
                .label(said.span, "here")
                .help("a named standard is a group of criteria: end it with `until`, and say `no standard` on the ranks and positions that include it"),
            );
        }
        let mut criteria = Vec::new();
        for r in &s.requires {
            if let Some(c) = self.criterion(r, source.as_deref(), period) {
                criteria.push(c);
            }
        }
        let mut entries = Vec::new();
        for e in &s.entries {
            let fits = match e.kind {
                ast::EntryKind::Appoint => s.kind == SubjectKind::Position,
                ast::EntryKind::Promote => s.kind == SubjectKind::Rank,
            };
            if !fits {
                let (meant, kind) = match s.kind {
                    SubjectKind::Rank => ("promote", "rank"),
                    SubjectKind::Position => ("appoint", "position"),
                    // entry conditions belong to one post; `includes` copies `require` only
                    SubjectKind::Standard => ("require", "standard"),
                };
                self.error(
                    Diagnostic::error(
                        Code::MisplacedEntry,
                        if s.kind == SubjectKind::Standard {
                            format!(
                                "`{}` in the named standard `{}`: a condition of entering belongs to one post, and `includes` copies `require` lines only",
                                e.kind.keyword(),
                                s.name.text
                            )
                        } else {
                            format!(
                                "`{}` on {kind} `{}`: a position is entered by `appoint`, a rank by `promote`",
                                e.kind.keyword(),
                                s.name.text
                            )
                        },
                    )
                    .label(Span::new(e.require.span.file, e.require.span.start, e.require.span.start + e.kind.keyword().len()), "here")
                    .help(format!("write `{meant}`")),
                );
            }
            if let Some(c) = self.criterion(&e.require, source.as_deref(), period) {
                entries.push(c);
            }
        }
        let confirms = s
            .confirms
            .iter()
            .map(|c| ConfirmItem {
                label: c.label.text.clone(),
                source: c
                    .source
                    .as_ref()
                    .map(|s| s.text.clone())
                    .or_else(|| source.clone()),
                period: Period {
                    from: c.from.map(|d| d.date),
                    until: c.until.map(|d| d.date),
                }
                .within(&period),
            })
            .collect();
        Subject {
            kind: s.kind,
            name: s.name.text.clone(),
            code: s.code.as_ref().map(|c| c.text.clone()),
            aliases: s.aliases.iter().map(|a| a.text.clone()).collect(),
            period,
            source,
            include_names: s
                .includes
                .iter()
                .map(|i| (i.name.text.clone(), i.name.span))
                .collect(),
            includes: s
                .includes
                .iter()
                .map(|i| (i.kind, text_key(&i.name.text)))
                .collect(),
            criteria,
            entries,
            confirms,
            no_standard: s.no_standard.as_ref().map(|n| n.text.clone()),
            repealed_by: s.repealed_by.as_ref().map(|n| n.text.clone()),
            when: s
                .when
                .as_ref()
                .and_then(|w| self.condition(w).map(|c| (c, written_condition(w)))),
            span: s.span,
        }
    }

    fn criterion(
        &mut self,
        r: &ast::Require,
        inherited_source: Option<&str>,
        outer: Period,
    ) -> Option<Criterion> {
        let own = Period {
            from: r.from.map(|d| d.date),
            until: r.until.map(|d| d.date),
        };
        let (test, name, written) = match &r.test {
            ast::Test::Condition(c) => {
                let cond = self.condition(c);
                let first_field = first_field(c);
                let name = r.label.as_ref().map(|l| l.text.clone()).or(first_field);
                (
                    cond.map(Test::Cond),
                    name.unwrap_or_default(),
                    written_condition(c),
                )
            }
            ast::Test::Cases(cases) => {
                let mut resolved = Vec::new();
                let mut ok = true;
                for case in cases {
                    let guard = self.condition(&case.guard);
                    let test = self.condition(&case.test);
                    match (guard, test) {
                        (Some(guard), Some(test)) => resolved.push(crate::ruleset::Case {
                            guard,
                            test,
                            written: written_condition(&case.test),
                            guard_written: written_condition(&case.guard),
                        }),
                        _ => ok = false,
                    }
                }
                let first_field = cases.first().and_then(|c| first_field(&c.test));
                let name = r.label.as_ref().map(|l| l.text.clone()).or(first_field);
                let written = cases
                    .iter()
                    .map(|c| {
                        format!(
                            "case {}: {}",
                            written_condition(&c.guard),
                            written_condition(&c.test)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                (
                    ok.then_some(Test::Cases(resolved)),
                    name.unwrap_or_default(),
                    written,
                )
            }
            ast::Test::Script { text, span } => {
                let test = self.script(text, *span);
                let Some(label) = &r.label else {
                    self.error(
                        Diagnostic::error(Code::MissingLabel, "a script criterion needs a label")
                            .label(Span::new(r.span.file, r.span.start, span.start), "no label")
                            .help("write `require \"what it checks\" script `…``"),
                    );
                    return None;
                };
                (test, label.text.clone(), format!("script `{text}`"))
            }
        };
        let when = r.when.as_ref().and_then(|w| self.condition(w));
        let training = r.train.as_ref().and_then(|t| self.training_ref(t));
        let mut exemptions = Vec::new();
        for e in &r.exempt {
            if let Some(cond) = self.condition(&e.condition) {
                exemptions.push(Exemption {
                    reason: e
                        .reason
                        .as_ref()
                        .map_or_else(|| written_condition(&e.condition), |r| r.text.clone()),
                    cond,
                });
            }
        }
        let mut grace = Vec::new();
        for g in &r.grace {
            let deadline = match &g.end {
                ast::GraceEnd::Until(d) => Some(Deadline::Date(d.date)),
                ast::GraceEnd::After { length, field } => {
                    self.date_field(field).map(|field| Deadline::After {
                        months: length.months,
                        field,
                    })
                }
            };
            let cond = match &g.condition {
                Some(c) => self.condition(c).map(Some),
                None => Some(None),
            };
            if let (Some(deadline), Some(cond)) = (deadline, cond) {
                grace.push(GracePeriod {
                    reason: g.reason.as_ref().map(|r| r.text.clone()),
                    deadline,
                    cond,
                });
            }
        }
        let origin = Origin {
            span: r.span,
            location: self.location(r.span),
        };
        Some(Criterion {
            name,
            test: test?,
            when,
            training,
            exemptions,
            grace,
            source: r
                .source
                .as_ref()
                .map(|s| s.text.clone())
                .or(inherited_source.map(str::to_string)),
            period: own.within(&outer),
            written,
            when_written: r.when.as_ref().map(written_condition),
            origin,
        })
    }

    fn training_ref(&mut self, t: &ast::Name) -> Option<usize> {
        if let Some(&id) = self.training_ids.get(&text_key(&t.text)) {
            return Some(id);
        }
        let codes: Vec<&str> = self
            .rules
            .trainings
            .iter()
            .map(|t| t.code.as_str())
            .collect();
        let help = help_for(&t.text, "trainings", &codes)
            .or_else(|| Some("declare it with `training \"CODE\" \"title\"`".to_string()));
        self.error(
            Diagnostic::error(
                Code::UnknownTraining,
                format!("`{}` is not a declared training", t.text),
            )
            .label(t.span, "unknown training")
            .maybe_help(help),
        );
        None
    }

    fn script(&mut self, text: &str, span: Span) -> Option<Test> {
        match self.engine.compile_expression(text) {
            Ok(ast) => {
                // `staff.NAME` must name a field: a typo would otherwise fail everyone silently
                let mut all_known = true;
                for (at, name) in staff_fields(text) {
                    if self.rules.field(name).is_none() {
                        all_known = false;
                        let start = span.start + at;
                        let help = help_for(name, "fields", &self.field_names());
                        self.error(
                            Diagnostic::error(
                                Code::UnknownField,
                                format!("`staff.{name}`: `{name}` is not a field"),
                            )
                            .label(
                                Span::new(span.file, start, start + name.len()),
                                "unknown field",
                            )
                            .maybe_help(help),
                        );
                    }
                }
                let mut reads: Vec<String> = Vec::new();
                for (_, name) in staff_fields(text) {
                    if !reads.iter().any(|r| r == name) {
                        reads.push(name.to_string());
                    }
                }
                all_known.then(|| Test::Script {
                    ast: Arc::new(ast),
                    reads,
                })
            }
            Err(err) => {
                let at = span_in_rules(text, span, err.1);
                let message = err.0.to_string();
                self.error(
                    Diagnostic::error(
                        Code::ScriptCompile,
                        format!("the script does not compile: {message}"),
                    )
                    .label(at, "here")
                    .help("a script is one rhai expression; fields are read as `staff.NAME`"),
                );
                None
            }
        }
    }
}

/// Every `staff.NAME` of a script: the byte offset of NAME in the script, and NAME.
fn staff_fields(script: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(i) = script[rest..].find("staff.") {
        let start = rest + i + "staff.".len();
        let before_ok = rest + i == 0
            || !script[..rest + i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let len = script[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(script.len() - start);
        if before_ok && len > 0 {
            found.push((start, &script[start..start + len]));
        }
        rest = start;
    }
    found
}

/// The first field a condition names: the default name of its criterion.
fn first_field(c: &ast::Condition) -> Option<String> {
    match c {
        ast::Condition::And(p) | ast::Condition::Or(p) => p.iter().find_map(first_field),
        ast::Condition::Not(inner) => first_field(inner),
        ast::Condition::Holds { .. }
        | ast::Condition::Meets(..)
        | ast::Condition::Planned { .. } => None,
        ast::Condition::Yearly { field, .. } | ast::Condition::IsEmpty(field) => {
            Some(field.text.clone())
        }
        ast::Condition::Compare { field, .. }
        | ast::Condition::In { field, .. }
        | ast::Condition::Contains { field, .. }
        | ast::Condition::Field(field) => Some(field.text.clone()),
    }
}
