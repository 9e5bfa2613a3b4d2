//! `--format csv`: one row per finding (a person without findings gets one row), for
//! spreadsheets and pivot tables.

use std::io::{self, Write};

use crate::audit::{AuditOutput, Audited};
use crate::plan::Plan;
use crate::report::person::finding_report;
use crate::report::spreadsheet_safe;

/// A CSV writer's error as the I/O error it wraps, so a closed pipe is still seen as one.
fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// One CSV row, every cell made safe to open in a spreadsheet.
fn write_safe<W: Write>(w: &mut csv::Writer<W>, cells: &[&str]) -> io::Result<()> {
    for cell in cells {
        w.write_field(spreadsheet_safe(cell).as_bytes())
            .map_err(csv_error)?;
    }
    w.write_record(None::<&[u8]>).map_err(csv_error)
}

/// Writes the findings table.
pub(crate) fn write_csv(out: &mut dyn Write, plan: &Plan, audit: &AuditOutput) -> io::Result<()> {
    let mut w = csv_header(out)?;
    for p in &audit.people {
        csv_person(&mut w, plan, p)?;
    }
    w.flush()
}

/// A CSV writer with the header row written: feed it [`csv_person`], then flush it.
pub(crate) fn csv_header(out: &mut dyn Write) -> io::Result<csv::Writer<&mut dyn Write>> {
    let mut w = csv::Writer::from_writer(out);
    let header = [
        "row",
        "id",
        "name",
        "rank",
        "positions",
        "status",
        "criterion",
        "rule",
        "result",
        "required",
        "actual",
        "source",
        "training",
        "reason",
        "deadline",
        "unverified",
    ];
    w.write_record(header).map_err(csv_error)?;
    Ok(w)
}

/// One person's rows: one per finding, or one without a finding.
pub(crate) fn csv_person<W: Write>(
    w: &mut csv::Writer<W>,
    plan: &Plan,
    p: &Audited,
) -> io::Result<()> {
    let s = &p.staff;
    let positions = s
        .positions
        .iter()
        .map(|p| &*p.text)
        .collect::<Vec<_>>()
        .join("; ");
    let row = s.row.to_string();
    let person = [
        row.as_str(),
        &s.id,
        &s.name,
        &s.rank_text,
        &positions,
        p.result.status.as_str(),
    ];
    if p.result.findings.is_empty() {
        let mut rec: Vec<&str> = person.to_vec();
        rec.extend(["", "", "", "", "", "", "", "", "", ""]);
        write_safe(w, &rec)?;
    }
    for f in &p.result.findings {
        let r = finding_report(plan, &p.staff, f);
        let deadline = r.deadline.clone().unwrap_or_default();
        let mut rec: Vec<&str> = person.to_vec();
        rec.extend([
            r.criterion,
            r.rule,
            r.result.as_str(),
            r.required,
            &r.actual,
            r.source.unwrap_or(""),
            r.training.unwrap_or(""),
            r.reason.unwrap_or(""),
            &deadline,
            if r.unverified { "U" } else { "" },
        ]);
        write_safe(w, &rec)?;
    }
    Ok(())
}

/// A batch's rows as bytes, chunk by chunk, to be written in roster order: the chunks are
/// serialised in parallel, each through one writer.
pub(crate) fn csv_chunks(plan: &Plan, batch: &[Audited]) -> io::Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    batch
        .par_chunks(super::SERIALISED_CHUNK)
        .map(|chunk| {
            let mut w = csv::Writer::from_writer(Vec::with_capacity(chunk.len() * 1024));
            for p in chunk {
                csv_person(&mut w, plan, p)?;
            }
            w.into_inner().map_err(|e| io::Error::other(e.to_string()))
        })
        .collect()
}
