//! Report writers, one per format, and the atomic write every file output goes through.

pub(crate) mod csv;
pub(crate) mod diff;
pub(crate) mod eligibility;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod person;
pub mod table;
pub mod xlsx;

/// People serialised together by one worker of a streamed report (json, jsonl, csv): enough
/// that a worker's buffer and writer are made once for many people, few enough that a batch
/// still shares out over every core.
pub(crate) const SERIALISED_CHUNK: usize = 64;

use std::borrow::Cow;

use crate::aggregate::{GroupBy, Summary, TrainingNeed};
use crate::audit::AuditOutput;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::targets::TargetReport;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Output formats of `audit`. The command line's names for them (`--format table|json|…`)
/// live in `cli`, so the library does not depend on clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A one-screen summary, then the people with gaps.
    Table,
    /// One JSON object (DESIGN §4).
    Json,
    /// One JSON person object per line.
    Jsonl,
    /// One CSV row per finding.
    Csv,
    /// A workbook: summary, detail, training plan, rejected rows (needs `-o`).
    Xlsx,
    /// One self-contained web page: summary, charts, targets, training plan, people (needs `-o`).
    Html,
}

/// An audited roster with everything a report shows: the summary, the training plan, the
/// targets measured. Every format is written from it, by the command line and by `serve`.
pub struct AuditReport<'a> {
    /// The roster's name as reports print it (its path, or an upload's file name).
    pub roster: String,
    /// The rules in force on the audit date.
    pub plan: &'a Plan,
    /// The audited and rejected rows.
    pub audit: &'a AuditOutput,
    /// The counts.
    pub summary: Summary,
    /// Who needs which training.
    pub(crate) training: Vec<TrainingNeed>,
    /// The people on each line of the training plan, when the counting listed them.
    pub(crate) training_people: Option<crate::aggregate::TrainingPeople>,
    /// The targets in force, measured.
    pub targets: Vec<TargetReport>,
    /// The language of the labels.
    pub lang: Lang,
    /// `--summary-only`: the counts without the list of people (table and JSON).
    pub summary_only: bool,
}

impl<'a> AuditReport<'a> {
    /// Measures an audit: summary (broken down `by` a group when asked), training plan, targets.
    pub fn new(
        roster: impl Into<String>,
        plan: &'a Plan,
        audit: &'a AuditOutput,
        by: Option<GroupBy>,
        lang: Lang,
    ) -> Self {
        let mut tally =
            crate::aggregate::Tally::new(plan, by, crate::aggregate::Listing::InMemory, true);
        for p in &audit.people {
            tally.add(plan, p);
        }
        let totals = tally.finish(plan, audit.total, audit.rejected.len());
        AuditReport::from_totals(roster, plan, audit, totals, lang)
    }

    /// A report of counts already made (a streamed audit): `audit` holds the rejected rows and
    /// the columns, and the people only when the report lists them.
    pub(crate) fn from_totals(
        roster: impl Into<String>,
        plan: &'a Plan,
        audit: &'a AuditOutput,
        totals: crate::aggregate::Totals,
        lang: Lang,
    ) -> Self {
        AuditReport {
            roster: roster.into(),
            plan,
            audit,
            summary: totals.summary,
            training: totals.training,
            training_people: totals.training_people,
            targets: totals.targets,
            lang,
            summary_only: false,
        }
    }

    /// What a JSON report writes after the people.
    pub(crate) fn tail(&self) -> json::Tail<'_> {
        json::Tail {
            summary: &self.summary,
            missing_columns: self
                .audit
                .columns
                .missing
                .iter()
                .map(|&f| self.plan.fields[f].name.as_str())
                .collect(),
            rejected: &self.audit.rejected,
            targets: &self.targets,
            training: &self.training,
            training_people: self.training_people.as_ref(),
            summary_only: self.summary_only,
        }
    }

    /// Writes the report in `format`.
    pub fn write(&self, out: &mut dyn Write, format: Format) -> io::Result<()> {
        match format {
            Format::Table => table::write_table(out, self),
            Format::Json => json::write_json(out, self),
            Format::Jsonl => json::write_jsonl(out, self.plan, self.audit),
            Format::Csv => csv::write_csv(out, self.plan, self.audit),
            Format::Xlsx => {
                let bytes = xlsx::workbook_bytes(self).map_err(io::Error::other)?;
                out.write_all(&bytes)
            }
            Format::Html => html::write_html(out, self),
        }
    }
}

/// Text from a roster as it may be printed on a terminal or in a text report: line breaks, tabs
/// and other control characters written as escapes, so that a value cannot forge a line or send
/// terminal commands.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first)
/// with a `'` in front, as OWASP advises; plain numbers (`-3`, `+84…`) stay as they are.
pub(crate) fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let Some(rest) = cell.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else {
        return Cow::Borrowed(cell);
    };
    let number = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !(number && cell.starts_with(['+', '-'])) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

impl Format {
    /// The format a report file's extension names, if any.
    pub(crate) fn of_extension(ext: &str) -> Option<Format> {
        Some(match ext {
            "xlsx" | "xlsm" => Format::Xlsx,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "txt" => Format::Table,
            "html" | "htm" => Format::Html,
            _ => return None,
        })
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// The extension of a file in this format.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            other => other.name(),
        }
    }

    /// What a file in this format holds, for messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Format::Table => "a text table",
            Format::Json => "one JSON object",
            Format::Jsonl => "JSON Lines",
            Format::Csv => "CSV",
            Format::Xlsx => "an Excel workbook",
            Format::Html => "a web page",
        }
    }
}

/// Has `save` write a temporary file beside `path` (by its path: a workbook library writes
/// it itself), then renames it into place; on failure the temporary file is removed. A device
/// or a pipe (`-o /dev/null`, a FIFO) is written to as it is — a file renamed over it would
/// replace the device itself —, and a symbolic link is followed, so that the file it names is
/// replaced and the link stays.
pub(crate) fn save_atomically(
    path: &Path,
    save: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return save(path);
    }
    let linked;
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            linked = fs::canonicalize(path)?;
            linked.as_path()
        }
        _ => path,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = save(&tmp).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes a file by writing a temporary file beside it and renaming it into place, so a
/// reader never sees half a report.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    save_atomically(path, |tmp| {
        let mut out = BufWriter::with_capacity(1 << 20, fs::File::create(tmp)?);
        write(&mut out)?;
        out.flush()?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        // a device or a pipe has nothing to sync
        if file.metadata()?.is_file() {
            file.sync_all()?;
        }
        Ok(())
    })
}

/// Every fixture roster, and one more written from `extra` (CSV text), audited with the shipped
/// rules on a date before and one after the 2025 reform, in both languages, each handed to
/// `each`: the writers' tests hold their hand-written bytes to a library's on all of them.
#[cfg(test)]
pub(crate) fn each_fixture_audit(
    extra: &str,
    mut each: impl FnMut(&Plan, &AuditOutput, &std::path::Path),
) {
    let rules = crate::check::load(crate::builtin_rules::builtin_files())
        .unwrap_or_else(|_| panic!("the shipped rules check clean"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let odd = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("a temporary file");
    std::fs::write(odd.path(), extra).expect("written");
    let rosters = [
        "rosters/regression.csv",
        "rosters/province-2026.csv",
        "rosters/commune-2026.csv",
        "rosters/district-2023.csv",
        "rosters/son-tay-568.csv",
        "rosters/bm01.csv",
        "bad/rank_code_and_name.csv",
    ];
    for roster in rosters
        .iter()
        .map(|r| root.join(r))
        .chain([odd.path().to_path_buf()])
    {
        for (as_of, lang) in [("2024-06-30", Lang::En), ("2026-12-31", Lang::Vi)] {
            let as_of = crate::date::Date::parse_iso(as_of).expect("a date");
            let mut plan = Plan::for_date(&rules, as_of, "built-in");
            plan.lang = lang;
            let audit = crate::audit::audit_file(&plan, &roster)
                .unwrap_or_else(|e| panic!("{}: {e}", roster.display()));
            each(&plan, &audit, &roster);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("Lê Văn A"), "Lê Văn A");
        assert_eq!(printable("A\nrow 9 | forged"), "A\\nrow 9 | forged");
        assert_eq!(printable("\u{1b}[2J"), "\\u{1b}[2J");
    }

    #[test]
    fn formulas_are_neutralised_numbers_kept() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("-3"), "-3");
        assert_eq!(spreadsheet_safe("+84912345678"), "+84912345678");
        assert_eq!(spreadsheet_safe("Đại học"), "Đại học");
        assert_eq!(spreadsheet_safe("-"), "'-");
    }
}
