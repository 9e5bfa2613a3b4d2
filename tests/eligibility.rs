//! Eligibility on a Sở's roster with planned cadres, ratings and disciplinary periods
//! (`tests/fixtures/rosters/eligibility-2026.csv`, one person per case, its last column says
//! which): who may be appointed Trưởng phòng, who is one training away, and the review of every
//! planned cadre against their planned post.

use crate::common::run;

const ROSTER: &str = "tests/fixtures/rosters/eligibility-2026.csv";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["eligible", ROSTER];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// The person with this id against the post, as the JSON report gives them.
fn person<'v>(v: &'v serde_json::Value, id: &str, post: &str) -> &'v serde_json::Value {
    v["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id && p["post"] == post)
        .unwrap_or_else(|| panic!("{id} is not considered for {post}"))
}

fn condition<'v>(p: &'v serde_json::Value, name: &str) -> &'v str {
    p["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion"] == name)
        .unwrap_or_else(|| panic!("no condition {name}"))["result"]
        .as_str()
        .unwrap()
}

#[test]
fn planned_cadres_are_reviewed_against_their_planned_post() {
    let (code, out, err) = run(&["eligible", ROSTER, "--planned", "--at", "2026-11-25"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("eligible_planned_2026_11_25", out);
}

#[test]
fn who_may_be_appointed_truong_phong_on_2027_06_30() {
    let (code, out, err) = run(&[
        "eligible",
        ROSTER,
        "--for",
        "position",
        "Trưởng phòng",
        "--at",
        "2027-06-30",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("eligible_truong_phong_2027_06_30", out);
}

#[test]
fn each_case_of_the_roster_gets_its_answer() {
    let v = json(&["--for", "position", "Trưởng phòng", "--at", "2026-11-25"]);
    let tp = "Trưởng phòng";
    assert_eq!(person(&v, "SNV01", tp)["status"], "eligible");
    // eight months as Phó Trưởng phòng
    let p = person(&v, "SNV02", tp);
    assert_eq!(p["status"], "not_eligible");
    assert_eq!(
        condition(p, "giữ chức vụ liền kề ít nhất 12 tháng"),
        "unmet"
    );
    // only the trung cấp LLCT course is missing: 8 months from 25/11/2026
    let p = person(&v, "SNV03", tp);
    assert_eq!(p["one_step"]["trainings"][0]["code"], "TC-LLCT");
    assert_eq!(p["one_step"]["eligible_by"], "2027-07-25");
    // two courses one after another
    assert_eq!(
        person(&v, "SNV11", tp)["one_step"]["eligible_by"],
        "2027-09-25"
    );
    // trained by 25/7/2027 he would no longer have five years before retirement
    let p = person(&v, "SNV15", tp);
    assert_eq!(
        p["one_step"]["still_missing"][0],
        "đủ tuổi công tác trọn thời hạn bổ nhiệm"
    );
    assert_eq!(
        condition(
            person(&v, "SNV05", tp),
            "hoàn thành tốt nhiệm vụ trở lên trong 03 năm gần nhất"
        ),
        "unmet"
    );
    assert_eq!(
        condition(
            person(&v, "SNV06", tp),
            "không đang trong thời hạn xử lý kỷ luật"
        ),
        "unmet"
    );
    // a missing rating or birth date is to confirm, never a pass
    assert_eq!(person(&v, "SNV08", tp)["status"], "to_confirm");
    assert_eq!(person(&v, "SNV14", tp)["status"], "to_confirm");
    // the Trưởng phòng already holds the post
    assert_eq!(v["already_holding"], 1);
    assert!(
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["id"] != "SNV10")
    );
    // the conditions no roster shows are listed for the office, with their article
    let confirm = v["posts"][0]["confirm"].as_array().unwrap();
    assert!(
        confirm
            .iter()
            .any(|c| c["label"].as_str().unwrap().contains("kê khai tài sản"))
    );
    assert!(
        confirm
            .iter()
            .all(|c| c["source"].as_str().unwrap().contains("[V]"))
    );
}

#[test]
fn time_moves_forward_with_at_but_trainings_are_not_assumed() {
    let v = json(&["--for", "position", "Trưởng phòng", "--at", "2027-06-30"]);
    let tp = "Trưởng phòng";
    // 15 months in post by then; the 2026 rating is not in the roster yet: to confirm
    let p = person(&v, "SNV02", tp);
    assert_eq!(condition(p, "giữ chức vụ liền kề ít nhất 12 tháng"), "met");
    assert_eq!(p["status"], "to_confirm");
    // the discipline has ended
    assert_eq!(
        condition(
            person(&v, "SNV06", tp),
            "không đang trong thời hạn xử lý kỷ luật"
        ),
        "met"
    );
    // the LLCT course is still missing
    assert_eq!(
        condition(person(&v, "SNV03", tp), "political_theory"),
        "unmet"
    );
}

#[test]
fn promotion_to_chuyen_vien_chinh() {
    let v = json(&["--for", "rank", "Chuyên viên chính", "--at", "2026-11-25"]);
    let cvc = "Chuyên viên chính";
    // rated "hoàn thành tốt" in 2025, but no QLNN course of the CVC rank: one course away
    let p = person(&v, "SNV17", cvc);
    assert_eq!(
        condition(p, "hoàn thành tốt nhiệm vụ trở lên năm công tác liền kề"),
        "met"
    );
    assert_eq!(p["one_step"]["trainings"][0]["code"], "BD-QLNN-CVC");
    // rated only "hoàn thành nhiệm vụ" in 2025
    let p = person(&v, "SNV18", cvc);
    assert_eq!(p["status"], "not_eligible");
    assert!(p["one_step"].is_null());
}

#[test]
fn unknown_posts_and_bad_questions_are_refused_with_a_suggestion() {
    let (code, _, err) = run(&["eligible", ROSTER, "--for", "position", "Trưởng phòngg"]);
    assert_eq!(code, 2);
    assert!(err.contains("Trưởng phòng"), "{err}");
    let (code, _, err) = run(&["eligible", ROSTER, "--for", "chức vụ", "Trưởng phòng"]);
    assert_eq!(code, 2);
    assert!(err.contains("--for position"), "{err}");
    let (code, _, err) = run(&["eligible", ROSTER, "--planned", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("table, JSON, an xlsx"), "{err}");
}

/// The workbook: Vietnamese by default (sheets, headers, results), English with `--lang en`.
#[test]
fn the_workbook_has_the_people_and_each_condition() {
    let dir = std::env::temp_dir().join(format!("chuanhoa-eligible-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("du-dieu-kien.xlsx");
    let args = [
        "eligible",
        ROSTER,
        "--planned",
        "--at",
        "2026-11-25",
        "-o",
        path.to_str().unwrap(),
    ];
    let vi = (["Tổng hợp", "Danh sách", "Từng điều kiện"], "Đủ điều kiện");
    let en = (["Summary", "People", "Conditions"], "Eligible");
    for (in_vietnamese, (sheets, eligible)) in [(true, vi), (false, en)] {
        let (code, _, err) = if in_vietnamese {
            crate::common::run_vi(&args)
        } else {
            run(&args)
        };
        assert_eq!(code, 0, "{err}");
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), sheets.to_vec());
        let people = wb.worksheet_range(sheets[1]).unwrap();
        let an = people
            .rows()
            .find(|r| matches!(&r[1], calamine::Data::String(s) if s == "SNV01"))
            .expect("SNV01 listed");
        assert_eq!(an[6].to_string(), eligible);
        let lan = people
            .rows()
            .find(|r| matches!(&r[1], calamine::Data::String(s) if s == "SNV11"))
            .expect("SNV11 listed");
        assert_eq!(lan[9].to_string(), "2027-09-25");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `at least K of last N years`, `each of …`, `is empty`, `today` and `planned`: decided,
/// undecided (a missing year or column is unknown, never a pass) and failing.
#[test]
fn yearly_counts_emptiness_and_planning_are_three_valued() {
    let (code, out, err) = run(&["test", "tests/fixtures/eligibility/yearly.rules"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("4 passed, 0 failed\n"), "{out}");
}

#[test]
fn the_answer_as_a_web_page() {
    let (code, html, err) = run(&[
        "eligible",
        ROSTER,
        "--for",
        "position",
        "Trưởng phòng",
        "--at",
        "2026-11-25",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("id=\"people-0\""));
    // one training away, with the date; the office's confirmations with their article
    assert!(html.contains("2027-07-25"));
    assert!(html.contains("kê khai tài sản"));
    assert!(html.contains("NĐ 170/2025/NĐ-CP, Điều 29 khoản 4"));
}

/// Issue 11: `eligible --redact` names people by their row and leaves out ids; no birth date
/// is shown (the conditions show ages and years).
#[test]
fn redacted_eligibility_holds_no_name_id_or_birth_date() {
    let roster = "tests/fixtures/rosters/eligibility-2026.csv";
    let text = std::fs::read_to_string(crate::common::root().join(roster)).unwrap();
    let mut secrets = Vec::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        secrets.extend(
            [cells[1], cells[2], cells[3]]
                .into_iter()
                .filter(|c| !c.trim().is_empty())
                .map(str::to_string),
        );
    }
    for format in ["table", "json", "html"] {
        let (code, out, err) = crate::common::run(&[
            "eligible",
            roster,
            "--planned",
            "--at",
            "2026-11-25",
            "--redact",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{err}");
        for secret in &secrets {
            assert!(!out.contains(secret.as_str()), "{format} holds `{secret}`");
        }
        assert!(
            out.contains("#2"),
            "{format}: people are named by their row"
        );
    }
}
