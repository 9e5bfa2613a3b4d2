//! Effective dates: a period must not end before it starts, and two versions of one rank or
//! position must not be in force on the same day.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::normalize::text_key;
use crate::ruleset::Period;

use super::Checker;

impl Checker {
    pub(super) fn check_periods(&mut self) {
        let mut versions: HashMap<(crate::syntax::ast::SubjectKind, String), Vec<usize>> =
            HashMap::new();
        let mut problems = Vec::new();
        for (i, s) in self.rules.subjects.iter().enumerate() {
            if is_empty(&s.period) {
                problems.push(
                    Diagnostic::error(
                        Code::EmptyPeriod,
                        format!("{} `{}` ends before it starts", s.kind.keyword(), s.name),
                    )
                    .label(s.span, describe(&s.period))
                    .help("`until` is the last day in force and must not come before `from`"),
                );
            }
            for c in &s.criteria {
                if is_empty(&c.period) && !is_empty(&s.period) {
                    problems.push(
                        Diagnostic::error(
                            Code::EmptyPeriod,
                            format!(
                                "criterion `{}` is never in force inside {} `{}`",
                                c.name,
                                s.kind.keyword(),
                                s.name
                            ),
                        )
                        .label(c.origin.span, describe(&c.period))
                        .help("a criterion's dates must fall inside its rank's or position's"),
                    );
                }
            }
            versions
                .entry((s.kind, text_key(&s.name)))
                .or_default()
                .push(i);
        }
        let mut groups: Vec<_> = versions.into_values().collect();
        groups.sort();
        for group in groups {
            for (n, &a) in group.iter().enumerate() {
                for &b in &group[n + 1..] {
                    let (first, second) = (&self.rules.subjects[a], &self.rules.subjects[b]);
                    if first.period.overlaps(&second.period) {
                        problems.push(
                            Diagnostic::error(
                                Code::OverlappingPeriods,
                                format!(
                                    "{} `{}` is declared twice for the same days",
                                    second.kind.keyword(),
                                    second.name
                                ),
                            )
                            .label(second.span, describe(&second.period))
                            .help(format!(
                                "the other declaration ({}, at {}) is in force on some of these days; close it with `until` or start this one with `from`",
                                describe(&first.period),
                                self.rules.sources.location(first.span)
                            )),
                        );
                    }
                }
            }
        }
        self.diagnostics.extend(problems);
    }
}

impl Checker {
    /// A name, alias or code two different ranks (or two positions) answer to on the same days
    /// is ambiguous: a roster writing it could be either, and the first declared would win in
    /// silence. Refused, naming both.
    pub(super) fn check_spellings(&mut self) {
        let mut by_spelling: HashMap<(crate::syntax::ast::SubjectKind, String), Vec<usize>> =
            HashMap::new();
        for (i, s) in self.rules.subjects.iter().enumerate() {
            let mut own: Vec<String> = std::iter::once(&s.name)
                .chain(&s.aliases)
                .chain(&s.code)
                .map(|t| text_key(t))
                .collect();
            own.sort();
            own.dedup();
            for key in own {
                by_spelling.entry((s.kind, key)).or_default().push(i);
            }
        }
        let mut clashes: Vec<(String, usize, usize)> = Vec::new();
        for ((_, key), subjects) in &by_spelling {
            for (n, &a) in subjects.iter().enumerate() {
                for &b in &subjects[n + 1..] {
                    let (x, y) = (&self.rules.subjects[a], &self.rules.subjects[b]);
                    if text_key(&x.name) != text_key(&y.name) && x.period.overlaps(&y.period) {
                        clashes.push((key.clone(), a.min(b), a.max(b)));
                    }
                }
            }
        }
        clashes.sort();
        clashes.dedup_by(|p, q| p.1 == q.1 && p.2 == q.2 && p.0 == q.0);
        for (key, a, b) in clashes {
            let (first, second) = (&self.rules.subjects[a], &self.rules.subjects[b]);
            let written = std::iter::once(&second.name)
                .chain(&second.aliases)
                .chain(&second.code)
                .find(|t| text_key(t) == key)
                .cloned()
                .unwrap_or(key);
            let d = Diagnostic::error(
                Code::AmbiguousSpelling,
                format!(
                    "`{written}` names both {kind} `{}` and {kind} `{}` on the same days",
                    first.name,
                    second.name,
                    kind = second.kind.keyword()
                ),
            )
            .label(second.span, "answers to it too")
            .help(format!(
                "a roster writing `{written}` could mean either; remove it from one (the other is at {}), or give them periods that do not overlap",
                self.rules.sources.location(first.span)
            ));
            self.diagnostics.push(d);
        }
    }
}

fn is_empty(p: &Period) -> bool {
    matches!((p.from, p.until), (Some(f), Some(u)) if u < f)
}

/// "in force 2021-08-01 to 2022-08-14", "in force from 2021-08-01", "always in force".
fn describe(p: &Period) -> String {
    match (p.from, p.until) {
        (Some(f), Some(u)) => format!("in force {f} to {u}"),
        (Some(f), None) => format!("in force from {f}"),
        (None, Some(u)) => format!("in force until {u}"),
        (None, None) => "always in force".to_string(),
    }
}
