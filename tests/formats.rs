//! Real rosters: one roster in CSV, XLSX, JSON and JSON Lines gives one answer; a BM01-style
//! workbook (title rows, merged two-row header, numbering row, birth dates under Nam / Nữ)
//! audits like the same data as CSV; non-UTF-8 CSVs are decoded or reported; `--map` and
//! `columns`.

use chuanhoa::aggregate::summarize;
use chuanhoa::i18n::Lang;
use chuanhoa::report::table::verdict_line;
use chuanhoa::report::{AuditReport, Format};

use crate::common::{audit_csv, builtin_rules, root, run};

const DIR: &str = "tests/fixtures/rosters";

fn audit_json(name: &str, as_of: &str) -> Vec<u8> {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(DIR).join(name), as_of);
    let mut bytes = Vec::new();
    AuditReport::new("roster", &plan, &out, None, Lang::Vi)
        .write(&mut bytes, Format::Json)
        .unwrap();
    bytes
}

#[test]
fn one_roster_in_four_formats_gives_byte_identical_json() {
    let csv = audit_json("regression.csv", "2025-12-31");
    for other in ["regression.xlsx", "regression.json", "regression.jsonl"] {
        let bytes = audit_json(other, "2025-12-31");
        assert!(
            bytes == csv,
            "{other} differs from regression.csv:\n{}",
            first_difference(&csv, &bytes)
        );
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("csv:   {x}\nother: {y}"))
        .unwrap_or_else(|| "lengths differ".to_string())
}

/// Verdict lines without the row number, which differs by design (title rows count).
fn verdicts_without_rows(name: &str) -> (Vec<u32>, Vec<String>) {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(DIR).join(name), "2025-12-31");
    assert!(out.rejected.is_empty(), "{name}: {:?}", out.rejected);
    assert_eq!(out.total, out.people.len() + out.rejected.len());
    let rows = out.people.iter().map(|p| p.staff.row).collect();
    let lines = out
        .people
        .iter()
        .map(|p| {
            let line = verdict_line(&plan, p);
            line.split_once(" | ")
                .map_or(line.clone(), |(_, rest)| rest.to_string())
        })
        .collect();
    (rows, lines)
}

#[test]
fn bm01_workbook_audits_exactly_like_the_same_data_as_csv() {
    let (csv_rows, csv) = verdicts_without_rows("bm01.csv");
    assert_eq!(csv.len(), 18);
    assert_eq!(csv_rows.first(), Some(&2));
    for workbook in ["bm01.xlsx", "bm01.xls", "bm01.ods"] {
        let (rows, lines) = verdicts_without_rows(workbook);
        assert_eq!(lines, csv, "{workbook}");
        // two title rows, a blank row, two header rows and a numbering row come first
        assert_eq!(
            rows.first(),
            Some(&7),
            "{workbook}: rows as the spreadsheet numbers them"
        );
        assert_eq!(rows.last(), Some(&24), "{workbook}");
    }
}

#[test]
fn windows_1258_and_utf16_csv_audit_like_utf8() {
    let utf8 = audit_json("utf8-small.csv", "2025-12-31");
    for other in ["windows-1258.csv", "utf16.txt"] {
        let bytes = audit_json(other, "2025-12-31");
        assert!(
            bytes == utf8,
            "{other}:\n{}",
            first_difference(&utf8, &bytes)
        );
    }
}

#[test]
fn tcvn3_text_is_reported_not_misread() {
    let (code, _, err) = run(&["audit", "tests/fixtures/rosters/tcvn3.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("tcvn3.csv"), "{err}");
    assert!(err.contains("TCVN3 (ABC)"), "{err}");
}

#[test]
fn columns_lists_the_mapping_and_what_is_missing() {
    let (code, out, err) = run(&[
        "columns",
        "tests/fixtures/rosters/bm01.xlsx",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn map_feeds_an_unusual_header_to_a_field() {
    let dir = std::env::temp_dir().join(format!("chuanhoa-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("unusual.csv");
    std::fs::write(
        &roster,
        "Họ và tên,Ngạch,Trình độ CM,QLNN\nA,Chuyên viên,Cao đẳng,CV\nB,Chuyên viên,Đại học,CV\n",
    )
    .unwrap();
    let r = roster.to_string_lossy().into_owned();
    let (code, out, _) = run(&["audit", &r, "--as-of", "2025-12-31", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("the roster has no `education` column"),
        "{out}"
    );
    let (code, out, _) = run(&[
        "audit",
        &r,
        "--as-of",
        "2025-12-31",
        "--format",
        "csv",
        "--map",
        "Trình độ CM=education",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("education,rank Chuyên viên,unmet,Đại học,Cao đẳng"),
        "{out}"
    );
    let (code, _, err) = run(&["audit", &r, "--map", "Trình độ CM=eduction"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `education`"), "{err}");
    let (code, _, err) = run(&["audit", &r, "--map", "Bằng cấp=education"]);
    assert_eq!(code, 2);
    assert!(err.contains("no column `Bằng cấp`"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn xlsx_report_holds_four_sheets_that_read_back() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = std::env::temp_dir().join(format!("chuanhoa-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("bao-cao.xlsx");
    let t = target.to_string_lossy().into_owned();
    let args = [
        "audit",
        "tests/fixtures/rosters/rejected.csv",
        "--as-of",
        "2025-12-31",
        "--format",
        "xlsx",
        "-o",
        &t,
    ];
    // in English on request: sheet names and headers follow --lang
    let (code, _, err) = run(&args);
    assert_eq!(code, 1, "rejected rows exit 1: {err}");
    let wb = open_workbook_auto(&target).expect("the report opens");
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Detail",
            "Training plan",
            "Rejected rows",
            "Unreadable values"
        ]
    );
    // Vietnamese by default
    let (code, _, err) = crate::common::run_vi(&args);
    assert_eq!(code, 1, "rejected rows exit 1: {err}");
    let mut wb = open_workbook_auto(&target).expect("the report opens");
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Tổng hợp",
            "Chi tiết",
            "Kế hoạch bồi dưỡng",
            "Dòng bị loại",
            "Giá trị không đọc được"
        ]
    );
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    };
    let sheet = |wb: &mut calamine::Sheets<_>, name: &str| -> Vec<Vec<String>> {
        wb.worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(text).collect())
            .collect()
    };
    // the summary agrees with the JSON summary of the same audit
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(DIR).join("rejected.csv"), "2025-12-31");
    let s = summarize(&plan, &out);
    let summary = sheet(&mut wb, "Tổng hợp");
    let value = |label: &str| {
        summary
            .iter()
            .find(|r| r[0].starts_with(label))
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("no `{label}` in {summary:?}"))
    };
    assert_eq!(value("Tổng số dòng"), s.total.to_string());
    assert_eq!(value("Đã đánh giá"), s.audited.to_string());
    assert_eq!(value("Bị loại"), s.rejected.to_string());
    assert_eq!(value("Chưa đạt chuẩn"), s.with_gaps.to_string());
    // one detail row per unmet, unknown or pending finding
    let detail = sheet(&mut wb, "Chi tiết");
    assert_eq!(detail[0][0], "Dòng");
    let expected: usize = out
        .people
        .iter()
        .map(|p| {
            p.result
                .findings
                .iter()
                .filter(|f| {
                    f.verdict != chuanhoa::finding::Verdict::Met
                        && f.verdict != chuanhoa::finding::Verdict::Exempt
                })
                .count()
        })
        .sum();
    assert_eq!(detail.len() - 1, expected);
    assert!(
        detail.iter().skip(1).all(|r| !r[11].is_empty()),
        "every finding is cited"
    );
    // the rejected rows, with their row numbers and their reasons in the workbook's language
    let mut plan_vi = chuanhoa::plan::Plan::for_date(&rules, plan.as_of, "built-in");
    plan_vi.lang = chuanhoa::i18n::Lang::Vi;
    let out_vi =
        chuanhoa::audit::audit_file(&plan_vi, &root().join(DIR).join("rejected.csv")).unwrap();
    let rejected = sheet(&mut wb, "Dòng bị loại");
    assert_eq!(rejected.len() - 1, out_vi.rejected.len());
    for (r, e) in rejected.iter().skip(1).zip(&out_vi.rejected) {
        assert_eq!(r[0], e.row.to_string());
        assert_eq!(r[2], e.reason);
    }
    let training = sheet(&mut wb, "Kế hoạch bồi dưỡng");
    assert_eq!(training[0][0], "Khóa đào tạo, bồi dưỡng");
    // the values no level matched, one row per column and value
    let values = sheet(&mut wb, "Giá trị không đọc được");
    let expected_values = chuanhoa::aggregate::unreadable_values(&plan, &out);
    assert_eq!(values.len() - 1, expected_values.len());
    for (r, v) in values.iter().skip(1).zip(&expected_values) {
        assert_eq!(
            (r[2].as_str(), r[3].as_str()),
            (v.value.as_str(), v.count.to_string().as_str())
        );
    }
    std::fs::remove_dir_all(&dir).ok();

    let (code, _, err) = run(&["audit", "examples/roster.csv", "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o"), "{err}");
}

#[test]
fn a_rank_code_excel_turned_into_a_number_still_matches() {
    let dir = std::env::temp_dir().join(format!("chuanhoa-code-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("codes.csv");
    std::fs::write(
        &roster,
        "Họ và tên,Mã ngạch,Trình độ chuyên môn,QLNN\nA,1.003,Đại học,CV\nB,9.999,Đại học,CV\n",
    )
    .unwrap();
    let r = roster.to_string_lossy().into_owned();
    let (code, out, _) = run(&["audit", &r, "--as-of", "2025-12-31", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let people: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        people[0]["status"], "meets",
        "1.003 is 01.003: {}",
        people[0]
    );
    assert_eq!(people[1]["status"], "unmatched");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sheet_is_chosen_by_name_and_a_wrong_name_lists_the_sheets() {
    let (code, out, err) = run(&[
        "columns",
        "tests/fixtures/rosters/bm01.xlsx",
        "--sheet",
        "bm01",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sheet `BM01`"), "{out}");
    let (code, _, err) = run(&[
        "audit",
        "tests/fixtures/rosters/bm01.xlsx",
        "--sheet",
        "Tổng hợp",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no sheet `Tổng hợp`; the sheets are: BM01"),
        "{err}"
    );
}
