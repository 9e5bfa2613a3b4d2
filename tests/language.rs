//! The reuse constructs of the rule language, end to end: named standards (`standard "…"` and
//! `includes standard`), a requirement that depends on the person (`case … : …`), a title that
//! applies only where its header's `when` holds, and `use builtin` (an office's own file on top
//! of the shipped rules). Each fixture's examples pass; the audit shows what each does.

use crate::common::run;

const DIR: &str = "tests/fixtures/language";

/// Audits a small CSV roster with one fixture of this folder on 2026-01-01, as JSON.
fn audit_json(csv: &str, rules: &str) -> serde_json::Value {
    let dir =
        std::env::temp_dir().join(format!("chuanhoa-language-{rules}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("roster.csv");
    std::fs::write(&roster, csv).unwrap();
    let (code, out, err) = run(&[
        "audit",
        roster.to_str().unwrap(),
        "--rules",
        &format!("{DIR}/{rules}.rules"),
        "--as-of",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_examples_of_each_construct_pass() {
    for file in ["cases", "standards", "when", "office"] {
        let path = format!("{DIR}/{file}.rules");
        let (code, out, err) = run(&["test", &path]);
        assert_eq!(code, 0, "{path}\n{out}{err}");
        assert!(out.contains(" 0 failed"), "{out}");
    }
}

#[test]
fn a_criterion_of_cases_shows_the_requirement_of_the_case_that_decided() {
    let v = audit_json(
        "Họ và tên,Ngạch,Giới tính,Ngày sinh\nA,Chuyên viên,Nữ,01/06/1964\nB,Chuyên viên,Nam,01/06/1964\nC,Chuyên viên,,01/06/1964\n",
        "cases",
    );
    let finding = |row: usize| &v["people"][row]["findings"][0];
    // one criterion named `tuổi`, its requirement the case of the person's gender
    assert_eq!(finding(0)["criterion"], "tuổi");
    assert_eq!(finding(0)["result"], "unmet");
    assert_eq!(finding(0)["required"], "< 60 (gender == Nữ)");
    assert_eq!(finding(1)["result"], "met");
    assert_eq!(finding(1)["required"], "< 62 (gender == Nam)");
    // gender not given: which case applies cannot be told
    assert_eq!(finding(2)["result"], "unknown");
}

#[test]
fn a_named_standard_is_included_but_never_held_and_a_title_applies_only_where_its_when_holds() {
    let (code, out, _) = run(&["check", &format!("{DIR}/standards.rules")]);
    assert_eq!(code, 0, "{out}");
    let v = audit_json(
        "Họ và tên,Chức vụ,Cấp,Trình độ\nA,Chánh Văn phòng,tỉnh,Cao đẳng\nB,Chánh Văn phòng,xã,Cao đẳng\n",
        "when",
    );
    assert_eq!(v["people"][0]["status"], "unmatched");
    assert_eq!(v["people"][0]["unmatched"][0], "Chánh Văn phòng");
    assert_eq!(v["people"][1]["status"], "gaps");
}

#[test]
fn use_builtin_adds_an_office_file_to_the_shipped_rules() {
    let (code, out, err) = run(&["check", &format!("{DIR}/office.rules")]);
    assert_eq!(code, 0, "{out}{err}");
    // the shipped files and the office's own
    assert!(out.contains("10 files"), "{out}");
    let (code, out, _) = run(&["test", &format!("{DIR}/office.rules")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ok     CV CNTT chỉ có tin học cơ bản"),
        "{out}"
    );
}
