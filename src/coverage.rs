//! `chuanhoa test --coverage`: does every criterion have an example where it is met and one
//! where it is unmet, is every `exempt` and `grace` clause exercised, and does every rank and
//! position have an example of someone meeting it and of someone with a gap? Each dated
//! version of a criterion is told apart by where it is written, so it needs its own examples.

use crate::examples::ExampleOutcome;
use crate::finding::{Status, Verdict};
use crate::ruleset::RuleSet;

/// One thing an example should show, and whether one does.
#[derive(Debug, Clone)]
pub struct CoverageItem {
    /// `file:line:col` of the criterion, or of the rank or position.
    pub location: String,
    /// `rank Chuyên viên — education: met`, in words.
    pub what: String,
    /// True when some example shows it.
    pub covered: bool,
}

/// The coverage of a rule set by its examples.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Every item, in rule order.
    pub items: Vec<CoverageItem>,
}

impl Coverage {
    /// Items shown by some example.
    pub(crate) fn covered(&self) -> usize {
        self.items.iter().filter(|i| i.covered).count()
    }

    /// The share covered, 0–100 (100 for a rule set with nothing to cover).
    pub(crate) fn percent(&self) -> f64 {
        if self.items.is_empty() {
            return 100.0;
        }
        100.0 * self.covered() as f64 / self.items.len() as f64
    }

    /// The items no example shows.
    pub fn gaps(&self) -> impl Iterator<Item = &CoverageItem> {
        self.items.iter().filter(|i| !i.covered)
    }
}

/// Measures what the examples' outcomes show of each criterion and clause of `rules`.
pub fn measure(rules: &RuleSet, outcomes: &[ExampleOutcome]) -> Coverage {
    let seen = |location: &str, pred: &dyn Fn(Verdict, Option<u16>) -> bool| {
        outcomes.iter().any(|o| {
            o.findings
                .iter()
                .any(|(l, v, c)| l == location && pred(*v, *c))
        })
    };
    let mut items = Vec::new();
    for s in &rules.subjects {
        let label = format!("{} {}", s.kind.keyword(), s.name);
        let subject_location = rules.sources.location(s.span);
        for c in s.criteria.iter().chain(&s.entries) {
            let loc = &c.origin.location;
            for (verdict, word) in [(Verdict::Met, "met"), (Verdict::Unmet, "unmet")] {
                items.push(CoverageItem {
                    location: loc.clone(),
                    what: format!("{label} — {}: an example where it is {word}", c.name),
                    covered: seen(loc, &|v, _| v == verdict),
                });
            }
            for (i, e) in c.exemptions.iter().enumerate() {
                items.push(CoverageItem {
                    location: loc.clone(),
                    what: format!("{label} — {}: exempt \"{}\" exercised", c.name, e.reason),
                    covered: seen(loc, &|v, clause| {
                        v == Verdict::Exempt && clause == Some(i as u16)
                    }),
                });
            }
            for (i, g) in c.grace.iter().enumerate() {
                let reason = g.reason.as_deref().unwrap_or("grace period");
                items.push(CoverageItem {
                    location: loc.clone(),
                    what: format!("{label} — {}: grace \"{reason}\" exercised", c.name),
                    covered: seen(loc, &|v, clause| {
                        v == Verdict::Pending && clause == Some(i as u16)
                    }),
                });
            }
        }
        let held = |pred: &dyn Fn(Status) -> bool| {
            outcomes
                .iter()
                .any(|o| o.subjects.contains(&label) && o.status.is_some_and(pred))
        };
        if s.no_standard.is_some() {
            items.push(CoverageItem {
                location: subject_location.clone(),
                what: format!("{label}: an example of someone holding it (no standard)"),
                covered: held(&|st| st == Status::NoStandard),
            });
        }
        // a named standard is never held: its criteria are shown through those including it
        let held_by_people = s.kind != crate::syntax::ast::SubjectKind::Standard;
        if held_by_people && (!s.criteria.is_empty() || !s.includes.is_empty()) {
            items.push(CoverageItem {
                location: subject_location.clone(),
                what: format!("{label}: an example of someone meeting it"),
                covered: held(&|st| matches!(st, Status::Meets | Status::Pending)),
            });
            items.push(CoverageItem {
                location: subject_location,
                what: format!("{label}: an example of someone with a gap"),
                covered: held(&|st| st == Status::Gaps),
            });
        }
    }
    Coverage { items }
}
