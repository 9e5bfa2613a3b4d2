//! `chuanhoa test`: run the example blocks, one line each, then `N passed, N failed`; with
//! `--coverage`, what the examples leave unshown.

use std::path::PathBuf;

use crate::date::Date;
use crate::examples::run_examples;

use super::{Outcome, load_rules};

/// Runs every example; 1 when any fails, or when coverage is below `min_coverage`.
pub(crate) fn run(paths: &[PathBuf], coverage: bool, min_coverage: Option<f64>) -> Outcome {
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
    let mut short = false;
    if coverage {
        let measured = crate::coverage::measure(&rules, &outcomes);
        let gaps: Vec<_> = measured.gaps().collect();
        if !gaps.is_empty() {
            say!("\nnot shown by any example:");
            for g in &gaps {
                say!("  {}: {}", g.location, g.what);
            }
        }
        let percent = measured.percent();
        say!(
            "coverage: {percent:.1}% ({} of {} criteria verdicts, clauses and titles shown by an example)",
            measured.covered(),
            measured.items.len()
        );
        if let Some(min) = min_coverage
            && percent + 1e-9 < min
        {
            say!("coverage {percent:.1}% is below --min-coverage {min}");
            short = true;
        }
    }
    if failed == 0 && !short {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}
