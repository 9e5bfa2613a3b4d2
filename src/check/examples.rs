//! `example` blocks: their fields exist and they expect criteria the rules have.

use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::{Example, Expectation};
use crate::suggest::help_for;
use crate::syntax::ast::{self, Expect, Item};

use super::Checker;

impl Checker {
    pub(super) fn examples(&mut self, files: &[ast::RuleFile]) {
        let mut criteria: Vec<String> = self
            .rules
            .subjects
            .iter()
            .flat_map(|s| s.criteria.iter().map(|c| c.name.clone()))
            .collect();
        criteria.sort();
        criteria.dedup();
        for item in files.iter().flat_map(|f| &f.items) {
            let Item::Example(e) = item else { continue };
            let mut staff = Vec::new();
            for (field, value) in &e.staff {
                match self.rules.field(&field.text) {
                    Some(id) => staff.push((id, value.text.clone())),
                    None => {
                        let help = help_for(&field.text, "fields", &self.field_names());
                        self.error(
                            Diagnostic::error(
                                Code::UnknownField,
                                format!("`{}` is not a field", field.text),
                            )
                            .label(field.span, "unknown field")
                            .maybe_help(help),
                        );
                    }
                }
            }
            let mut expects = Vec::new();
            for x in &e.expects {
                match x {
                    Expect::Status(s) => expects.push(Expectation::Status(s.text.clone())),
                    Expect::Verdict { verdict, criterion } => {
                        if !criteria.contains(&criterion.text) {
                            let names: Vec<&str> = criteria.iter().map(String::as_str).collect();
                            let help = help_for(&criterion.text, "criteria", &names);
                            self.error(
                                Diagnostic::error(
                                    Code::UnknownCriterion,
                                    format!(
                                        "no rank or position has a criterion named `{}`",
                                        criterion.text
                                    ),
                                )
                                .label(criterion.span, "unknown criterion")
                                .maybe_help(help),
                            );
                            continue;
                        }
                        expects.push(Expectation::Verdict {
                            verdict: verdict.text.clone(),
                            criterion: criterion.text.clone(),
                        });
                    }
                }
            }
            let location = self.location(e.name.span);
            self.rules.examples.push(Example {
                name: e.name.text.clone(),
                on: e.on.map(|d| d.date),
                staff,
                expects,
                location,
            });
        }
    }
}
