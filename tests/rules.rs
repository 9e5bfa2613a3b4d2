//! The shipped rules: they check clean and every example in them passes.

use chuanhoa::date::Date;
use chuanhoa::examples::run_examples;

use crate::common::{builtin_rules, builtin_rules_with_targets, run};

#[test]
fn shipped_rules_check_clean() {
    let rules = builtin_rules();
    assert!(
        rules.subjects.len() >= 7,
        "ranks 01.001–01.005 and the leadership positions"
    );
    assert!(rules.examples.len() >= 10);
}

#[test]
fn every_example_in_rules_passes() {
    let rules = builtin_rules_with_targets();
    assert!(!rules.targets.is_empty(), "the shipped targets are loaded");
    let outcomes = run_examples(&rules, Date::today());
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.failures.is_empty())
        .map(|o| format!("{} ({}): {}", o.name, o.location, o.failures.join("; ")))
        .collect();
    assert!(
        failed.is_empty(),
        "failing examples:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_criterion_carries_a_tagged_citation() {
    let rules = builtin_rules();
    for s in &rules.subjects {
        let confirms = s.confirms.iter().map(|c| (&c.label, &c.source));
        let criteria = s
            .criteria
            .iter()
            .chain(&s.entries)
            .map(|c| (&c.name, &c.source));
        for (name, source) in criteria.chain(confirms) {
            let source = source
                .as_deref()
                .unwrap_or_else(|| panic!("{} {name}: no source", s.name));
            assert!(
                ["[V]", "[S]", "[U"].iter().any(|t| source.contains(t)),
                "{} {name}: citation `{source}` lacks a [V]/[S]/[U] tag",
                s.name,
            );
        }
    }
}

/// regulations.md issue 3: every rank and position has an example that meets and one that fails
/// each of its criteria, every `exempt` and `grace` clause is exercised, and every title has an
/// example of someone meeting it and of someone with a gap (`chuanhoa test --min-coverage 100`).
/// Criteria are told apart by where they are written, so a dated version of a criterion needs
/// its own examples.
#[test]
fn every_criterion_has_a_meeting_and_a_failing_example() {
    let rules = builtin_rules();
    let outcomes = run_examples(&rules, Date::today());
    let coverage = chuanhoa::coverage::measure(&rules, &outcomes);
    let missing: Vec<String> = coverage
        .gaps()
        .map(|g| format!("{}: {}", g.location, g.what))
        .collect();
    assert!(
        missing.is_empty(),
        "missing examples:\n{}",
        missing.join("\n")
    );
    assert!(coverage.items.len() > 800, "{}", coverage.items.len());
}

#[test]
fn coverage_lists_each_gap_with_its_place_and_min_coverage_fails_on_it() {
    let half = "tests/fixtures/coverage/half.rules";
    let (code, out, err) = run(&["test", "--min-coverage", "100", half]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("1 passed, 0 failed"), "{out}");
    for gap in [
        "half.rules:9:5: rank Chuyên viên — education: an example where it is unmet",
        "half.rules:9:5: rank Chuyên viên — education: grace \"chuẩn hóa trong 5 năm\" exercised",
        "half.rules:7:1: rank Chuyên viên: an example of someone with a gap",
    ] {
        assert!(out.contains(gap), "{gap}\n{out}");
    }
    assert!(out.contains("coverage: 40.0% (2 of 5"), "{out}");
    // --coverage alone reports and does not fail; the shipped rules are fully covered
    let (code, _, _) = run(&["test", "--coverage", half]);
    assert_eq!(code, 0);
    let (code, out, _) = run(&["test", "--min-coverage", "100"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("coverage: 100.0%"), "{out}");
}
