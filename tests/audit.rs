//! Audits of real-looking rosters: the verdict snapshot and the JSON contract.

use chuanhoa::i18n::Lang;
use chuanhoa::report::table::verdict_line;
use chuanhoa::report::{AuditReport, Format};

use crate::common::{audit_csv, builtin_rules, root};

#[test]
fn sample_roster_verdicts() {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join("examples/roster.csv"), "2025-12-31");
    let mut lines: Vec<String> = out.people.iter().map(|p| verdict_line(&plan, p)).collect();
    lines.extend(
        out.rejected
            .iter()
            .map(|r| format!("row {} | rejected | {}", r.row, r.reason)),
    );
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn json_follows_the_contract_and_accounts_for_every_row() {
    let rules = builtin_rules();
    for roster in [
        "examples/roster.csv",
        "tests/fixtures/rosters/rejected.csv",
        "tests/fixtures/rosters/regression.csv",
        "tests/fixtures/rosters/bm01.xlsx",
        "tests/fixtures/rosters/regression.jsonl",
    ] {
        let (plan, out) = audit_csv(&rules, &root().join(roster), "2025-12-31");
        let mut bytes = Vec::new();
        AuditReport::new("roster", &plan, &out, None, Lang::Vi)
            .write(&mut bytes, Format::Json)
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        assert_eq!(v["as_of"], "2025-12-31");
        assert_eq!(v["rules"], "built-in");
        let s = &v["summary"];
        for key in [
            "total",
            "audited",
            "rejected",
            "meeting",
            "with_gaps",
            "incomplete",
            "pending",
            "unmatched",
            "no_standard",
            "by_criterion",
        ] {
            assert!(!s[key].is_null(), "summary.{key} missing");
        }
        let n = |k: &str| s[k].as_u64().unwrap();
        assert_eq!(
            n("total"),
            n("audited") + n("rejected"),
            "{roster}: every row accounted for"
        );
        assert_eq!(
            n("audited"),
            n("meeting")
                + n("with_gaps")
                + n("incomplete")
                + n("pending")
                + n("unmatched")
                + n("no_standard")
        );
        let people = v["people"].as_array().unwrap();
        assert_eq!(people.len() as u64, n("audited"));
        assert_eq!(
            v["rejected"].as_array().unwrap().len() as u64,
            n("rejected")
        );
        assert!(v["targets"].is_array() && v["training_plan"].is_array());
        for p in people {
            for key in [
                "row",
                "id",
                "name",
                "rank",
                "positions",
                "status",
                "findings",
            ] {
                assert!(!p[key].is_null(), "person.{key} missing in {p}");
            }
            for f in p["findings"].as_array().unwrap() {
                for key in [
                    "criterion",
                    "rule",
                    "result",
                    "required",
                    "actual",
                    "source",
                    "training",
                ] {
                    assert!(f.get(key).is_some(), "finding.{key} missing in {f}");
                }
                let result = f["result"].as_str().unwrap();
                assert!(["met", "unmet", "unknown", "pending", "exempt"].contains(&result));
                assert!(
                    f["source"].is_string(),
                    "every shipped finding is cited: {f}"
                );
                if result == "unknown" || result == "exempt" {
                    assert!(f["reason"].is_string(), "an {result} says why: {f}");
                }
                if result == "pending" {
                    assert!(f["deadline"].is_string(), "a pending has a deadline: {f}");
                }
                let unverified = f["source"].as_str().unwrap().contains("[U");
                assert_eq!(
                    f.get("unverified").is_some_and(|v| v == true),
                    unverified,
                    "a finding on a [U] rule says so: {f}"
                );
            }
        }
    }
}

#[test]
fn messy_values_are_read_or_reported() {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join("examples/roster.csv"), "2025-12-31");
    let by_row = |row: u32| out.people.iter().find(|p| p.staff.row == row).unwrap();
    // "Thạc sỹ", old tone placement and "QLNN  CV." all read as levels
    assert_eq!(by_row(2).result.status.as_str(), "meets");
    assert_eq!(by_row(23).result.status.as_str(), "meets");
    // "Đai học" is no level: unknown with a suggestion, never a silent pass or fail
    let typo = by_row(13);
    let f = typo
        .result
        .findings
        .iter()
        .find(|f| f.reason.is_some())
        .unwrap();
    assert!(
        f.reason
            .as_deref()
            .unwrap()
            .contains("did you mean `Đại học`"),
        "{:?}",
        f.reason
    );
    // a rank given only by code matches
    assert!(by_row(38).staff.rank.is_some());
    assert_eq!(plan.as_of.to_string(), "2025-12-31");
}

/// The training plan's "to confirm" people (short either way, relief undecided) are found from
/// the finding itself, not from the words of its reason: a Vietnamese report lists the same
/// people as an English one.
#[test]
fn to_confirm_does_not_depend_on_the_language() {
    let args = [
        "audit",
        "tests/fixtures/rosters/regression.csv",
        "--as-of",
        "2025-12-31",
        "--format",
        "json",
    ];
    let (_, en, _) = crate::common::run(&args);
    let (_, vi, _) = crate::common::run_vi(&args);
    let to_confirm = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["training_plan"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["staff"].as_array().unwrap().clone())
            .filter(|s| s.get("to_confirm").is_some())
            .map(|s| s["row"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert!(!to_confirm(&en).is_empty());
    assert_eq!(to_confirm(&vi), to_confirm(&en));
}

/// A rank name written with other accents ("Kê toán viên chính") is read as the one rank it
/// folds to, and the person's notes say so; a name that folds to no rank stays unmatched; a code
/// and a name naming two different ranks are reported, the code winning.
#[test]
fn misaccented_rank_names_are_read_with_a_note() {
    let dir = std::env::temp_dir().join(format!("chuanhoa-ngach-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("ngach.csv");
    std::fs::write(
        &roster,
        "Họ và tên,Ngày sinh,Ngạch,Mã ngạch,Trình độ chuyên môn\n\
         A,1980-01-01,Kê toán viên chính,,Đại học\n\
         B,1980-01-01,Giaó viên trung học,,Đại học\n\
         C,1980-01-01,Chuyên viên chinh,,Đại học\n\
         D,1980-01-01,Chuyên viên,01.002,Đại học\n",
    )
    .unwrap();
    let args = ["audit", roster.to_str().unwrap(), "--format", "json"];
    let (_, out, _) = crate::common::run(&args);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let person = |row: u64| {
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["row"] == row)
            .unwrap()
            .clone()
    };
    let notes = |row: u64| person(row)["notes"].to_string();
    assert!(notes(2).contains("read as Kế toán viên (written with other accents)"));
    assert_eq!(person(3)["status"], "unmatched");
    assert!(notes(4).contains("read as Chuyên viên chính"));
    assert_ne!(person(4)["status"], "unmatched");
    assert!(notes(5).contains("rank code `01.002` is Chuyên viên chính"));
    assert!(notes(5).contains("the code was used"));
    // in Vietnamese by default
    let (_, vi, _) = crate::common::run_vi(&args);
    assert!(vi.contains("được đọc là Kế toán viên (viết sai dấu)"));
}
