//! A streamed audit (table, json, jsonl, csv, `--summary-only`) writes each person as evaluated and
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
        (Format::Table, false),
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

/// The library's streaming API (`audit::audit_stream`) hands every audited person on in roster
/// order, batch by batch, and keeps only the accounting: the same people, rows and rejections as
/// the in-memory `audit_source`, from a file and from the same bytes in memory; a roster that
/// cannot be read is a typed `RosterError`, and an error of `each` stops the audit with it.
#[test]
fn the_streaming_api_accounts_for_every_row() {
    use chuanhoa::audit::{RosterOptions, RosterSource, StreamError, audit_source, audit_stream};
    let rules = builtin_rules();
    let (plan, whole) = audit_csv(&rules, &root().join(ROSTER), "2025-12-31");
    let bytes = std::fs::read(root().join(ROSTER)).unwrap();
    for source in [
        RosterSource::Path(&root().join(ROSTER)),
        RosterSource::Bytes {
            name: "regression.csv",
            bytes: bytes.clone(),
        },
    ] {
        let mut rows = Vec::new();
        let mut batches = 0;
        let accounted = audit_stream(&plan, source, &RosterOptions::default(), |batch| {
            batches += 1;
            rows.extend(batch.iter().map(|a| (a.staff.row, a.result.status)));
            Ok::<(), std::io::Error>(())
        })
        .unwrap();
        let expected: Vec<_> = whole
            .people
            .iter()
            .map(|a| (a.staff.row, a.result.status))
            .collect();
        assert_eq!(rows, expected);
        assert!(batches >= 1);
        assert_eq!(accounted.total, whole.total);
        assert_eq!(accounted.rejected.len(), whole.rejected.len());
    }
    let from_bytes = audit_source(
        &plan,
        RosterSource::Bytes {
            name: "regression.csv",
            bytes,
        },
        &RosterOptions::default(),
    )
    .unwrap();
    assert_eq!(from_bytes.people.len(), whole.people.len());
    // an unreadable roster, and a failing `each`
    let missing = audit_stream(
        &plan,
        RosterSource::Path(std::path::Path::new("no/such/roster.csv")),
        &RosterOptions::default(),
        |_| Ok::<(), String>(()),
    );
    assert!(matches!(missing, Err(StreamError::Roster(_))));
    let stopped = audit_stream(
        &plan,
        RosterSource::Path(&root().join(ROSTER)),
        &RosterOptions::default(),
        |_| Err("disk full".to_string()),
    );
    assert!(matches!(stopped, Err(StreamError::Each(e)) if e == "disk full"));
}

/// Past 65,536 rows the ids seen go to a temporary file: a repeat of an id already written
/// there, of one still waiting to be written, and of the row just before, are each rejected
/// naming the row of first use — as the in-memory audit (which keeps every id in memory) does.
#[test]
fn repeated_ids_are_found_past_the_spill_to_a_temporary_file() {
    use chuanhoa::audit::{RosterOptions, RosterSource, audit_source, audit_stream};
    let text = std::fs::read_to_string(root().join(ROSTER)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let person = lines.next().unwrap();
    let rest = person.split_once(",HC001,").unwrap().1;
    let repeats = [(20_000, 7), (139_990, 139_000), (150_000, 149_999)];
    let mut csv = format!("{header}\n");
    for n in 1..=150_000u32 {
        let id = repeats
            .iter()
            .find(|(at, _)| *at == n)
            .map_or(n, |(_, of)| *of);
        csv.push_str(&format!("{n},X{id},{rest}\n"));
    }
    let rules = builtin_rules();
    let (plan, _) = audit_csv(&rules, &root().join(ROSTER), "2025-12-31");
    let source = || RosterSource::Bytes {
        name: "many.csv",
        bytes: csv.clone().into_bytes(),
    };
    let mut audited = 0;
    let streamed = audit_stream(&plan, source(), &RosterOptions::default(), |batch| {
        audited += batch.len();
        Ok::<(), std::io::Error>(())
    })
    .unwrap();
    let whole = audit_source(&plan, source(), &RosterOptions::default()).unwrap();
    assert_eq!(streamed.total, 150_000);
    assert_eq!(audited, 150_000 - 3);
    let reasons = |r: &[chuanhoa::roster::RowError]| -> Vec<(u32, String)> {
        r.iter().map(|e| (e.row, e.reason.clone())).collect()
    };
    assert_eq!(reasons(&streamed.rejected), reasons(&whole.rejected));
    // rows as the spreadsheet numbers them: person n on row n + 1
    assert_eq!(
        reasons(&streamed.rejected)
            .iter()
            .map(|(row, reason)| (*row, reason.rsplit(' ').next().unwrap().to_string()))
            .collect::<Vec<_>>(),
        [
            (20_001, "8".to_string()),
            (139_991, "139001".to_string()),
            (150_001, "150000".to_string())
        ]
    );
}
