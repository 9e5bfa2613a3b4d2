//! `chuanhoa audit`: rules → plan, roster → rows, evaluate in parallel, write the report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::aggregate::{summarize, training_plan};
use crate::audit::{AuditOutput, audit};
use crate::date::Date;
use crate::plan::Plan;
use crate::report::{Format, csv, json, table, write_atomically};
use crate::roster::ColumnMap;
use crate::roster::csv::CsvRoster;

use super::{Outcome, load_rules};

/// Audits a roster; 0 when every row was audited, 1 when some were rejected, 2 on bad input.
pub fn run(
    roster: &Path,
    rules: &[PathBuf],
    as_of: Date,
    format: Format,
    output: Option<&Path>,
) -> Outcome {
    let (rules, name) = match load_rules(rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let plan = Plan::for_date(&rules, as_of, name);
    let out = match audit_file(&plan, roster) {
        Ok(out) => out,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Invalid;
        }
    };
    let summary = summarize(&plan, &out);
    let training = training_plan(&plan, &out);
    let roster_name = roster.display().to_string();
    let write = |w: &mut dyn Write| -> io::Result<()> {
        match format {
            Format::Table => table::write_table(w, &roster_name, &plan, &out, &summary, &training),
            Format::Json => json::write_json(w, &plan, &out, &summary, &training),
            Format::Jsonl => json::write_jsonl(w, &plan, &out),
            Format::Csv => csv::write_csv(w, &plan, &out),
        }
    };
    let written = match output {
        Some(path) => write_atomically(path, write),
        None => {
            let stdout = io::stdout();
            let mut lock = io::BufWriter::new(stdout.lock());
            write(&mut lock).and_then(|_| lock.flush())
        }
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the report: {e}");
        return Outcome::Invalid;
    }
    if out.rejected.is_empty() {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}

/// Opens a roster and audits every row of it.
pub fn audit_file(plan: &Plan, roster: &Path) -> Result<AuditOutput, String> {
    let path = roster.display().to_string();
    let mut reader = CsvRoster::open(&path).map_err(|e| e.to_string())?;
    let columns = ColumnMap::new(plan, reader.headers.clone());
    if !columns.can_match(plan) {
        return Err(format!(
            "{path}: no column says the rank or position (expected a header such as `Ngạch`, `Mã ngạch` or `Chức vụ`; found: {})",
            columns.headers.join(", ")
        ));
    }
    Ok(audit(plan, columns, |n| reader.next_batch(n)))
}
