//! A streamed audit (json, jsonl, csv, `--summary-only`) writes each person as evaluated and
//! keeps only the counts: its output is byte for byte the in-memory report's, and the same with
//! one thread and with two.

use std::process::Command;

use chuanhoa::i18n::Lang;
use chuanhoa::report::{AuditReport, Format};

use crate::common::{audit_csv, builtin_rules, root};

const ROSTER: &str = "tests/fixtures/rosters/regression.csv";

fn cli(args: &[&str], threads: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_chuanhoa"))
        .args(args)
        .current_dir(root())
        .env("CHUANHOA_LANG", "en")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("binary runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}");
    // no progress bar when standard error is not a terminal
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn streamed_reports_equal_the_in_memory_ones_with_one_or_two_threads() {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(ROSTER), "2026-11-25");
    for (format, summary_only) in [
        (Format::Json, false),
        (Format::Jsonl, false),
        (Format::Csv, false),
        (Format::Json, true),
        (Format::Table, true),
    ] {
        let mut report = AuditReport::new(ROSTER, &plan, &out, None, Lang::En);
        report.summary_only = summary_only;
        let mut in_memory = Vec::new();
        report.write(&mut in_memory, format).unwrap();
        let mut args = vec![
            "audit",
            ROSTER,
            "--as-of",
            "2026-11-25",
            "--format",
            format.name(),
        ];
        if summary_only {
            args.push("--summary-only");
        }
        let one = cli(&args, "1");
        let two = cli(&args, "2");
        assert_eq!(one, two, "{format:?}: one thread and two differ");
        assert_eq!(
            String::from_utf8_lossy(&one),
            String::from_utf8_lossy(&in_memory),
            "{format:?} summary_only={summary_only}: streamed and in-memory differ"
        );
    }
}

/// Every cell of every sheet of a workbook, sheet by sheet.
fn cells(path: &std::path::Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).expect("workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn a_streamed_workbook_holds_the_cells_of_the_in_memory_one() {
    let rules = builtin_rules();
    let (plan, out) = audit_csv(&rules, &root().join(ROSTER), "2026-11-25");
    let report = AuditReport::new(ROSTER, &plan, &out, None, Lang::En);
    let dir = std::env::temp_dir().join(format!("chuanhoa-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let kept = dir.join("kept.xlsx");
    std::fs::write(
        &kept,
        chuanhoa::report::xlsx::workbook_bytes(&report).unwrap(),
    )
    .unwrap();
    let streamed = dir.join("streamed.xlsx");
    cli(
        &[
            "audit",
            ROSTER,
            "--as-of",
            "2026-11-25",
            "-o",
            streamed.to_str().unwrap(),
        ],
        "2",
    );
    let (a, b) = (cells(&kept), cells(&streamed));
    assert_eq!(
        a.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "Summary",
            "Detail",
            "Training plan",
            "Rejected rows",
            "Unreadable values"
        ]
    );
    assert!(a[1].1.len() > 20, "the detail sheet has rows");
    assert_eq!(a, b);
    let _ = std::fs::remove_dir_all(&dir);
}
