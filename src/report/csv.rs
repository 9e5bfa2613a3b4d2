//! `--format csv`: one row per finding (a person without findings gets one row), for
//! spreadsheets and pivot tables.

use std::io::{self, Write};

use crate::audit::{AuditOutput, Audited};
use crate::plan::Plan;
#[cfg(test)]
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
#[cfg(test)]
fn write_safe<W: Write>(w: &mut csv::Writer<W>, cells: &[&str]) -> io::Result<()> {
    for cell in cells {
        w.write_field(spreadsheet_safe(cell).as_bytes())
            .map_err(csv_error)?;
    }
    w.write_record(None::<&[u8]>).map_err(csv_error)
}

/// Writes the findings table.
pub(crate) fn write_csv(out: &mut dyn Write, plan: &Plan, audit: &AuditOutput) -> io::Result<()> {
    csv_header(out)?.flush()?;
    let rows = CsvRows::new(plan);
    let mut buf = Vec::with_capacity(1 << 16);
    for p in &audit.people {
        buf.clear();
        rows.write(&mut buf, p);
        out.write_all(&buf)?;
    }
    Ok(())
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

/// One person's rows through the csv crate: what [`CsvRows`] writes, kept as the test's
/// reference.
#[cfg(test)]
fn csv_person<W: Write>(w: &mut csv::Writer<W>, plan: &Plan, p: &Audited) -> io::Result<()> {
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
/// serialised in parallel.
pub(crate) fn csv_chunks(rows: &CsvRows<'_>, batch: &[Audited]) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    batch
        .par_chunks(super::SERIALISED_CHUNK)
        .map(|chunk| {
            let mut buf = Vec::with_capacity(chunk.len() * 1024);
            for p in chunk {
                rows.write(&mut buf, p);
            }
            buf
        })
        .collect()
}

/// Writes a person's CSV rows (one per finding) straight into bytes, as the csv crate writes
/// them (a cell quoted when it holds the separator, a quote or a line break; quotes doubled;
/// `\n` after each row), every cell made [`spreadsheet_safe`]. A criterion's own cells — name,
/// rule, requirement, citation, training — are encoded once per audit, the person's once per
/// person. A test holds the bytes to the csv crate's.
pub(crate) struct CsvRows<'p> {
    plan: &'p Plan,
    criteria: Vec<CriterionCells>,
}

/// The cells of a finding's row that depend on its criterion only, encoded.
struct CriterionCells {
    /// `criterion,rule,`
    head: Vec<u8>,
    /// `,required,` for the criterion, then for each case.
    required: Vec<Vec<u8>>,
    /// `,source,training,`
    cited: Vec<u8>,
    /// `U` or nothing, then the end of the row.
    tail: &'static [u8],
}

/// One cell as the csv crate writes it, after [`spreadsheet_safe`].
fn put_cell(buf: &mut Vec<u8>, cell: &str) {
    let cell = spreadsheet_safe(cell);
    let bytes = cell.as_bytes();
    if !bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        buf.extend_from_slice(bytes);
        return;
    }
    buf.push(b'"');
    for part in bytes.split_inclusive(|&b| b == b'"') {
        buf.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            buf.push(b'"');
        }
    }
    buf.push(b'"');
}

impl<'p> CsvRows<'p> {
    /// The criteria's cells, encoded once.
    pub(crate) fn new(plan: &'p Plan) -> Self {
        let criteria = plan
            .criteria
            .iter()
            .map(|c| {
                let mut head = Vec::new();
                put_cell(&mut head, &c.name);
                head.push(b',');
                put_cell(&mut head, &c.rule);
                head.push(b',');
                let required = std::iter::once(&c.required)
                    .chain(&c.case_required)
                    .map(|r| {
                        let mut cell = vec![b','];
                        put_cell(&mut cell, r);
                        cell.push(b',');
                        cell
                    })
                    .collect();
                let mut cited = vec![b','];
                put_cell(&mut cited, c.source.as_deref().unwrap_or(""));
                cited.push(b',');
                let training = c.training.map(|t| plan.trainings[t].title.as_str());
                put_cell(&mut cited, training.unwrap_or(""));
                cited.push(b',');
                let unverified = c
                    .source
                    .as_deref()
                    .is_some_and(crate::report::person::is_unverified);
                CriterionCells {
                    head,
                    required,
                    cited,
                    tail: if unverified { b",U\n" } else { b",\n" },
                }
            })
            .collect();
        CsvRows { plan, criteria }
    }

    /// One person's rows, appended to `buf`: one per finding, or one without a finding.
    pub(crate) fn write(&self, buf: &mut Vec<u8>, p: &Audited) {
        let s = &p.staff;
        let mut person = Vec::with_capacity(128);
        person.extend_from_slice(itoa::Buffer::new().format(s.row).as_bytes());
        person.push(b',');
        put_cell(&mut person, &s.id);
        person.push(b',');
        put_cell(&mut person, &s.name);
        person.push(b',');
        put_cell(&mut person, &s.rank_text);
        person.push(b',');
        let mut positions = String::new();
        for (i, held) in s.positions.iter().enumerate() {
            if i > 0 {
                positions.push_str("; ");
            }
            positions.push_str(&held.text);
        }
        put_cell(&mut person, &positions);
        person.push(b',');
        person.extend_from_slice(p.result.status.as_str().as_bytes());
        person.push(b',');
        if p.result.findings.is_empty() {
            buf.extend_from_slice(&person);
            buf.extend_from_slice(b",,,,,,,,,\n");
        }
        let mut actual = String::new();
        for f in &p.result.findings {
            let c = &self.criteria[f.criterion as usize];
            buf.extend_from_slice(&person);
            buf.extend_from_slice(&c.head);
            buf.extend_from_slice(f.verdict.as_str().as_bytes());
            // the case's requirement, as `Plan::required_of` picks it
            let case = f
                .case
                .map(|i| i as usize + 1)
                .filter(|&i| i < c.required.len());
            buf.extend_from_slice(&c.required[case.unwrap_or(0)]);
            actual.clear();
            let fields = &self.plan.criteria[f.criterion as usize].fields;
            crate::evaluate::write_actual(&mut actual, self.plan, s, fields);
            put_cell(buf, &actual);
            buf.extend_from_slice(&c.cited);
            put_cell(buf, f.reason.as_deref().unwrap_or(""));
            buf.push(b',');
            if let Some(deadline) = f.deadline {
                // a date is digits and dashes: nothing to quote or guard
                buf.extend_from_slice(deadline.to_string().as_bytes());
            }
            buf.extend_from_slice(c.tail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CsvRows, csv_person};

    /// The hand-written rows are the csv crate's bytes for every person of the fixture rosters
    /// and of a roster whose cells need quoting and guarding (quotes, separators, a leading
    /// `=` and `-`), on two dates, in both languages.
    #[test]
    fn rows_are_the_csv_crates_bytes() {
        let odd = r#"Mã,Họ và tên,Ngạch,Chức vụ,Trình độ chuyên môn,Đơn vị công tác
=1+2,"Lê ""Tý"", Văn",Chuyên viên,"Trưởng ""phòng""",Đại học,-Phòng
-3,@Trần,Chuyên viên,Phó trưởng phòng,"Đại, học",x
"#;
        let mut rows_compared = 0;
        crate::report::each_fixture_audit(odd, |plan, audit, roster| {
            let rows = CsvRows::new(plan);
            for p in &audit.people {
                let mut ours = Vec::new();
                rows.write(&mut ours, p);
                let mut w = csv::Writer::from_writer(Vec::new());
                csv_person(&mut w, plan, p).expect("written");
                let theirs = w.into_inner().expect("flushed");
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{} row {}",
                    roster.display(),
                    p.staff.row
                );
                rows_compared += theirs.iter().filter(|&&b| b == b'\n').count();
            }
        });
        assert!(rows_compared > 1000, "{rows_compared} rows compared");
    }
}
