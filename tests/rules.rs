//! The shipped rules: they check clean and every example in them passes.

use chuanhoa::date::Date;
use chuanhoa::examples::run_examples;

use crate::common::builtin_rules;

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
    let rules = builtin_rules();
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
        for c in &s.criteria {
            let source = c
                .source
                .as_deref()
                .unwrap_or_else(|| panic!("{} {}: no source", s.name, c.name));
            assert!(
                ["[V]", "[S]", "[U"].iter().any(|t| source.contains(t)),
                "{} {}: citation `{source}` lacks a [V]/[S]/[U] tag",
                s.name,
                c.name
            );
        }
    }
}
