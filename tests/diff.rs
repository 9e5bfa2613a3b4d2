//! `chuanhoa diff`: an edit of a rule file, audited on the regression roster, lists exactly the
//! people whose verdict changed; two dates of one rule set likewise; without a roster, the
//! rules are compared as rules.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chuanhoa::audit::AuditOutput;
use chuanhoa::check::load;
use chuanhoa::date::Date;
use chuanhoa::diff::{ChangeKind, impact};
use chuanhoa::finding::Verdict;
use chuanhoa::plan::Plan;
use chuanhoa::source::SourceFile;

use crate::common::{builtin_rules, root, run};

const ROSTER: &str = "tests/fixtures/rosters/regression.csv";

/// The rank whose university degree the tests raise to a master's degree.
const CHUYEN_VIEN: &str = "rank \"Chuyên viên\" code \"01.003\"";

/// The shipped rules with one replacement made in one file: the first `from` after `anchor`.
fn edited_rules(file: &str, anchor: &str, from: &str, to: &str) -> Vec<SourceFile> {
    let mut files = chuanhoa::builtin_rules::builtin_files();
    let f = files
        .iter_mut()
        .find(|f| f.name.ends_with(file))
        .expect("shipped file");
    let at = f
        .text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor} not in {file}"));
    let rest = &f.text[at..];
    assert!(rest.contains(from), "{from} not after {anchor} in {file}");
    f.text = format!("{}{}", &f.text[..at], rest.replacen(from, to, 1)).into();
    files
}

fn audit(rules: &chuanhoa::ruleset::RuleSet, as_of: &str) -> (Plan, AuditOutput) {
    let mut plan = Plan::for_date(rules, Date::parse_iso(as_of).unwrap(), "rules");
    plan.lang = chuanhoa::i18n::Lang::En;
    let out = chuanhoa::audit::audit_file(&plan, &root().join(ROSTER)).expect("roster");
    (plan, out)
}

/// Every row whose status or multiset of (rule, criterion, verdict, deadline) differs —
/// computed here without the diff's pairing of findings.
fn rows_that_differ(old: (&Plan, &AuditOutput), new: (&Plan, &AuditOutput)) -> BTreeSet<u32> {
    let view = |plan: &Plan, out: &AuditOutput| {
        out.people
            .iter()
            .map(|p| {
                let mut findings: Vec<(String, String, Verdict, Option<Date>)> = p
                    .result
                    .findings
                    .iter()
                    .map(|f| {
                        let c = &plan.criteria[f.criterion as usize];
                        (c.rule.clone(), c.name.clone(), f.verdict, f.deadline)
                    })
                    .collect();
                findings.sort();
                (p.staff.row, (p.result.status, findings))
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (a, b) = (view(old.0, old.1), view(new.0, new.1));
    a.keys()
        .chain(b.keys())
        .filter(|row| a.get(row) != b.get(row))
        .copied()
        .collect()
}

#[test]
fn an_edit_lists_exactly_the_people_whose_verdict_changed() {
    let old_rules = builtin_rules();
    // the university degree of a chuyên viên raised to a master's degree
    let new_rules = load(edited_rules(
        "hanh-chinh.rules",
        CHUYEN_VIEN,
        "require education >= \"Đại học\"",
        "require education >= \"Thạc sĩ\"",
    ))
    .expect("edited rules check");
    let (old_plan, old_out) = audit(&old_rules, "2026-11-25");
    let (new_plan, new_out) = audit(&new_rules, "2026-11-25");
    let diff = impact(ROSTER, (&old_plan, &old_out), (&new_plan, &new_out));
    let listed: BTreeSet<u32> = diff.people.iter().map(|p| p.row).collect();
    let expected = rows_that_differ((&old_plan, &old_out), (&new_plan, &new_out));
    assert!(!expected.is_empty(), "the edit changes someone");
    assert_eq!(listed, expected);
    for p in &diff.people {
        assert!(
            !p.changes.is_empty(),
            "row {}: listed without a change",
            p.row
        );
        for c in &p.changes {
            assert_eq!(c.criterion, "education", "row {}", p.row);
            assert_eq!(c.rule, "rank Chuyên viên");
            assert_eq!(c.old, Some(Verdict::Met));
            assert_eq!(c.new, Some(Verdict::Unmet));
            assert_eq!(c.kind, ChangeKind::NewlyFailing);
            assert_eq!(c.old_required.as_deref(), Some("Đại học"));
            assert_eq!(c.new_required.as_deref(), Some("Thạc sĩ"));
            assert!(c.actual.contains("Đại học"), "{}", c.actual);
            assert!(c.source.as_deref().unwrap_or("").contains("TT 2/2021"));
        }
    }
    let s = &diff.summary;
    assert_eq!(s.people_changed, expected.len());
    assert_eq!(s.by_kind.len(), 1);
    assert_eq!(s.by_criterion[0].criterion, "education");
    // the same rules on both sides: nothing changes
    let same = impact(ROSTER, (&old_plan, &old_out), (&old_plan, &old_out));
    assert!(same.is_empty());
}

#[test]
fn two_dates_list_exactly_the_people_whose_verdict_changed() {
    let rules = builtin_rules();
    for (d1, d2) in [
        ("2025-06-30", "2025-07-01"),
        ("2023-08-30", "2026-11-25"),
        ("2026-07-31", "2026-08-01"),
    ] {
        let (old_plan, old_out) = audit(&rules, d1);
        let (new_plan, new_out) = audit(&rules, d2);
        let diff = impact(ROSTER, (&old_plan, &old_out), (&new_plan, &new_out));
        let listed: BTreeSet<u32> = diff.people.iter().map(|p| p.row).collect();
        assert_eq!(
            listed,
            rows_that_differ((&old_plan, &old_out), (&new_plan, &new_out)),
            "{d1} → {d2}"
        );
        let counted: usize = diff.summary.by_kind.iter().map(|k| k.findings).sum();
        let changes: usize = diff.people.iter().map(|p| p.changes.len()).sum();
        assert_eq!(counted, changes, "{d1} → {d2}");
    }
}

/// A scratch folder with the shipped rules, one of them edited.
fn scratch_rules(name: &str, edit: Option<(&str, &str, &str, &str)>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chuanhoa-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = match edit {
        Some((file, anchor, from, to)) => edited_rules(file, anchor, from, to),
        None => chuanhoa::builtin_rules::builtin_files(),
    };
    for f in files {
        let file = Path::new(&f.name).file_name().unwrap().to_owned();
        std::fs::write(dir.join(file), f.text.as_bytes()).unwrap();
    }
    dir
}

#[test]
fn the_command_reports_changes_in_every_format_and_exit_code_says_so() {
    let old = scratch_rules("old", None);
    let new = scratch_rules(
        "new",
        Some((
            "hanh-chinh.rules",
            CHUYEN_VIEN,
            "require education >= \"Đại học\"",
            "require education >= \"Thạc sĩ\"",
        )),
    );
    let (old_s, new_s) = (old.to_str().unwrap(), new.to_str().unwrap());
    let base = [
        "diff",
        ROSTER,
        "--old",
        old_s,
        "--new",
        new_s,
        "--as-of",
        "2026-11-25",
    ];
    let (code, out, err) = run(&base);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("people changed of 66 rows"), "{out}");
    assert!(
        out.contains("education [rank Chuyên viên]: met → unmet"),
        "{out}"
    );
    assert!(out.contains("required Đại học → Thạc sĩ"), "{out}");
    let (code, _, _) = run(&[&base[..], &["--exit-code"]].concat());
    assert_eq!(code, 1, "--exit-code: a change exits 1");
    let (code, out, _) = run(&[
        "diff",
        ROSTER,
        "--old",
        old_s,
        "--new",
        old_s,
        "--exit-code",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Nobody's verdict changes."), "{out}");

    let (code, json, err) = run(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["summary"]["by_kind"][0]["kind"], "newly_failing");
    let first = &v["people"][0]["changes"][0];
    assert_eq!(first["old"], "met");
    assert_eq!(first["new"], "unmet");
    assert_eq!(first["new_required"], "Thạc sĩ");

    let xlsx = std::env::temp_dir().join(format!("chuanhoa-diff-{}.xlsx", std::process::id()));
    let (code, _, err) = run(&[&base[..], &["-o", xlsx.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).expect("workbook");
    assert_eq!(book.sheet_names(), ["Summary", "Changes"]);
    let changes = book.worksheet_range("Changes").expect("sheet");
    let header: Vec<String> = changes
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[7], "Criterion");
    let row: Vec<String> = changes
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[7], "education");
    assert_eq!((row[10].as_str(), row[11].as_str()), ("met", "unmet"));
    let _ = std::fs::remove_file(&xlsx);

    // without a roster: the rules as rules
    let (code, out, err) = run(&[
        "diff",
        "--old",
        old_s,
        "--new",
        new_s,
        "--as-of",
        "2026-11-25",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("changed rank Chuyên viên\n"), "{out}");
    assert!(out.contains("required: Đại học → Thạc sĩ"), "{out}");
    assert!(
        !out.contains("rank Chuyên viên chính"),
        "only the edited rank: {out}"
    );
    let _ = std::fs::remove_dir_all(old);
    let _ = std::fs::remove_dir_all(new);
}

#[test]
fn the_rule_diff_across_the_2025_reform_names_what_ended_and_what_began() {
    let (code, out, err) = run(&[
        "diff",
        "--as-of",
        "2025-06-30",
        "--to",
        "2025-07-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let subjects = v["subjects"].as_array().unwrap();
    // NĐ 33/2023's commune civil-servant standard ended with the district level
    let commune = subjects
        .iter()
        .find(|s| s["name"] == "Công chức cấp xã")
        .expect("commune civil servant listed");
    assert!(
        commune["aspects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["aspect"] == "no_standard"),
        "{commune}"
    );
    // the leadership course of NĐ 171/2025 began on 01/7/2025
    let head = subjects
        .iter()
        .find(|s| s["name"] == "Trưởng phòng")
        .unwrap();
    assert!(head["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["change"] == "added" && c["criterion"] == "bồi dưỡng QLNN lãnh đạo, quản lý"));
}

#[test]
fn diff_refuses_nothing_to_compare_and_formats_it_cannot_write() {
    let (code, _, err) = run(&["diff", ROSTER]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing to compare"), "{err}");
    let (code, _, err) = run(&["diff", ROSTER, "--to", "2025-07-01", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("diff writes table, json or xlsx"), "{err}");
}
