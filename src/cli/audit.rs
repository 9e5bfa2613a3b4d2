//! `chuanhoa audit`: rules → plan, roster → rows, evaluate in parallel, write the report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::audit::{AuditOutput, audit};
use crate::date::Date;
use crate::plan::Plan;
use crate::report::{AuditReport, Format, write_atomically};
use crate::roster::reader::{OpenOptions, Roster};
use crate::roster::{ColumnMap, known_headers};
use crate::ruleset::FieldId;

use super::{Outcome, RosterArgs, load_rules_with_targets};

/// Audits a roster; 0 when every row was audited, 1 when some were rejected, 2 on bad input.
pub fn run(args: &super::AuditArgs) -> Outcome {
    let super::AuditArgs {
        roster,
        rules,
        as_of,
        format,
        output,
        targets,
        by,
        lang,
    } = args;
    let (format, output, by) = (*format, output.as_deref(), *by);
    let as_of = as_of.unwrap_or_else(Date::today);
    let lang = crate::i18n::Lang::choose(*lang);
    let format = match output_format(format, output) {
        Ok(f) => f,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    if let Some(path) = output
        && let Err(message) = refuse_overwriting_inputs(path, &roster.roster, rules)
    {
        complain!("error: {message}");
        return Outcome::Invalid;
    }
    let (rules, name) = match load_rules_with_targets(rules, targets) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let plan = Plan::for_date(&rules, as_of, name);
    let out = match audit_roster(&plan, roster) {
        Ok(out) => out,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    let report = AuditReport::new(roster.roster.display().to_string(), &plan, &out, by, lang);
    let write = |w: &mut dyn Write| report.write(w, format);
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
        complain!("error: cannot write the report: {e}");
        return Outcome::Invalid;
    }
    if out.rejected.is_empty() {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}

/// The format of the report: `--format`, else the one `-o`'s extension names, else a table. A
/// `--format` that contradicts `-o`'s extension (a table into `report.xlsx`) is refused, and so
/// is an xlsx workbook without `-o`.
pub(super) fn output_format(
    format: Option<Format>,
    output: Option<&Path>,
) -> Result<Format, String> {
    let by_extension = output.and_then(|path| {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        Format::of_extension(&ext).map(|f| (f, ext))
    });
    let format = match (format, by_extension) {
        (None, Some((f, _))) => f,
        (None, None) => Format::Table,
        (Some(f), None) => f,
        (Some(f), Some((named, ext))) if f != named => {
            return Err(format!(
                "-o `{}`: a .{ext} file holds {}, not {}; use --format {} or name the file .{}",
                output.map(|p| p.display().to_string()).unwrap_or_default(),
                named.describe(),
                f.describe(),
                named.name(),
                f.extension(),
            ));
        }
        (Some(f), Some(_)) => f,
    };
    if format == Format::Xlsx && output.is_none() {
        return Err(
            "--format xlsx writes a workbook; give the file with -o, e.g. -o bao-cao.xlsx"
                .to_string(),
        );
    }
    Ok(format)
}

/// Refuses an `-o` that is the roster or one of the rule files (the same file, however its path
/// is spelt: links, `./`, `..`), before anything is read or written.
pub(super) fn refuse_overwriting_inputs(
    output: &Path,
    roster: &Path,
    rules: &[PathBuf],
) -> Result<(), String> {
    let mut inputs = vec![roster.to_path_buf()];
    for path in rules {
        // a rule path that cannot be listed is reported when the rules are read
        let _ = super::collect_rule_paths(path, &mut inputs);
    }
    for input in &inputs {
        if same_file::is_same_file(output, input).unwrap_or(false) {
            return Err(format!(
                "-o `{}` is the input file `{}`: the report would overwrite it; write the report to another file",
                output.display(),
                input.display()
            ));
        }
    }
    Ok(())
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
    let is_known =
        |h: &str| known.contains(&crate::normalize::ascii_fold(&crate::check::header_key(h)));
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
    let columns = ColumnMap::with_overrides(plan, reader.headers.clone(), &overrides)
        .map_err(|message| format!("{}: {message}", reader.path))?;
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
        if let Some((other, _)) = out.iter().find(|(_, f)| *f == id) {
            return Err(format!(
                "--map: `{other}` and `{header}` both feed `{field}`; map one column to a field"
            ));
        }
        out.push((header.to_string(), id));
    }
    Ok(out)
}
