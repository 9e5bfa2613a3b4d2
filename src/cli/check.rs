//! `chuanhoa check`: parse and check rule files, print every diagnostic.

use std::path::PathBuf;

use super::{Outcome, load_rules};

/// Checks the rules; 0 when clean, 2 with every mistake printed otherwise.
pub fn run(paths: &[PathBuf]) -> Outcome {
    match load_rules(paths) {
        Ok((rules, name)) => {
            say!(
                "{name}: ok — {} files, {} scales, {} fields, {} ranks and positions, {} targets, {} examples",
                rules.sources.iter().count(),
                rules.scales.len(),
                rules.fields.iter().filter(|f| f.year_of.is_none()).count(),
                rules.subjects.len(),
                rules.targets.len(),
                rules.examples.len()
            );
            Outcome::Done
        }
        Err(o) => o,
    }
}
