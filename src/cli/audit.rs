//! `chuanhoa audit`: rules → plan, roster → rows, evaluate in parallel, write the report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::aggregate::{summarize, training_plan};
use crate::audit::{AuditOutput, audit};
use crate::date::Date;
use crate::plan::Plan;
use crate::report::{Format, csv, json, table, write_atomically, xlsx};
use crate::roster::reader::{OpenOptions, Roster};
use crate::roster::{ColumnMap, known_headers};
use crate::ruleset::FieldId;

use super::{Outcome, RosterArgs, load_rules};

/// Audits a roster; 0 when every row was audited, 1 when some were rejected, 2 on bad input.
pub fn run(
    roster: &RosterArgs,
    rules: &[PathBuf],
    as_of: Date,
    format: Format,
    output: Option<&Path>,
) -> Outcome {
    if format == Format::Xlsx && output.is_none() {
        eprintln!(
            "error: --format xlsx writes a workbook; give the file with -o, e.g. -o bao-cao.xlsx"
        );
        return Outcome::Invalid;
    }
    let (rules, name) = match load_rules(rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let plan = Plan::for_date(&rules, as_of, name);
    let out = match audit_roster(&plan, roster) {
        Ok(out) => out,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Invalid;
        }
    };
    let summary = summarize(&plan, &out);
    let training = training_plan(&plan, &out);
    let roster_name = roster.roster.display().to_string();
    let write = |w: &mut dyn Write| -> io::Result<()> {
        match format {
            Format::Table => table::write_table(w, &roster_name, &plan, &out, &summary, &training),
            Format::Json => json::write_json(w, &plan, &out, &summary, &training),
            Format::Jsonl => json::write_jsonl(w, &plan, &out),
            Format::Csv => csv::write_csv(w, &plan, &out),
            Format::Xlsx => {
                let bytes = xlsx::workbook_bytes(&plan, &out, &summary, &training)
                    .map_err(io::Error::other)?;
                w.write_all(&bytes)
            }
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
    // a reader that went away (`| head`) is not a failed audit
    let written = written.or_else(|e| match (output, e.kind()) {
        (None, io::ErrorKind::BrokenPipe) => Ok(()),
        _ => Err(e),
    });
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

/// Opens a roster with default options and audits every row of it.
pub fn audit_file(plan: &Plan, roster: &Path) -> Result<AuditOutput, String> {
    audit_roster(
        plan,
        &RosterArgs {
            roster: roster.to_path_buf(),
            ..RosterArgs::default()
        },
    )
}

/// Opens a roster (any format, `--sheet`, `--map`) and audits every row of it.
pub fn audit_roster(plan: &Plan, args: &RosterArgs) -> Result<AuditOutput, String> {
    let (mut reader, columns) = open_roster(plan, args)?;
    if !columns.can_match(plan) {
        return Err(format!(
            "{}: no column says the rank or position (expected a header such as `Ngạch`, `Mã ngạch` or `Chức vụ`, or `--map \"Header=rank\"`; found: {})",
            reader.path,
            columns.headers.join(", ")
        ));
    }
    Ok(audit(plan, columns, |n| reader.next_batch(n)))
}

/// Opens a roster and matches its columns to the plan's fields.
pub fn open_roster(plan: &Plan, args: &RosterArgs) -> Result<(Roster, ColumnMap), String> {
    let overrides = parse_map(plan, &args.map)?;
    let known = known_headers(plan, &overrides);
    let is_known = |h: &str| known.contains(&crate::check::header_key(h));
    let options = OpenOptions {
        sheet: args.sheet.as_deref(),
        known_header: Some(&is_known),
    };
    let reader = Roster::open(&args.roster, &options).map_err(|e| e.to_string())?;
    for (header, _) in &overrides {
        let key = crate::check::header_key(header);
        if !reader
            .headers
            .iter()
            .any(|h| crate::check::header_key(h) == key)
        {
            return Err(format!(
                "--map: {} has no column `{header}`; its columns are: {}",
                reader.path,
                reader.headers.join(", ")
            ));
        }
    }
    let columns = ColumnMap::with_overrides(plan, reader.headers.clone(), &overrides);
    Ok((reader, columns))
}

/// `--map "Trình độ CM=education"` → (header, field).
fn parse_map(plan: &Plan, maps: &[String]) -> Result<Vec<(String, FieldId)>, String> {
    let mut out = Vec::new();
    for m in maps {
        let Some((header, field)) = m.rsplit_once('=') else {
            return Err(format!(
                "--map `{m}`: write \"Header=field\", e.g. --map \"Trình độ CM=education\""
            ));
        };
        let (header, field) = (header.trim(), field.trim());
        let Some(id) = plan
            .fields
            .iter()
            .position(|f| f.name == field && f.derived.is_none())
        else {
            let names: Vec<&str> = plan
                .fields
                .iter()
                .filter(|f| f.derived.is_none())
                .map(|f| f.name.as_str())
                .collect();
            let hint = crate::suggest::help_for(field, "fields", &names).unwrap_or_default();
            return Err(format!("--map `{m}`: `{field}` is not a field. {hint}"));
        };
        out.push((header.to_string(), id));
    }
    Ok(out)
}
