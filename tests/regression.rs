//! Rule-set regressions: realistic rosters that together name every rank and position of the
//! shipped rules, audited at dates across the regulation changes. Each snapshot is one line per
//! person, by row, so a rule edit shows as a diff of whose verdict changed (rules/README.md).
//! `regression.csv` spans 2020–2026; `district-2023.csv` (a district roster as kept before the
//! 2025 reform), `commune-2026.csv` (a merged commune after it) and `province-2026.csv` (the
//! higher grades a province holds) are audited on both sides of 01/7/2025 and 01/7/2026 and on
//! 25/11/2026.

use chuanhoa::aggregate::summarize;
use chuanhoa::report::table::verdict_line;

use crate::common::{audit_csv, builtin_rules, root};

const ROSTER: &str = "tests/fixtures/rosters/regression.csv";
const DISTRICT: &str = "tests/fixtures/rosters/district-2023.csv";
const COMMUNE: &str = "tests/fixtures/rosters/commune-2026.csv";
const PROVINCE: &str = "tests/fixtures/rosters/province-2026.csv";

fn snapshot_at(as_of: &str) -> String {
    snapshot_of(ROSTER, as_of)
}

/// The district, the commune and the provincial roster at one date, one after the other.
fn reform_snapshot_at(as_of: &str) -> String {
    format!(
        "== {DISTRICT}\n{}\n== {COMMUNE}\n{}\n== {PROVINCE}\n{}",
        snapshot_of(DISTRICT, as_of),
        snapshot_of(COMMUNE, as_of),
        snapshot_of(PROVINCE, as_of)
    )
}

fn snapshot_of(roster: &str, as_of: &str) -> String {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(roster), as_of);
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

#[test]
fn reform_rosters_at_2025_06_30_last_day_of_the_district_level() {
    insta::assert_snapshot!(reform_snapshot_at("2025-06-30"));
}

#[test]
fn reform_rosters_at_2025_07_01_luat_80_2025_in_force() {
    insta::assert_snapshot!(reform_snapshot_at("2025-07-01"));
}

#[test]
fn reform_rosters_at_2026_06_30_before_nd_232_2026() {
    insta::assert_snapshot!(reform_snapshot_at("2026-06-30"));
}

#[test]
fn reform_rosters_at_2026_07_01_nd_232_2026_in_force() {
    insta::assert_snapshot!(reform_snapshot_at("2026-07-01"));
}

#[test]
fn reform_rosters_at_2026_11_25() {
    insta::assert_snapshot!(reform_snapshot_at("2026-11-25"));
}

/// On the new rosters nobody is unmatched (every title is audited, or declared without a
/// standard, or ended without a successor, with its reason), and on 25/11/2026 no finding rests on a rule, or a rank or position, whose period has ended:
/// every criterion applied is in force that day and belongs to a declaration in force.
#[test]
fn on_2026_11_25_no_finding_rests_on_an_ended_rule() {
    let rules = builtin_rules();
    let day = chuanhoa::date::Date::parse_iso("2026-11-25").unwrap();
    for roster in [DISTRICT, COMMUNE, PROVINCE, ROSTER] {
        let (plan, out) = audit_csv(&rules, &root().join(roster), "2026-11-25");
        for p in &out.people {
            for f in &p.result.findings {
                let c = &plan.criteria[f.criterion as usize];
                let (subject, criterion) = rules
                    .subjects
                    .iter()
                    .find_map(|s| {
                        s.criteria
                            .iter()
                            .find(|k| k.origin.location == c.location)
                            .map(|k| (s, k))
                    })
                    .expect("every criterion comes from the rules");
                assert!(
                    subject.period.contains(day) && criterion.period.contains(day),
                    "{roster} row {}: {} rests on {} ({}), not in force on {day}",
                    p.staff.row,
                    c.name,
                    c.rule,
                    c.location
                );
            }
            assert!(
                roster == ROSTER || p.result.status != chuanhoa::finding::Status::Unmatched,
                "{roster} row {}: unmatched ({})",
                p.staff.row,
                p.staff.rank_text
            );
        }
    }
}

/// Every rank and position the shipped rules name appears in one of the regression rosters.
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
        let label = format!("{} {}", s.kind.keyword(), s.name);
        let held = [ROSTER, DISTRICT, COMMUNE, PROVINCE].iter().any(|roster| {
            let out = chuanhoa::audit::audit_file(&plan, &root().join(roster)).unwrap();
            out.people.iter().any(|p| {
                p.staff.subjects().any(|id| {
                    let ps = &plan.subjects[id as usize];
                    format!("{} {}", ps.kind.keyword(), ps.name) == label
                })
            })
        });
        if !held {
            missing.push(label);
        }
    }
    assert!(
        missing.is_empty(),
        "not in {ROSTER}, {DISTRICT}, {COMMUNE} or {PROVINCE}: {missing:?}"
    );
}
