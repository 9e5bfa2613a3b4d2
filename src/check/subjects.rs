//! Ranks, positions and their criteria: conditions resolved and type-checked, trainings and
//! citations attached, scripts compiled.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::normalize::text_key;
use crate::ruleset::{
    Cond, ConfirmItem, Const, Criterion, Deadline, Exemption, FieldId, FieldKind, GracePeriod,
    Origin, Period, Subject, Test,
};
use crate::script::span_in_rules;
use crate::source::Span;
use crate::suggest::help_for;
use crate::syntax::ast::{self, Item, Op, SubjectKind, ValueKind};

/// The field `planned position "…"` reads: the person's planned posts (quy hoạch), several
/// allowed, written as positions are.
pub(crate) const PLANNED_FIELD: &str = "planned_posts";

use super::Checker;
use super::declarations::unknown_level;

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
                    text: text.to_string(),
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

    /// Resolves a condition, reporting every unknown name and type mismatch in it.
    pub(super) fn condition(&mut self, c: &ast::Condition) -> Option<Cond> {
        match c {
            ast::Condition::And(parts) => {
                let parts: Vec<_> = parts.iter().map(|p| self.condition(p)).collect();
                Some(Cond::And(parts.into_iter().collect::<Option<_>>()?))
            }
            ast::Condition::Or(parts) => {
                let parts: Vec<_> = parts.iter().map(|p| self.condition(p)).collect();
                Some(Cond::Or(parts.into_iter().collect::<Option<_>>()?))
            }
            ast::Condition::Not(inner) => Some(Cond::Not(Box::new(self.condition(inner)?))),
            ast::Condition::Field(name) => {
                let field = self.plain_field_ref(name)?;
                if self.rules.fields[field].kind != FieldKind::YesNo {
                    let kind = self.kind_name(field);
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "`{}` holds {kind}, not yes/no, so it cannot stand alone",
                                name.text
                            ),
                        )
                        .label(name.span, "not a yes/no field")
                        .help(format!("compare it: `{} == …`", name.text)),
                    );
                    return None;
                }
                Some(Cond::Truthy(field))
            }
            ast::Condition::Compare { field, op, value } => {
                let id = self.plain_field_ref(field)?;
                let value = self.constant(id, field, *op, value)?;
                Some(Cond::Compare {
                    field: id,
                    op: *op,
                    value,
                })
            }
            ast::Condition::Meets(label, span) => self.meets(label.as_ref(), *span),
            ast::Condition::Holds { kind, name } => {
                let key = text_key(&name.text);
                self.pending_holds.push((*kind, key.clone(), name.clone()));
                Some(Cond::Holds { kind: *kind, key })
            }
            ast::Condition::Contains { field, words } => {
                let id = self.plain_field_ref(field)?;
                if self.rules.fields[id].kind != FieldKind::Text {
                    let kind = self.kind_name(id);
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!("`{}` holds {kind}; `contains` reads text", field.text),
                        )
                        .label(field.span, "not a text field")
                        .help("use `contains` on a `text` field, `in [ … ]` on levels"),
                    );
                    return None;
                }
                Some(Cond::Contains {
                    field: id,
                    words: words.iter().map(|w| text_key(&w.text)).collect(),
                })
            }
            ast::Condition::Planned { kind, name } => {
                let key = text_key(&name.text);
                self.pending_holds.push((*kind, key.clone(), name.clone()));
                let Some(field) = self.rules.field(PLANNED_FIELD) else {
                    self.error(
                        Diagnostic::error(
                            Code::UnknownField,
                            format!(
                                "`planned` reads the field `{PLANNED_FIELD}`, which is not declared"
                            ),
                        )
                        .label(name.span, "needs the planned posts")
                        .help(format!(
                            "declare `field {PLANNED_FIELD}: text column \"Chức danh quy hoạch\"`"
                        )),
                    );
                    return None;
                };
                Some(Cond::Planned {
                    kind: *kind,
                    key,
                    field,
                })
            }
            ast::Condition::Yearly {
                at_least,
                last,
                field,
                op,
                value,
            } => {
                let id = self.field_ref(field)?;
                let Some(years) = self.rules.fields[id].by_year else {
                    self.error(
                        Diagnostic::error(
                            Code::YearlyField,
                            format!("`{}` is not a `by year` field", field.text),
                        )
                        .label(field.span, "one value, not one per year")
                        .help("compare it directly, or declare it `by year`"),
                    );
                    return None;
                };
                if *last == 0 || at_least.is_some_and(|k| k == 0 || k > *last) {
                    self.error(
                        Diagnostic::error(
                            Code::InvalidAmount,
                            format!(
                                "`at least {} of last {last} years` cannot be counted",
                                at_least.unwrap_or(*last)
                            ),
                        )
                        .label(field.span, "here")
                        .help("the years are at least 1, and K of `at least K` is between 1 and N"),
                    );
                    return None;
                }
                let value = self.constant(id, field, *op, value)?;
                Some(Cond::Yearly {
                    field: id,
                    years,
                    last: *last,
                    at_least: *at_least,
                    op: *op,
                    value,
                })
            }
            ast::Condition::IsEmpty(name) => {
                let id = self.plain_field_ref(name)?;
                if self.rules.fields[id].derived.is_some() {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!("`{}` is computed, not read from a column", name.text),
                        )
                        .label(name.span, "never empty"),
                    );
                    return None;
                }
                Some(Cond::IsEmpty(id))
            }
            ast::Condition::In { field, values } => {
                let id = self.plain_field_ref(field)?;
                let values: Vec<_> = values
                    .iter()
                    .map(|v| self.constant(id, field, Op::Eq, v))
                    .collect();
                Some(Cond::In {
                    field: id,
                    values: values.into_iter().collect::<Option<_>>()?,
                })
            }
        }
    }

    /// The field a name refers to, or an `unknown-field` diagnostic with a suggestion.
    pub(super) fn field_ref(&mut self, name: &ast::Name) -> Option<FieldId> {
        if let Some(id) = self.rules.field(&name.text) {
            return Some(id);
        }
        let help = help_for(&name.text, "fields", &self.field_names());
        self.error(
            Diagnostic::error(
                Code::UnknownField,
                format!("`{}` is not a field", name.text),
            )
            .label(name.span, "unknown field")
            .maybe_help(help),
        );
        None
    }

    /// A field read as one value: a `by year` field is refused (it has one value per year).
    fn plain_field_ref(&mut self, name: &ast::Name) -> Option<FieldId> {
        let id = self.field_ref(name)?;
        if self.rules.fields[id].by_year.is_some() {
            self.error(
                Diagnostic::error(
                    Code::YearlyField,
                    format!("`{}` holds one value per year", name.text),
                )
                .label(name.span, "which year?")
                .help(format!(
                    "write `each of last 3 years {} …` or `at least 2 of last 5 years {} …`, or name one year: `{}_2025`",
                    name.text, name.text, name.text
                )),
            );
            return None;
        }
        Some(id)
    }

    fn kind_name(&self, field: FieldId) -> String {
        match self.rules.fields[field].kind {
            FieldKind::Scale(s) => format!("a level of `{}`", self.rules.scales[s].name),
            FieldKind::Date => "a date".to_string(),
            FieldKind::Number => "a number".to_string(),
            FieldKind::Text => "text".to_string(),
            FieldKind::YesNo => "yes/no".to_string(),
        }
    }

    /// Resolves a literal against the field it is compared with.
    fn constant(
        &mut self,
        field: FieldId,
        name: &ast::Name,
        op: Op,
        value: &ast::Value,
    ) -> Option<Const> {
        let kind = self.rules.fields[field].kind;
        let mismatch = |this: &mut Checker, expected: &str| {
            let kind_name = this.kind_name(field);
            this.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!(
                        "`{}` holds {kind_name}; it cannot be compared with {}",
                        name.text,
                        describe(&value.kind)
                    ),
                )
                .label(value.span, format!("expected {expected}")),
            );
            None
        };
        match (kind, &value.kind) {
            (FieldKind::Scale(s), ValueKind::Text(text)) => {
                let scale = &self.rules.scales[s];
                match scale.lookup(&text_key(text)) {
                    Some(level) => Some(Const::Level {
                        order: scale.levels[level as usize].order,
                        level,
                    }),
                    None => {
                        let d = unknown_level(
                            scale,
                            &ast::Name {
                                text: text.clone(),
                                span: value.span,
                            },
                        );
                        self.error(d);
                        None
                    }
                }
            }
            (FieldKind::Scale(s), _) => {
                let expected = format!("a level of `{}` in quotes", self.rules.scales[s].name);
                mismatch(self, &expected)
            }
            (FieldKind::Date, ValueKind::Date(d)) => Some(Const::Date(*d)),
            (FieldKind::Date, ValueKind::Today) => Some(Const::Today),
            (FieldKind::Date, _) => mismatch(self, "a date (yyyy-mm-dd)"),
            (FieldKind::Number, ValueKind::Number(n)) => Some(Const::Number(*n)),
            (FieldKind::Number, _) => mismatch(self, "a number"),
            (FieldKind::Text | FieldKind::YesNo, _) if op.is_ordering() => {
                let kind_name = self.kind_name(field);
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        format!("`{}` holds {kind_name}, which has no order", name.text),
                    )
                    .label(
                        value.span,
                        format!("`{}` needs an ordered field", op.symbol()),
                    )
                    .help("use `==`, `!=` or `in [ … ]`"),
                );
                None
            }
            (FieldKind::Text, ValueKind::Text(text)) => Some(Const::Text {
                key: text_key(text),
                written: text.clone(),
            }),
            (FieldKind::Text, _) => mismatch(self, "text in quotes"),
            (FieldKind::YesNo, ValueKind::Bool(b)) => Some(Const::Bool(*b)),
            (FieldKind::YesNo, _) => mismatch(self, "`yes` or `no`"),
        }
    }
}

/// "a number", "text `…`" for type-mismatch messages.
fn describe(v: &ValueKind) -> String {
    match v {
        ValueKind::Text(t) => format!("text `{t}`"),
        ValueKind::Number(n) => format!("the number `{n}`"),
        ValueKind::Date(d) => format!("the date `{d}`"),
        ValueKind::Bool(b) => format!("`{}`", if *b { "yes" } else { "no" }),
        ValueKind::Today => "`today`".to_string(),
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

/// A condition rendered back as rule text, for `required` in reports.
pub fn written_condition(c: &ast::Condition) -> String {
    let value = |v: &ast::Value| match &v.kind {
        ValueKind::Text(t) => t.clone(),
        ValueKind::Number(n) => n.to_string(),
        ValueKind::Date(d) => d.to_string(),
        ValueKind::Bool(b) => (if *b { "yes" } else { "no" }).to_string(),
        ValueKind::Today => "today".to_string(),
    };
    let nested = |c: &ast::Condition| match c {
        ast::Condition::And(_) | ast::Condition::Or(_) => format!("({})", written_condition(c)),
        _ => written_condition(c),
    };
    match c {
        ast::Condition::And(p) => p.iter().map(nested).collect::<Vec<_>>().join(" and "),
        ast::Condition::Or(p) => p.iter().map(nested).collect::<Vec<_>>().join(" or "),
        ast::Condition::Not(inner) => format!("not {}", nested(inner)),
        ast::Condition::Field(f) => f.text.clone(),
        ast::Condition::Compare {
            field,
            op,
            value: v,
        } => format!("{} {} {}", field.text, op.symbol(), value(v)),
        ast::Condition::In { field, values } => format!(
            "{} in [{}]",
            field.text,
            values.iter().map(value).collect::<Vec<_>>().join(", ")
        ),
        ast::Condition::Holds { kind, name } => format!("holds {} {}", kind.keyword(), name.text),
        ast::Condition::Meets(Some(label), _) => format!("meets \"{}\"", label.text),
        ast::Condition::Meets(None, _) => "meets all standards".to_string(),
        ast::Condition::Planned { kind, name } => {
            format!("planned {} {}", kind.keyword(), name.text)
        }
        ast::Condition::Yearly {
            at_least,
            last,
            field,
            op,
            value: v,
        } => format!(
            "{} of last {last} years {} {} {}",
            at_least.map_or_else(|| "each".to_string(), |k| format!("at least {k}")),
            field.text,
            op.symbol(),
            value(v)
        ),
        ast::Condition::IsEmpty(field) => format!("{} is empty", field.text),
        ast::Condition::Contains { field, words } => format!(
            "{} contains [{}]",
            field.text,
            words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
