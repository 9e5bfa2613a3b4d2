//! Rule-set regressions: one realistic roster naming every rank and position of the shipped
//! rules, audited at four dates across the regulation changes. Each snapshot is one line per
//! person, by row, so a rule edit shows as a diff of whose verdict changed (rules/README.md).

use chuanhoa::aggregate::summarize;
use chuanhoa::report::table::verdict_line;

use crate::common::{audit_csv, builtin_rules, root};

const ROSTER: &str = "tests/fixtures/rosters/regression.csv";

fn snapshot_at(as_of: &str) -> String {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(ROSTER), as_of);
    let s = summarize(&plan, &out);
    let mut people: Vec<_> = out.people.iter().collect();
    people.sort_by_key(|p| p.staff.row);
    let mut text = format!(
        "as of {as_of}: {} audited, {} rejected — meets {}, gaps {}, incomplete {}, pending {}, unmatched {}, no standard {}\n",
        s.audited,
        s.rejected,
        s.meeting,
        s.with_gaps,
        s.incomplete,
        s.pending,
        s.unmatched,
        s.no_standard
    );
    for p in people {
        text.push_str(&verdict_line(&plan, p));
        text.push('\n');
    }
    for r in &out.rejected {
        text.push_str(&format!("row {} | rejected | {}\n", r.row, r.reason));
    }
    text
}

#[test]
fn roster_at_2020_06_30_before_tt_2_2021() {
    insta::assert_snapshot!(snapshot_at("2020-06-30"));
}

#[test]
fn roster_at_2023_06_30_before_nd_33_2023() {
    insta::assert_snapshot!(snapshot_at("2023-06-30"));
}

#[test]
fn roster_at_2025_12_31_end_of_nd_71_phase_1() {
    insta::assert_snapshot!(snapshot_at("2025-12-31"));
}

#[test]
fn roster_at_2026_11_24_luat_nha_giao_in_force() {
    insta::assert_snapshot!(snapshot_at("2026-11-24"));
}

/// Every rank and position the shipped rules name appears in the regression roster.
#[test]
fn regression_roster_names_every_rank_and_position() {
    let rules = builtin_rules();
    let mut missing = Vec::new();
    for s in &rules.subjects {
        let date = s
            .period
            .until
            .or(s.period.from)
            .unwrap_or_else(|| chuanhoa::date::Date::parse_iso("2025-12-31").unwrap());
        let plan = chuanhoa::plan::Plan::for_date(&rules, date, "built-in");
        let out = chuanhoa::cli::audit_file(&plan, &root().join(ROSTER)).unwrap();
        let label = format!("{} {}", s.kind.keyword(), s.name);
        let held = out.people.iter().any(|p| {
            p.staff.subjects().any(|id| {
                let ps = &plan.subjects[id as usize];
                format!("{} {}", ps.kind.keyword(), ps.name) == label
            })
        });
        if !held {
            missing.push(label);
        }
    }
    assert!(missing.is_empty(), "not in {ROSTER}: {missing:?}");
}
