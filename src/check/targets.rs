//! `target` blocks: their amounts make sense, their conditions resolve like a criterion's, and
//! `meets "…"` names a criterion some rank or position has.

use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::{Period, Target, TargetClause};
use crate::syntax::ast::{self, Amount, Item};

use super::Checker;
use crate::render::written_condition;

impl Checker {
    /// Resolves every target of every file (after the ranks and positions, whose criterion
    /// names `meets` may cite).
    pub(super) fn targets(&mut self, files: &[ast::RuleFile]) {
        for file in files {
            let file_period = Period {
                from: file.from.map(|d| d.date),
                until: file.until.map(|d| d.date),
            };
            for item in &file.items {
                let Item::Target(t) = item else { continue };
                if let Some(target) = self.target(t, file_period) {
                    self.rules.targets.push(target);
                }
            }
        }
    }

    fn target(&mut self, t: &ast::Target, file_period: Period) -> Option<Target> {
        let by = t.by?.date;
        self.in_target = true;
        let mut clauses = Vec::new();
        for c in &t.clauses {
            self.check_amount(c);
            let population = match &c.population {
                None => Some(None),
                Some(p) => self.condition(p).map(Some),
            };
            let have = self.condition(&c.have);
            if let (Some(have), Some(population)) = (have, population) {
                let written = match &c.population {
                    Some(p) => format!(
                        "{} of staff where {} have {}",
                        c.amount.text(),
                        written_condition(p),
                        written_condition(&c.have)
                    ),
                    None => format!(
                        "{} of staff have {}",
                        c.amount.text(),
                        written_condition(&c.have)
                    ),
                };
                let written = written.replace("people of staff", "people");
                clauses.push(TargetClause {
                    amount: c.amount,
                    population,
                    have,
                    written,
                });
            }
        }
        self.in_target = false;
        let file = self.rules.sources.get(t.name.span.file).name.clone();
        let file = std::path::Path::new(&file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(file);
        Some(Target {
            name: t.name.text.clone(),
            by,
            source: t.sources.first().map(|s| s.text.clone()),
            period: Period {
                from: t.from.map(|d| d.date).or(file_period.from),
                until: t.until.map(|d| d.date).or(file_period.until),
            },
            clauses,
            file,
            location: self.location(t.name.span),
        })
    }

    fn check_amount(&mut self, c: &ast::TargetClause) {
        let share = |p: f64| (0.0..=100.0).contains(&p);
        let problem = match c.amount {
            Amount::AtLeastShare(p) | Amount::AtMostShare(p) if !share(p) => {
                Some(format!("{p}% is not a share between 0% and 100%"))
            }
            Amount::BetweenShares(a, b) if !share(a) || !share(b) => {
                Some(format!("{a}% and {b}% must be shares between 0% and 100%"))
            }
            Amount::BetweenShares(a, b) if a > b => Some(format!(
                "`between {a}% and {b}%`: the smaller share comes first"
            )),
            _ => None,
        };
        if let Some(message) = problem {
            self.error(
                Diagnostic::error(Code::InvalidAmount, message)
                    .label(c.span, "in this clause")
                    .help("write `at least 75% of staff …` or `between 5% and 10% of staff …`"),
            );
        }
    }

    /// `meets "criterion"` / `meets all standards`: only in a target, naming a criterion.
    pub(super) fn meets(
        &mut self,
        label: Option<&ast::Name>,
        span: crate::source::Span,
    ) -> Option<crate::ruleset::Cond> {
        if !self.in_target {
            self.error(
                Diagnostic::error(
                    Code::MisplacedMeets,
                    "`meets` reads a person's own verdicts, so it belongs in a `target`",
                )
                .label(span, "not in a target")
                .help("state the standard itself here (`education >= \"Đại học\"`)"),
            );
            return None;
        }
        let Some(label) = label else {
            return Some(crate::ruleset::Cond::Meets(None));
        };
        let mut names: Vec<&str> = self
            .rules
            .subjects
            .iter()
            .flat_map(|s| s.criteria.iter().map(|c| c.name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        if !names.contains(&label.text.as_str()) {
            let help = crate::suggest::help_for(&label.text, "criteria", &names);
            self.error(
                Diagnostic::error(
                    Code::MisplacedMeets,
                    format!("no rank or position has a criterion named `{}`", label.text),
                )
                .label(label.span, "unknown criterion")
                .maybe_help(help),
            );
            return None;
        }
        Some(crate::ruleset::Cond::Meets(Some(label.text.clone())))
    }
}
