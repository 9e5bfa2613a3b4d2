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
