//! `example` blocks: their fields exist and they expect criteria the rules have.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::eligibility::Standing;
use crate::finding::{Status, Verdict};
use crate::normalize::text_key;
use crate::ruleset::{Example, Expectation};
use crate::suggest::help_for;
use crate::syntax::ast::{self, Expect, Item};

use super::Checker;

impl Checker {
    /// One `staff` block: field names resolved, each unknown one reported.
    fn example_staff(&mut self, block: &[(ast::Name, ast::Name)]) -> Vec<(usize, String)> {
        let mut staff = Vec::new();
        for (field, value) in block {
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
        staff
    }

    pub(super) fn examples(&mut self, files: &[ast::RuleFile]) {
        let mut criteria: Vec<String> = self
            .rules
            .subjects
            .iter()
            .flat_map(|s| s.criteria.iter().chain(&s.entries).map(|c| c.name.clone()))
            .collect();
        criteria.sort();
        criteria.dedup();
        let mut names: HashMap<String, crate::source::Span> = HashMap::new();
        for item in files.iter().flat_map(|f| &f.items) {
            let Item::Example(e) = item else { continue };
            if e.expects.is_empty() {
                self.error(
                    Diagnostic::error(
                        Code::UselessExample,
                        format!("example `{}` expects nothing", e.name.text),
                    )
                    .label(e.name.span, "no `expect` line")
                    .help(
                        "say what must come out: `expect met education`, `expect status gaps`, …",
                    ),
                );
            }
            if let Some(first) = names.insert(e.name.text.clone(), e.name.span) {
                let at = self.location(first);
                self.error(
                    Diagnostic::error(
                        Code::UselessExample,
                        format!("two examples are named `{}`", e.name.text),
                    )
                    .label(e.name.span, "named again here")
                    .help(format!(
                        "the first is at {at}; a failing example is found by its name, so each needs its own"
                    )),
                );
            }
            let staff = self.example_staff(&e.staff);
            let more_staff: Vec<_> = e.more_staff.iter().map(|s| self.example_staff(s)).collect();
            let mut expects = Vec::new();
            if let Some((kind, name)) = &e.for_subject {
                self.pending_holds
                    .push((*kind, text_key(&name.text), name.clone()));
            }
            for x in &e.expects {
                if !more_staff.is_empty()
                    && let Expect::Status(n) | Expect::Verdict { criterion: n, .. } = x
                {
                    self.error(
                        Diagnostic::error(
                            Code::ExampleRoster,
                            "an example with several `staff` blocks can only expect targets",
                        )
                        .label(n.span, "which person?")
                        .help("give each person's verdicts their own example"),
                    );
                    continue;
                }
                match x {
                    Expect::Target { label, short } => {
                        if self.rules.targets.iter().any(|t| t.name == label.text) {
                            expects.push(Expectation::Target {
                                label: label.text.clone(),
                                short: *short,
                            });
                        } else {
                            let names: Vec<&str> =
                                self.rules.targets.iter().map(|t| t.name.as_str()).collect();
                            let help = help_for(&label.text, "targets", &names);
                            self.error(
                                Diagnostic::error(
                                    Code::UnknownTarget,
                                    format!("no target is labelled `{}`", label.text),
                                )
                                .label(label.span, "unknown target")
                                .maybe_help(help),
                            );
                        }
                    }
                    Expect::Status(s) => match Status::from_name(&s.text) {
                        Some(status) => expects.push(Expectation::Status(status)),
                        None => self.unknown_word(s, "status"),
                    },
                    Expect::Eligibility(s) => {
                        if e.for_subject.is_none() {
                            self.error(
                                Diagnostic::error(
                                    Code::MisplacedEntry,
                                    "`expect eligibility` needs the post the example asks about",
                                )
                                .label(s.span, "eligible for what?")
                                .help("write `example \"…\" on DATE for position \"…\" { … }`"),
                            );
                            continue;
                        }
                        match Standing::from_name(&s.text) {
                            Some(standing) => expects.push(Expectation::Eligibility(standing)),
                            None => self.unknown_word(s, "eligibility"),
                        }
                    }
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
                        match Verdict::from_name(&verdict.text) {
                            Some(v) => expects.push(Expectation::Verdict {
                                verdict: v,
                                criterion: criterion.text.clone(),
                            }),
                            None => self.unknown_word(verdict, "verdict"),
                        }
                    }
                }
            }
            let location = self.location(e.name.span);
            self.rules.examples.push(Example {
                name: e.name.text.clone(),
                for_subject: e
                    .for_subject
                    .as_ref()
                    .map(|(kind, name)| (*kind, text_key(&name.text))),
                on: e.on.map(|d| d.date),
                staff,
                more_staff,
                expects,
                location,
            });
        }
    }

    /// An `expect` word the grammar lets through but no verdict, status or standing has (the
    /// grammar and these enums are kept in step; this says so if they ever are not).
    fn unknown_word(&mut self, word: &ast::Name, what: &str) {
        self.error(
            Diagnostic::error(Code::Syntax, format!("`{}` is not a {what}", word.text))
                .label(word.span, "not known"),
        );
    }
}
