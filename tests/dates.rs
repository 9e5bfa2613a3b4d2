//! `from` and `until` are both inclusive — on a rank, on a criterion, at the head of a file — and
//! a grace deadline is the last day a gap is pending: the examples of `fixtures/dates/` audit
//! the day before, the day of and the day after each boundary.

use chuanhoa::check::load;
use chuanhoa::date::Date;
use chuanhoa::examples::run_examples;
use chuanhoa::source::SourceFile;

use crate::common::root;

#[test]
fn from_and_until_are_inclusive_everywhere() {
    let dir = root().join("tests/fixtures/dates");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|p| SourceFile::new(p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let rules = load(files).expect("the boundary rules check");
    let outcomes = run_examples(&rules, Date::today());
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.failures.is_empty())
        .map(|o| format!("{}: {}", o.name, o.failures.join("; ")))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    for kind in ["rank", "criterion", "file header", "grace"] {
        let n = outcomes
            .iter()
            .filter(|o| o.name.starts_with(&format!("{kind}:")))
            .count();
        assert!(n >= 3, "{kind}: the day before, of and after: {n}");
    }
    assert_eq!(outcomes.len(), 15);
}
