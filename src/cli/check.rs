//! `chuanhoa check`: parse and check rule files, print every diagnostic, then the warnings.

use std::path::PathBuf;

use crate::date::Date;

use super::{Outcome, load_rules};

/// Checks the rules; 0 when clean (warnings are shown), 2 with every mistake printed
/// otherwise, or with warnings under `--deny-warnings`.
pub(crate) fn run(paths: &[PathBuf], deny_warnings: bool, as_of: Date) -> Outcome {
    match load_rules(paths) {
        Ok((rules, name)) => {
            let warnings = crate::check::warnings(&rules, as_of);
            let n = warnings.len();
            if n > 0 {
                complain!(
                    "{}",
                    warnings.render(&rules.sources, super::use_color(), 100)
                );
                complain!(
                    "{n} warning{}{}",
                    if n == 1 { "" } else { "s" },
                    if deny_warnings {
                        " (refused: --deny-warnings)"
                    } else {
                        ""
                    }
                );
            }
            say!(
                "{name}: {} — {} files, {} scales, {} fields, {} ranks and positions, {} targets, {} examples",
                match (n, deny_warnings) {
                    (0, _) => "ok",
                    (_, false) => "ok with warnings",
                    (_, true) => "refused",
                },
                rules.sources.iter().count(),
                rules.scales.len(),
                rules.fields.iter().filter(|f| f.year_of.is_none()).count(),
                rules.subjects.len(),
                rules.targets.len(),
                rules.examples.len()
            );
            if n > 0 && deny_warnings {
                Outcome::Invalid
            } else {
                Outcome::Done
            }
        }
        Err(o) => o,
    }
}
