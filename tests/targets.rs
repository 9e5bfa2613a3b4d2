//! Collective targets on a roster shaped like the seed resolution's appendix (568 staff: 13
//! postgraduate, 414 university, 98 college, 43 intermediate), and the projection to the
//! deadline.

use chuanhoa::date::Date;
use chuanhoa::plan::Plan;
use chuanhoa::targets::measure;

use crate::common::{audit_csv, builtin_rules_with_targets, root, run};

const SEED: &str = "tests/fixtures/rosters/son-tay-568.csv";

#[test]
fn the_seed_roster_is_141_short_of_the_degree_target_and_16_of_the_postgraduate_share() {
    let (code, out, err) = run(&[
        "audit",
        SEED,
        "--as-of",
        "2023-06-30",
        "--targets",
        "son-tay-2023",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let targets = v["targets"].as_array().unwrap();
    let clause = |i: usize| &targets[i];
    assert_eq!(clause(0)["population"], 568);
    assert_eq!(clause(0)["meeting"], 427);
    assert_eq!(clause(0)["people_short"], 141);
    assert_eq!(clause(1)["meeting"], 13);
    assert_eq!(clause(1)["people_short"], 16);
    // at the deadline, those who retire before it have left the population
    let d = &clause(0)["at_deadline"];
    assert_eq!(
        d["population"].as_u64().unwrap() + d["retiring"].as_u64().unwrap(),
        568
    );
    assert!(d["retiring"].as_u64().unwrap() > 0);
    // the training plan carries people, months and deadlines
    let plan = v["training_plan"].as_array().unwrap();
    assert!(!plan.is_empty());
    for line in plan {
        assert_eq!(
            line["people"].as_u64().unwrap() as usize,
            line["staff"].as_array().unwrap().len()
        );
        assert!(line["deadline"].is_string());
    }
}

#[test]
fn the_seed_targets_and_training_plan_as_a_table() {
    let (code, out, err) = run(&[
        "audit",
        SEED,
        "--as-of",
        "2023-06-30",
        "--targets",
        "son-tay-2023",
    ]);
    assert_eq!(code, 0, "{err}");
    let start = out.find("\ntargets").expect("a targets section");
    let end = out.find("\npeople with gaps").unwrap_or(out.len());
    insta::assert_snapshot!(&out[start..end]);
}

/// Someone who reaches retirement age the day before the deadline leaves the population at the
/// deadline; someone who reaches it on the deadline's day stays.
#[test]
fn retirement_the_day_before_and_on_the_deadline() {
    let rules = builtin_rules_with_targets();
    let dir = std::env::temp_dir().join(format!("chuanhoa-proj-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("two.csv");
    std::fs::write(
        &roster,
        "Họ và tên,Ngạch,Ngày sinh,Giới tính,Trình độ chuyên môn\nA,Chuyên viên,15/01/1964,Nam,Cao đẳng\nB,Chuyên viên,15/01/1990,Nam,Cao đẳng\n",
    )
    .unwrap();
    let (plan, out) = audit_csv(&rules, &roster, "2023-06-30");
    let retires = chuanhoa::evaluate::retirement_date(&plan, &out.people[0].staff)
        .expect("a man born 1964 has a retirement date");
    let target = rules
        .targets
        .iter()
        .find(|t| t.name.starts_with("Đại học trở lên"))
        .unwrap();
    for (by, leaving) in [(retires.next_day().unwrap(), 1), (retires, 0)] {
        let mut t = target.clone();
        t.by = by;
        let plan = Plan::for_date(&rules, Date::parse_iso("2023-06-30").unwrap(), "test");
        let report = measure(&plan, &out, &[&t]);
        let d = &report[0].clauses[0].at_deadline;
        assert_eq!(d.retiring, leaving, "deadline {by}, retirement {retires}");
        assert_eq!(d.population, 2 - leaving);
        assert_eq!(d.people_short, 2 - leaving);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn targets_by_name_or_path_and_a_wrong_name() {
    let (code, _, err) = run(&["audit", SEED, "--targets", "no-such-target"]);
    assert_eq!(code, 2);
    assert!(err.contains("son-tay-2023"), "{err}");
    let path = root().join("rules/targets/son-tay-2023.rules");
    let (code, out, err) = run(&[
        "audit",
        SEED,
        "--as-of",
        "2023-06-30",
        "--targets",
        &path.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("141 short"), "{out}");
}

/// `--by` groups people; every group's statuses add up to its staff, and the groups to the
/// roster; the summary counts each criterion's five results.
#[test]
fn breakdowns_add_up() {
    for by in ["unit", "age-band", "gender", "rank", "tier"] {
        let (code, out, err) = run(&[
            "audit",
            SEED,
            "--as-of",
            "2023-06-30",
            "--by",
            by,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{by}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let groups = v["summary"]["breakdown"].as_array().unwrap();
        let n = |g: &serde_json::Value, k: &str| g[k].as_u64().unwrap();
        let mut total = 0;
        for g in groups {
            assert_eq!(
                n(g, "staff"),
                n(g, "meeting")
                    + n(g, "with_gaps")
                    + n(g, "incomplete")
                    + n(g, "pending")
                    + n(g, "not_audited"),
                "{by}: {g}"
            );
            total += n(g, "staff");
        }
        assert_eq!(total, 568, "{by}");
        let education = &v["summary"]["criteria"]["education"];
        assert!(education["met"].as_u64().unwrap() > 0, "{education}");
    }
    let (code, _, err) = run(&["audit", SEED, "--by", "colour"]);
    assert_eq!(code, 2);
    assert!(err.contains("age-band"), "{err}");
}
