//! The condition type checker: every field, level, title and training a condition names is
//! resolved, and every comparison checked against the field's kind, with did-you-mean.

use crate::diagnostic::{Code, Diagnostic};
use crate::normalize::text_key;
use crate::ruleset::{Cond, Const, FieldId, FieldKind};
use crate::suggest::help_for;
use crate::syntax::ast::{self, Op, ValueKind};

use super::Checker;
use super::declarations::unknown_level;
use super::subjects::PLANNED_FIELD;

impl Checker {
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
    let written = crate::render::value_text(v);
    match v {
        ValueKind::Text(_) => format!("text `{written}`"),
        ValueKind::Number(_) => format!("the number `{written}`"),
        ValueKind::Date(_) => format!("the date `{written}`"),
        ValueKind::Bool(_) | ValueKind::Today => format!("`{written}`"),
    }
}
