//! The binary end to end: exit codes 0/1/2, atomic `-o`, `test` and `explain`.

use crate::common::{root, run};

#[test]
fn audit_of_the_sample_exits_0() {
    let (code, out, _) = run(&["audit", "examples/roster.csv", "--as-of", "2025-12-31"]);
    assert_eq!(code, 0);
    assert!(out.contains("audited            40"), "{out}");
}

#[test]
fn rejected_rows_exit_1_and_are_listed() {
    let (code, out, _) = run(&[
        "audit",
        "tests/fixtures/rosters/rejected.csv",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("rejected rows"), "{out}");
    assert!(out.contains("row 4"), "{out}");
}

#[test]
fn bad_rules_and_bad_arguments_exit_2() {
    let (code, _, err) = run(&["check", "tests/fixtures/check/err_unknown_level.rules"]);
    assert_eq!(code, 2);
    assert!(err.contains("err_unknown_level.rules:6:27"), "{err}");
    assert!(err.contains("did you mean `Đại học`?"), "{err}");
    let (code, _, _) = run(&["audit", "examples/roster.csv", "--as-of", "31/12/2025"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(&["audit", "no/such/roster.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/roster.csv"), "{err}");
    let (code, _, _) = run(&[
        "audit",
        "examples/roster.csv",
        "--rules",
        "tests/fixtures/check/err_include_cycle.rules",
    ]);
    assert_eq!(code, 2);
}

/// `audit` of the sample roster as JSON into `target`.
fn audit_sample_to(target: &std::path::Path) -> (i32, String, String) {
    let t = target.to_string_lossy().into_owned();
    run(&[
        "audit",
        "examples/roster.csv",
        "--as-of",
        "2025-12-31",
        "--format",
        "json",
        "-o",
        &t,
    ])
}

#[test]
fn output_file_is_written_whole() {
    let dir = std::env::temp_dir().join(format!("chuanhoa-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("report.json");
    let (code, out, _) = audit_sample_to(&target);
    assert_eq!(code, 0);
    assert!(out.is_empty(), "nothing on stdout with -o");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(json["summary"]["total"], 40);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "report.json")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `-o` naming a pipe (as `/dev/null` names a device) writes through it, never renames a file
/// over it; `-o` naming a symbolic link replaces the file it points to and keeps the link.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_or_a_link_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let dir = std::env::temp_dir().join(format!("chuanhoa-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // a FIFO, read by a thread while the audit writes it
    let fifo = dir.join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let (code, _, err) = audit_sample_to(&fifo);
    assert_eq!(code, 0, "{err}");
    // checked before waiting for the reader, which a replaced pipe would leave waiting
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by a file");
    let json: serde_json::Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert_eq!(json["summary"]["total"], 40);
    // a link to a report
    let real = dir.join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, _, err) = audit_sample_to(&link);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&real).unwrap()).unwrap();
    assert_eq!(json["summary"]["total"], 40);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn test_command_runs_the_examples() {
    let (code, out, _) = run(&["test"]);
    assert_eq!(code, 0, "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn explain_shows_values_and_citations() {
    let (code, out, _) = run(&[
        "explain",
        "examples/roster.csv",
        "--row",
        "4",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Trần Thị Bình — row 4"), "{out}");
    assert!(out.contains("TT 2/2021/TT-BNV"), "{out}");
    assert!(out.contains("→ train:"), "{out}");
    let (code, _, _) = run(&[
        "explain",
        "examples/roster.csv",
        "--id",
        "NOPE",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 2);
    let _ = root();
}

#[test]
fn jsonl_and_csv_give_one_line_per_person_or_finding() {
    let (code, out, _) = run(&[
        "audit",
        "examples/roster.csv",
        "--as-of",
        "2025-12-31",
        "--format",
        "jsonl",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 40);
    let (code, out, _) = run(&[
        "audit",
        "examples/roster.csv",
        "--as-of",
        "2025-12-31",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("row,id,name,rank,positions,status,criterion"));
}

/// A reader that stops after one line (`… | head -1`) must not make any format fail or panic.
#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = std::env::temp_dir().join(format!("chuanhoa-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("big.csv");
    let mut text = String::from("Mã CB,Họ và tên,Ngạch,Trình độ chuyên môn\n");
    for i in 0..5000 {
        text.push_str(&format!("A{i},Người số {i},Chuyên viên,Cao đẳng\n"));
    }
    std::fs::write(&roster, text).unwrap();
    for format in ["table", "json", "jsonl", "csv"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chuanhoa"))
            .args(["audit", &roster.to_string_lossy(), "--as-of", "2025-12-31"])
            .args(["--format", format])
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // the reader is dropped here: the pipe closes with most of the report unwritten
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn values_lists_what_a_column_holds_that_could_not_be_read() {
    let (code, out, err) = run(&[
        "values",
        "tests/fixtures/rosters/regression.csv",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

/// Issue 10: an officer reads Vietnamese; `--lang en` switches every label of the table and the
/// reasons of findings.
#[test]
fn the_table_is_vietnamese_by_default_and_english_on_request() {
    let args = ["audit", "examples/roster.csv", "--as-of", "2025-12-31"];
    let (code, vi, err) = crate::common::run_vi(&args);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("sample_table_vi", vi);
    for english in [
        "rows read",
        "with gaps",
        "training plan",
        "people with gaps",
        "required",
    ] {
        assert!(!vi.contains(english), "`{english}` in the Vietnamese table");
    }
    let mut en_args = args.to_vec();
    en_args.extend(["--lang", "en"]);
    let (_, en, _) = crate::common::run_vi(&en_args);
    for english in [
        "rows read",
        "with gaps",
        "training plan",
        "people with gaps",
        "required",
    ] {
        assert!(en.contains(english), "`{english}` missing with --lang en");
    }
    assert!(!en.contains("đạt chuẩn"));
    let (_, explained, _) = crate::common::run_vi(&[
        "explain",
        "examples/roster.csv",
        "--row",
        "4",
        "--as-of",
        "2025-12-31",
    ]);
    assert!(
        explained.contains("yêu cầu") && explained.contains("dòng 4"),
        "{explained}"
    );
    assert!(explained.contains("không phải một mức của"), "{explained}");
}

/// Issue 11: `--redact` leaves no name, id or birth date of the roster in any report format.
#[test]
fn redacted_reports_hold_no_name_id_or_birth_date() {
    let roster = "tests/fixtures/rosters/eligibility-2026.csv";
    let text = std::fs::read_to_string(crate::common::root().join(roster)).unwrap();
    let mut secrets: Vec<String> = Vec::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        secrets.push(cells[1].to_string()); // Số hiệu CBCC
        secrets.push(cells[2].to_string()); // Họ và tên
        if !cells[3].is_empty() {
            // Ngày sinh, as written and as the reports write dates
            let parts: Vec<&str> = cells[3].split('/').collect();
            secrets.push(cells[3].to_string());
            secrets.push(format!("{}-{}-{}", parts[2], parts[1], parts[0]));
        }
    }
    let dir = std::env::temp_dir().join(format!("chuanhoa-redact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["table", "json", "jsonl", "csv", "html"] {
        let out = dir.join(format!("r.{format}"));
        let (code, stdout, err) = run(&[
            "audit",
            roster,
            "--as-of",
            "2026-11-25",
            "--redact",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stdout}{err}");
        let report = std::fs::read_to_string(&out).unwrap();
        for secret in &secrets {
            assert!(
                !report.contains(secret.as_str()),
                "{format} holds `{secret}`"
            );
        }
        // people are named by their row (the table lists only those with something to act on)
        let named = if format == "table" { "| #" } else { "#2" };
        assert!(report.contains(named), "{format}: rows are named by number");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 13: `--summary-only` gives the counts without a line per person (table and JSON).
#[test]
fn summary_only_leaves_out_the_people() {
    let base = [
        "audit",
        "examples/roster.csv",
        "--as-of",
        "2025-12-31",
        "--summary-only",
    ];
    let mut json = base.to_vec();
    json.extend(["--format", "json"]);
    let (code, out, err) = run(&json);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("people").is_none());
    assert_eq!(v["summary"]["with_gaps"], 12);
    assert!(v["training_plan"][0].get("staff").is_none());
    assert_eq!(v["training_plan"][0]["people"], 6);
    let (code, table, _) = run(&base);
    assert_eq!(code, 0);
    assert!(
        table.contains("with gaps") && !table.contains("people with gaps"),
        "{table}"
    );
    let mut csv = base.to_vec();
    csv.extend(["--format", "csv"]);
    let (code, _, err) = run(&csv);
    assert_eq!(code, 2);
    assert!(err.contains("--summary-only is for"), "{err}");
}

/// Issue 10: the reasons rows are rejected for are Vietnamese by default, English on request.
#[test]
fn rejection_reasons_follow_the_language() {
    let args = [
        "audit",
        "tests/fixtures/rosters/rejected.csv",
        "--as-of",
        "2025-12-31",
    ];
    let (code, vi, _) = crate::common::run_vi(&args);
    assert_eq!(code, 1);
    for reason in [
        "dòng có giá trị ở cột 6 nhưng hàng tiêu đề chỉ có 5 cột",
        "mã `A1` đã dùng ở dòng 2",
        "dòng trống",
    ] {
        assert!(vi.contains(reason), "{reason}\n{vi}");
    }
    let (_, en, _) = run(&args);
    for reason in [
        "the row has a value in column 6 but the header has only 5 columns",
        "id `A1` is already used at row 2",
        "the row is empty",
    ] {
        assert!(en.contains(reason), "{reason}\n{en}");
    }
}

/// Why a roster cannot be opened is said in Vietnamese by default and in English with
/// `--lang en`: a sheet asked of a CSV, a workbook whose first sheet is empty, JSON that is not
/// an array of objects, `--map` naming no field or no column, two columns feeding one field.
#[test]
fn roster_errors_follow_the_language() {
    let bad = |name: &str| format!("tests/fixtures/bad/{name}");
    let dir = std::env::temp_dir().join(format!("chuanhoa-lang-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken_array = dir.join("broken.json");
    std::fs::write(
        &broken_array,
        r#"[{"Họ và tên": "A", "Ngạch": "Chuyên viên"},"#,
    )
    .unwrap();
    let cases: [(Vec<String>, &str, &str); 6] = [
        (
            vec![
                bad("sheet_on_csv.csv"),
                "--sheet".into(),
                "Danh sách".into(),
            ],
            "không có trang tính",
            "has no sheets",
        ),
        (
            vec![bad("empty_first_sheet.xlsx")],
            "trang tính đầu tiên",
            "the first sheet",
        ),
        (
            vec![broken_array.to_string_lossy().into_owned()],
            "không phải mảng JSON",
            "not a JSON array",
        ),
        (
            vec![
                bad("map_unknown_field.csv"),
                "--map".into(),
                "Trình độ chuyên môn=trinh_do".into(),
            ],
            "không phải là một trường",
            "is not a field",
        ),
        (
            vec![
                bad("map_missing_header.csv"),
                "--map".into(),
                "Bằng cấp=education".into(),
            ],
            "không có cột",
            "has no column",
        ),
        (
            vec![bad("two_columns_one_field_map.csv")],
            "cùng cấp dữ liệu cho `education`",
            "all feed `education`",
        ),
    ];
    for (args, vi, en) in cases {
        let mut all = vec!["audit"];
        all.extend(args.iter().map(String::as_str));
        let (code, _, err_vi) = crate::common::run_vi(&all);
        assert_eq!(code, 2, "{all:?}: {err_vi}");
        assert!(err_vi.contains(vi), "{all:?}: {err_vi}");
        let (_, _, err_en) = crate::common::run(&all);
        assert!(err_en.contains(en), "{all:?}: {err_en}");
    }
}
