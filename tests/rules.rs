//! The shipped rules: they check clean and every example in them passes.

use chuanhoa::date::Date;
use chuanhoa::examples::run_examples;
use chuanhoa::finding::{Status, Verdict};

use crate::common::{builtin_rules, builtin_rules_with_targets};

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
/// each of its criteria. Criteria are told apart by where they are written, so a dated version
/// of a criterion needs its own pair of examples.
#[test]
fn every_criterion_has_a_meeting_and_a_failing_example() {
    let rules = builtin_rules();
    let outcomes = run_examples(&rules, Date::today());
    let seen = |location: &str, verdict: Verdict| {
        outcomes.iter().any(|o| {
            o.findings
                .iter()
                .any(|(l, v)| l == location && *v == verdict)
        })
    };
    let mut missing = Vec::new();
    for s in &rules.subjects {
        // entry conditions (`appoint`, `promote`) are covered by examples `for` the post
        for c in s.criteria.iter().chain(&s.entries) {
            for verdict in [Verdict::Met, Verdict::Unmet] {
                if !seen(&c.origin.location, verdict) {
                    missing.push(format!(
                        "{} {} — {} ({}): no example where it is {}",
                        s.kind.keyword(),
                        s.name,
                        c.name,
                        c.origin.location,
                        verdict.as_str()
                    ));
                }
            }
        }
        let label = format!("{} {}", s.kind.keyword(), s.name);
        let held = |ok: bool| {
            outcomes.iter().any(|o| {
                o.subjects.contains(&label)
                    && match o.status {
                        Some(Status::Gaps) => !ok,
                        Some(Status::Meets | Status::Pending) => ok,
                        _ => false,
                    }
            })
        };
        if s.no_standard.is_some()
            && !outcomes
                .iter()
                .any(|o| o.subjects.contains(&label) && o.status == Some(Status::NoStandard))
        {
            missing.push(format!(
                "{label}: declared `no standard` but no example shows someone holding it"
            ));
        }
        if !s.criteria.is_empty() || !s.includes.is_empty() {
            if !held(true) {
                missing.push(format!("{label}: no example of someone meeting it"));
            }
            if !held(false) {
                missing.push(format!("{label}: no example of someone with a gap"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing examples:\n{}",
        missing.join("\n")
    );
}
