//! `chuanhoa audit`: rules → plan, roster → rows, evaluate in parallel, write the report.

use std::io::Write;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::audit::{AuditOutput, RosterOptions, RosterSource};
use crate::date::Date;
use crate::i18n::{Lang, tr};
use crate::plan::Plan;
use crate::report::{AuditReport, Format};
use crate::roster::ColumnMap;
use crate::roster::reader::Roster;

use super::{Outcome, RosterArgs, load_rules_with_targets};

/// Audits a roster; 0 when every row was audited, 1 when some were rejected, 2 on bad input.
pub(crate) fn run(args: &super::AuditArgs) -> Outcome {
    let super::AuditArgs {
        roster,
        rules,
        as_of,
        format,
        output,
        targets,
        by,
        lang,
        redact,
        summary_only,
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
    if *summary_only && !matches!(format, Format::Table | Format::Json) {
        complain!(
            "error: --summary-only is for --format table or json; {} lists people",
            format.name()
        );
        return Outcome::Invalid;
    }
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
    let mut plan = Plan::for_date(&rules, as_of, name);
    plan.lang = lang;
    // formats written person by person keep the counts, not the people
    let streams = *summary_only
        || matches!(
            format,
            Format::Table | Format::Json | Format::Jsonl | Format::Csv | Format::Xlsx
        );
    if streams {
        let how = Streamed {
            format,
            by,
            redact: *redact,
            summary_only: *summary_only,
            lang,
        };
        return stream(&plan, roster, &how, output);
    }
    let mut out = match audit_roster(&plan, roster) {
        Ok(out) => out,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    if *redact {
        crate::audit::redact(&plan, &mut out);
    }
    let mut report = AuditReport::new(roster.roster.display().to_string(), &plan, &out, by, lang);
    report.summary_only = *summary_only;
    let write = |w: &mut dyn Write| report.write(w, format);
    super::emit(output, write, out.rejected.is_empty())
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
    // only a regular file can be an input overwritten; a pipe or a device is not opened here
    // (opening a FIFO to compare it would wait for a writer)
    if !std::fs::metadata(output).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
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

/// Opens a roster (any format, `--sheet`, `--map`) and audits every row of it.
pub(crate) fn audit_roster(plan: &Plan, args: &RosterArgs) -> Result<AuditOutput, String> {
    crate::audit::audit_source(plan, RosterSource::Path(&args.roster), &options(args))
        .map_err(|e| e.to_string())
}

/// Opens a roster and matches its columns to the plan's fields.
pub(crate) fn open_roster(plan: &Plan, args: &RosterArgs) -> Result<(Roster, ColumnMap), String> {
    crate::audit::open_roster(plan, RosterSource::Path(&args.roster), &options(args))
        .map_err(|e| e.to_string())
}

fn options(args: &RosterArgs) -> RosterOptions {
    RosterOptions {
        sheet: args.sheet.clone(),
        map: args.map.clone(),
    }
}

/// How a streamed audit is written.
struct Streamed {
    format: Format,
    by: Option<crate::aggregate::GroupBy>,
    redact: bool,
    summary_only: bool,
    lang: crate::i18n::Lang,
}

/// Audits a roster straight into the report: each person is written (jsonl, csv, json) or
/// counted (`--summary-only`) as soon as evaluated and then dropped, so memory does not grow
/// with the roster. The output is byte for byte what the in-memory report writes.
fn stream(plan: &Plan, roster: &RosterArgs, how: &Streamed, output: Option<&Path>) -> Outcome {
    let (mut reader, columns) = match crate::audit::open_for_audit(
        plan,
        RosterSource::Path(&roster.roster),
        &options(roster),
    ) {
        Ok(r) => r,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    if how.format == Format::Xlsx
        && let Some(path) = output
    {
        return stream_workbook(plan, roster, how, path, reader, columns);
    }
    let complete = std::cell::Cell::new(true);
    let name = roster.roster.display().to_string();
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        let name = name.clone();
        // only a full JSON report lists the people of the training plan
        let listing = match how.format == Format::Json && !how.summary_only {
            true => crate::aggregate::Listing::OnDisk,
            false => crate::aggregate::Listing::Counts,
        };
        let target_people = how.format == Format::Json;
        let mut tally = crate::aggregate::Tally::new(plan, how.by, listing, target_people);
        let progress = Progress::new(&roster.roster);
        let batches = |n| {
            let batch = reader.next_batch(n);
            progress.read(batch.len());
            batch
        };
        let prepared = |mut batch: Vec<crate::audit::Audited>| {
            if how.redact {
                batch
                    .par_iter_mut()
                    .for_each(|a| crate::audit::redact_person(plan, a));
            }
            batch
        };
        let accounted = match how.format {
            Format::Jsonl => {
                let writer = crate::report::json::PersonJson::new(plan);
                crate::audit::audit_each(plan, columns, batches, |batch| {
                    let batch = prepared(batch);
                    let lines = serialise(&batch, |buf, a| {
                        writer.write(buf, a)?;
                        buf.push(b'\n');
                        Ok(())
                    })?;
                    for chunk in lines {
                        w.write_all(&chunk)?;
                    }
                    Ok::<(), std::io::Error>(())
                })?
            }
            Format::Csv => {
                crate::report::csv::csv_header(w)?.flush()?;
                let rows = crate::report::csv::CsvRows::new(plan);
                crate::audit::audit_each(plan, columns, batches, |batch| {
                    let batch = prepared(batch);
                    for rows in crate::report::csv::csv_chunks(&rows, &batch) {
                        w.write_all(&rows)?;
                    }
                    Ok::<(), std::io::Error>(())
                })?
            }
            Format::Json => {
                let mut people =
                    crate::report::json::JsonPeople::begin(w, plan, !how.summary_only)?;
                let writer = crate::report::json::PersonJson::new(plan);
                let accounted = crate::audit::audit_each(plan, columns, batches, |batch| {
                    let batch = prepared(batch);
                    for a in &batch {
                        tally.add(plan, a);
                    }
                    if !how.summary_only {
                        let listed = serialise(&batch, |buf, a| {
                            crate::report::json::JsonPeople::listed(&writer, buf, a)
                        })?;
                        for chunk in listed {
                            people.listed_bytes(w, &chunk)?;
                        }
                    }
                    Ok::<(), std::io::Error>(())
                })?;
                let (audit, totals) = finished(plan, tally, accounted);
                let mut report = AuditReport::from_totals(name, plan, &audit, totals, how.lang);
                report.summary_only = how.summary_only;
                people.end(w, &report.tail())?;
                complete.set(audit.rejected.is_empty());
                return Ok(());
            }
            // the table's lists spooled to temporary files, written after the counts
            Format::Table if !how.summary_only => {
                let mut spool = crate::report::table::TableSpool::default();
                let accounted = crate::audit::audit_each(plan, columns, batches, |batch| {
                    let batch = prepared(batch);
                    for a in &batch {
                        tally.add(plan, a);
                    }
                    let lines: Vec<_> = batch
                        .par_iter()
                        .map(|a| crate::report::table::TableSpool::lines_of(plan, a))
                        .collect();
                    for (list, check, line) in lines.into_iter().flatten() {
                        spool.add(list, check, &line)?;
                    }
                    Ok::<(), std::io::Error>(())
                })?;
                let (audit, totals) = finished(plan, tally, accounted);
                let report = AuditReport::from_totals(name, plan, &audit, totals, how.lang);
                spool.write(w, &report)?;
                complete.set(audit.rejected.is_empty());
                return Ok(());
            }
            // `--summary-only` table: the counts once every person is counted
            _ => {
                let accounted = crate::audit::audit_each(plan, columns, batches, |batch| {
                    for a in &prepared(batch) {
                        tally.add(plan, a);
                    }
                    Ok::<(), std::io::Error>(())
                })?;
                let (audit, totals) = finished(plan, tally, accounted);
                let mut report = AuditReport::from_totals(name, plan, &audit, totals, how.lang);
                report.summary_only = how.summary_only;
                report.write(w, how.format)?;
                complete.set(audit.rejected.is_empty());
                return Ok(());
            }
        };
        complete.set(accounted.rejected.is_empty());
        // jsonl and csv have no place for them: the rejected rows are said on standard error
        rejected_on_stderr(&name, &accounted.rejected, how.lang);
        Ok(())
    };
    match super::emit(output, write, true) {
        Outcome::Done if !complete.get() => Outcome::Partial,
        other => other,
    }
}

/// Rows shown on standard error when a report has no place for rejected rows.
const REJECTED_SHOWN: usize = 50;

/// The rejected rows of a report that cannot list them (`jsonl`, one person per line; `csv`,
/// one finding per row), on standard error as `file:row [column]: reason`, the first
/// [`REJECTED_SHOWN`] of them and how many more: a row missing from the report is never
/// missing without a word.
fn rejected_on_stderr(roster: &str, rejected: &[crate::roster::RowError], lang: Lang) {
    if rejected.is_empty() {
        return;
    }
    let n = rejected.len();
    complain!(
        "{}",
        tr!(
            lang,
            "{n} dòng bị loại, không có trong báo cáo:",
            "{n} rows rejected, not in the report:"
        )
    );
    for e in rejected.iter().take(REJECTED_SHOWN) {
        let column = e
            .column
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        complain!("  {roster}:{}{column}: {}", e.row, e.reason);
    }
    if n > REJECTED_SHOWN {
        let more = n - REJECTED_SHOWN;
        complain!(
            "{}",
            tr!(
                lang,
                "  … và {more} dòng nữa; `--format json`, `table` hoặc `xlsx` liệt kê đủ",
                "  … and {more} more; `--format json`, `table` or `xlsx` lists them all"
            )
        );
    }
}

/// A progress bar on standard error for an audit that takes more than two seconds: rows read,
/// rows/s and, for a CSV file, the time left (its lines counted first, a fraction of a second
/// for a million rows). Never drawn when standard error is not a terminal (pipes, files, CI).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new(roster: &Path) -> Progress {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let total = line_count(roster);
            let bar = indicatif::ProgressBar::with_draw_target(
                total,
                indicatif::ProgressDrawTarget::hidden(),
            );
            let template = if total.is_some() {
                "{bar:30} {human_pos}/{human_len} dòng · rows, {rate}/s, {eta} left"
            } else {
                "{spinner} {human_pos} dòng · rows, {rate}/s"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.with_key(
                    "rate",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}", state.per_sec());
                    },
                ));
            }
            bar
        });
        Progress {
            bar,
            started: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// `rows` more rows read.
    fn read(&self, rows: usize) {
        use std::sync::atomic::Ordering;
        let Some(bar) = &self.bar else { return };
        bar.inc(rows as u64);
        if rows == 0 {
            bar.finish_and_clear();
        } else if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() > std::time::Duration::from_secs(2)
        {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

/// The lines of a CSV file, less its header: the rows an audit will read, near enough for a
/// time left (None for a workbook or an unreadable file).
fn line_count(path: &Path) -> Option<u64> {
    use std::io::Read;
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    if !matches!(ext.as_str(), "csv" | "txt") {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut buf = vec![0u8; 1 << 20];
    let mut lines = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    Some(lines.saturating_sub(1))
}

/// A streamed audit's accounting (without people) and counts, ready for a report.
fn finished(
    plan: &Plan,
    tally: crate::aggregate::Tally<'_>,
    accounted: crate::audit::Accounted,
) -> (AuditOutput, crate::aggregate::Totals) {
    let totals = tally.finish(plan, accounted.total, accounted.rejected.len());
    let audit = AuditOutput {
        people: Vec::new(),
        rejected: accounted.rejected,
        total: accounted.total,
        columns: accounted.columns,
    };
    (audit, totals)
}

/// A batch's people serialised in parallel by `one`, a chunk of people to a buffer, the chunks
/// in roster order.
fn serialise(
    batch: &[crate::audit::Audited],
    one: impl Fn(&mut Vec<u8>, &crate::audit::Audited) -> std::io::Result<()> + Sync,
) -> std::io::Result<Vec<Vec<u8>>> {
    batch
        .par_chunks(crate::report::SERIALISED_CHUNK)
        .map(|chunk| {
            let mut buf = Vec::with_capacity(chunk.len() * 1024);
            for a in chunk {
                one(&mut buf, a)?;
            }
            Ok(buf)
        })
        .collect()
}

/// `--format xlsx` streamed: the detail sheet written row by row through a temporary file
/// (rust_xlsxwriter's constant-memory mode), the other sheets from the counts at the end, the
/// workbook saved beside `path` and renamed into place.
fn stream_workbook(
    plan: &Plan,
    roster: &RosterArgs,
    how: &Streamed,
    path: &Path,
    mut reader: crate::roster::reader::Roster,
    columns: ColumnMap,
) -> Outcome {
    let progress = Progress::new(&roster.roster);
    let batches = |n| {
        let batch = reader.next_batch(n);
        progress.read(batch.len());
        batch
    };
    let xlsx = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut complete = true;
    let written = crate::report::save_atomically(path, |tmp| {
        let mut book = crate::report::xlsx::XlsxStream::begin(true, how.lang).map_err(xlsx)?;
        // the workbook keeps its own training rows
        let mut tally =
            crate::aggregate::Tally::new(plan, how.by, crate::aggregate::Listing::Counts, false);
        let accounted = crate::audit::audit_each(plan, columns, batches, |mut batch| {
            for a in &mut batch {
                if how.redact {
                    crate::audit::redact_person(plan, a);
                }
                tally.add(plan, a);
                book.person(plan, a).map_err(xlsx)?;
            }
            Ok::<(), std::io::Error>(())
        })?;
        let (audit, totals) = finished(plan, tally, accounted);
        let name = roster.roster.display().to_string();
        let report = AuditReport::from_totals(name, plan, &audit, totals, how.lang);
        book.finish(&report).map_err(xlsx)?;
        complete = audit.rejected.is_empty();
        book.save(tmp).map_err(xlsx)
    });
    match written {
        Err(e) => {
            complain!("error: cannot write `{}`: {e}", path.display());
            Outcome::Invalid
        }
        Ok(()) if complete => Outcome::Done,
        Ok(()) => Outcome::Partial,
    }
}
