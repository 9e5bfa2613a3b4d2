//! `chuanhoa test`: run the example blocks, one line each, then `N passed, N failed`.

use std::path::PathBuf;

use crate::date::Date;
use crate::examples::run_examples;

use super::{Outcome, load_rules};

/// Runs every example; 1 when any fails.
pub fn run(paths: &[PathBuf]) -> Outcome {
    let rules = match load_rules(paths) {
        Ok((r, _)) => r,
        Err(o) => return o,
    };
    let outcomes = run_examples(&rules, Date::today());
    let mut failed = 0;
    for o in &outcomes {
        if o.failures.is_empty() {
            say!("ok     {} ({})", o.name, o.location);
        } else {
            failed += 1;
            say!("FAILED {} ({})", o.name, o.location);
            for f in &o.failures {
                say!("       {f}");
            }
        }
    }
    say!("{} passed, {failed} failed", outcomes.len() - failed);
    if failed == 0 {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}
