//! The batch audit: records in batches, each batch turned into staff rows and evaluated in
//! parallel (rayon), then accounted for in roster order. Every row ends up audited or rejected.

use std::path::Path;

use crate::evaluate::evaluate;
use crate::finding::PersonResult;
use crate::i18n::tr;
use crate::plan::Plan;
use crate::roster::reader::{Batch, OpenOptions, Roster, RosterFormat};
use crate::roster::{ColumnMap, RosterError, RowError, build_row, known_headers};
use crate::ruleset::FieldId;
use crate::seen_ids::{Earlier, IdHash, SeenIds, id_hash};
use crate::staff::StaffRow;

/// Records evaluated per parallel batch.
pub(crate) const BATCH: usize = 512;

/// One audited person.
#[derive(Debug, Clone)]
pub struct Audited {
    /// What was read.
    pub staff: StaffRow,
    /// What the rules say.
    pub result: PersonResult,
}

/// The outcome of a whole roster.
#[derive(Debug)]
pub struct AuditOutput {
    /// Audited people, in roster order.
    pub people: Vec<Audited>,
    /// Rows not audited, in roster order.
    pub rejected: Vec<RowError>,
    /// Rows read (audited + rejected).
    pub total: usize,
    /// How the columns were matched.
    pub columns: ColumnMap,
}

/// The accounting of a streamed audit: what is kept once every person has been handed on.
#[derive(Debug)]
pub struct Accounted {
    /// Rows not audited, in roster order.
    pub rejected: Vec<RowError>,
    /// Rows read (audited + rejected).
    pub total: usize,
    /// How the columns were matched; `missing` only those a criterion that applied needed.
    pub columns: ColumnMap,
}

/// Audits every record `next_batch` yields until it yields an empty batch, handing the audited
/// people of each batch to `each` in roster order and keeping only the accounting: rows read,
/// rejected rows (with duplicate ids), the columns that matter. Three threads in a pipeline:
/// one reads the next batch, one has the rayon pool evaluate the batch after this one, and
/// this thread accounts for this one and hands it on; what `each` does with them (write them — in parallel too —, count them, keep
/// them) is up to the caller.
pub(crate) fn audit_each<E>(
    plan: &Plan,
    columns: ColumnMap,
    next_batch: impl FnMut(usize) -> Batch + Send,
    each: impl FnMut(Vec<Audited>) -> Result<(), E>,
) -> Result<Accounted, E> {
    audit_batches(plan, columns, SeenIds::new(), next_batch, each)
}

/// [`audit_each`] with the duplicate-id set given: a fixed filter with a temporary file (a
/// stream), or kept in memory (an audit that keeps everyone).
fn audit_batches<E>(
    plan: &Plan,
    columns: ColumnMap,
    mut ids: SeenIds,
    mut next_batch: impl FnMut(usize) -> Batch + Send,
    mut each: impl FnMut(Vec<Audited>) -> Result<(), E>,
) -> Result<Accounted, E> {
    let mut rejected = Vec::new();
    let mut total = 0;
    let mut applied = vec![false; plan.criteria.len()];
    // the next batch is read while this one is evaluated and written: a reader thread, two
    // batches ahead at most
    std::thread::scope(|scope| -> Result<(), E> {
        let (send, batches) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            loop {
                let batch = next_batch(BATCH);
                let last = batch.is_empty();
                if send.send(batch).is_err() || last {
                    break;
                }
            }
        });
        // evaluation on its own thread too, so that the workers go on with the next batch
        // while this one is accounted for and handed on
        // a rendezvous: one batch evaluated ahead, not two (memory)
        let (send, evaluated_batches) = std::sync::mpsc::sync_channel(0);
        let columns = &columns;
        scope.spawn(move || {
            for batch in batches {
                if batch.is_empty() {
                    break;
                }
                let expected_rows = batch.expected_rows();
                let evaluated: Vec<Result<(Audited, Option<IdHash>), RowError>> =
                    batch.par_map(|row, record| {
                        let staff = build_row(plan, columns, row, record?)?;
                        let result = evaluate(plan, &staff);
                        let id = (!staff.id.is_empty()).then(|| id_hash(&staff.id));
                        Ok((Audited { staff, result }, id))
                    });
                if send.send((expected_rows, evaluated)).is_err() {
                    break;
                }
            }
        });
        for (expected_rows, evaluated) in evaluated_batches {
            total += evaluated.len();
            ids.reserve(expected_rows);
            ids.prefetch(evaluated.iter().filter_map(|e| e.as_ref().ok()?.1));
            let mut people = Vec::with_capacity(evaluated.len());
            for item in evaluated {
                match item {
                    Ok((a, id)) => {
                        let earlier = match id {
                            Some(id) => ids.first_use(id, a.staff.row),
                            None => Earlier::No,
                        };
                        let reason = match earlier {
                            Earlier::No => None,
                            Earlier::At(first) => Some(crate::i18n::tr!(
                                plan.lang,
                                "mã `{}` đã dùng ở dòng {first}",
                                "id `{}` is already used at row {first}",
                                a.staff.id
                            )),
                            Earlier::Unknown(why) => Some(crate::i18n::tr!(
                                plan.lang,
                                "mã `{}` có thể đã dùng ở một dòng trước: không đọc lại được tệp tạm giữ các mã đã gặp ({why})",
                                "id `{}` may be used at an earlier row: the temporary file of the ids seen could not be read back ({why})",
                                a.staff.id
                            )),
                        };
                        if let Some(reason) = reason {
                            rejected.push(RowError {
                                row: a.staff.row,
                                column: Some("id".to_string()),
                                reason,
                            });
                            continue;
                        }
                        for f in &a.result.findings {
                            applied[f.criterion as usize] = true;
                        }
                        people.push(a);
                    }
                    Err(e) => rejected.push(e),
                }
            }
            each(people)?;
        }
        Ok(())
    })?;
    let mut columns = columns;
    columns.missing = needed_missing(plan, &columns.missing, &applied);
    Ok(Accounted {
        rejected,
        total,
        columns,
    })
}

/// Audits every record `next_batch` yields until it yields an empty batch, keeping everyone.
pub(crate) fn audit(
    plan: &Plan,
    columns: ColumnMap,
    next_batch: impl FnMut(usize) -> Batch + Send,
) -> AuditOutput {
    let mut people = Vec::new();
    let ids = SeenIds::in_memory();
    let Ok(accounted) = audit_batches(plan, columns, ids, next_batch, |batch| {
        people.extend(batch);
        Ok::<(), std::convert::Infallible>(())
    });
    AuditOutput {
        people,
        rejected: accounted.rejected,
        total: accounted.total,
        columns: accounted.columns,
    }
}

/// The missing columns that matter: those read by a criterion that applied to someone (a
/// teacher-only field is not "missing" from a roster without teachers).
fn needed_missing(plan: &Plan, missing: &[usize], applied: &[bool]) -> Vec<usize> {
    if missing.is_empty() {
        return Vec::new();
    }
    let mut needed = Vec::new();
    for (i, c) in plan.criteria.iter().enumerate() {
        if applied[i] {
            needed.extend(plan.criterion_inputs(c));
        }
    }
    missing
        .iter()
        .copied()
        .filter(|f| needed.contains(f))
        .collect()
}

/// Where a roster comes from: a file, or the bytes of an upload (its file name says the format).
pub enum RosterSource<'a> {
    /// A file on disk.
    Path(&'a Path),
    /// Bytes in memory, never written to disk.
    Bytes {
        /// The file name as given (for the format and for messages).
        name: &'a str,
        /// The content.
        bytes: Vec<u8>,
    },
}

/// How to read a roster: the sheet of a workbook, and `Header=field` overrides.
#[derive(Debug, Clone, Default)]
pub struct RosterOptions {
    /// The sheet (default: the first).
    pub sheet: Option<String>,
    /// `"Header=field"` overrides.
    pub map: Vec<String>,
}

/// Opens a roster file with default options and audits every row of it.
pub fn audit_file(plan: &Plan, path: &Path) -> Result<AuditOutput, RosterError> {
    audit_source(plan, RosterSource::Path(path), &RosterOptions::default())
}

/// Why a streamed audit stopped: the roster could not be opened, or the caller's `each` failed.
#[derive(Debug, thiserror::Error)]
pub enum StreamError<E> {
    /// The roster cannot be read.
    #[error(transparent)]
    Roster(#[from] RosterError),
    /// `each` failed (a report could not be written).
    #[error("{0}")]
    Each(E),
}

/// Opens a roster and audits it as a stream of batches: each batch of audited people is handed
/// to `each` in roster order and may be dropped there (written, counted), so memory does not
/// grow with the roster; what comes back is the accounting (rows read, rejected rows, the
/// columns that mattered). The command line and `serve` audit the same way. Past 65,536 rows the
/// hashes of the ids seen (not the ids) go to a temporary file, read back only to confirm a
/// repeated id (see `seen_ids`).
pub fn audit_stream<E: std::fmt::Display>(
    plan: &Plan,
    source: RosterSource<'_>,
    options: &RosterOptions,
    each: impl FnMut(Vec<Audited>) -> Result<(), E>,
) -> Result<Accounted, StreamError<E>> {
    let (mut reader, columns) = open_for_audit(plan, source, options)?;
    audit_each(plan, columns, |n| reader.next_batch(n), each).map_err(StreamError::Each)
}

/// Opens a roster (a file or bytes in memory; `sheet`, `map`) and audits every row of it.
pub fn audit_source(
    plan: &Plan,
    source: RosterSource<'_>,
    options: &RosterOptions,
) -> Result<AuditOutput, RosterError> {
    let (mut reader, columns) = open_for_audit(plan, source, options)?;
    Ok(audit(plan, columns, |n| reader.next_batch(n)))
}

/// Opens a roster to audit: its columns matched, and refused when no column says the rank or
/// position.
pub(crate) fn open_for_audit(
    plan: &Plan,
    source: RosterSource<'_>,
    options: &RosterOptions,
) -> Result<(Roster, ColumnMap), RosterError> {
    let (reader, columns) = open_roster(plan, source, options)?;
    if !columns.can_match(plan) {
        return Err(RosterError::Header {
            message: tr!(
                plan.lang,
                "không có cột nào cho biết ngạch hoặc chức vụ (cần một tiêu đề như `Ngạch`, `Mã ngạch` hoặc `Chức vụ`, hoặc `--map \"Tiêu đề=rank\"`; các cột có: {})",
                "no column says the rank or position (expected a header such as `Ngạch`, `Mã ngạch` or `Chức vụ`, or `--map \"Header=rank\"`; found: {})",
                columns.headers.join(", ")
            ),
            path: reader.path,
        });
    }
    Ok((reader, columns))
}

/// Opens a roster and matches its columns to the plan's fields.
pub(crate) fn open_roster(
    plan: &Plan,
    source: RosterSource<'_>,
    options: &RosterOptions,
) -> Result<(Roster, ColumnMap), RosterError> {
    let overrides =
        parse_map(plan, &options.map).map_err(|message| RosterError::Map { message })?;
    let known = known_headers(plan, &overrides);
    let is_known = |h: &str| {
        known.contains(&crate::normalize::ascii_fold(&crate::normalize::text_key(
            h,
        )))
    };
    let open = OpenOptions {
        lang: plan.lang,
        sheet: options.sheet.as_deref(),
        known_header: Some(&is_known),
    };
    let reader = match source {
        RosterSource::Path(path) => Roster::open(path, &open),
        RosterSource::Bytes { name, bytes } => {
            Roster::from_bytes(name, bytes, RosterFormat::of(Path::new(name)), &open)
        }
    }?;
    for (header, _) in &overrides {
        let key = crate::normalize::text_key(header);
        if !reader
            .headers
            .iter()
            .any(|h| crate::normalize::text_key(h) == key)
        {
            return Err(RosterError::Map {
                message: tr!(
                    plan.lang,
                    "--map: {} không có cột `{header}`; các cột của nó: {}",
                    "--map: {} has no column `{header}`; its columns are: {}",
                    reader.path,
                    reader.headers.join(", ")
                ),
            });
        }
    }
    let columns =
        ColumnMap::with_overrides(plan, reader.headers.clone(), &overrides).map_err(|message| {
            RosterError::Header {
                path: reader.path.clone(),
                message,
            }
        })?;
    Ok((reader, columns))
}

/// `--map "Trình độ CM=education"` → (header, field).
fn parse_map(plan: &Plan, maps: &[String]) -> Result<Vec<(String, FieldId)>, String> {
    let mut out = Vec::new();
    for m in maps {
        let Some((header, field)) = m.rsplit_once('=') else {
            return Err(tr!(
                plan.lang,
                "--map `{m}`: viết \"Tiêu đề=trường\", ví dụ --map \"Trình độ CM=education\"",
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
            return Err(tr!(
                plan.lang,
                "--map `{m}`: `{field}` không phải là một trường. {hint}",
                "--map `{m}`: `{field}` is not a field. {hint}"
            ));
        };
        if let Some((other, _)) = out.iter().find(|(_, f)| *f == id) {
            return Err(tr!(
                plan.lang,
                "--map: `{other}` và `{header}` cùng cấp dữ liệu cho `{field}`; mỗi trường chỉ gán một cột",
                "--map: `{other}` and `{header}` both feed `{field}`; map one column to a field"
            ));
        }
        out.push((header.to_string(), id));
    }
    Ok(out)
}

/// `--redact`: a report to share outside the HR office. Each audited person's name becomes
/// `#ROW`, the id is dropped, and the birth date becomes the age on the audit date — after
/// evaluation, so verdicts are those of the real data.
pub(crate) fn redact(plan: &Plan, out: &mut AuditOutput) {
    for p in &mut out.people {
        redact_person(plan, p);
    }
}

/// [`redact`] for one person (a streamed audit redacts each as it is written).
pub(crate) fn redact_person(plan: &Plan, p: &mut Audited) {
    let birth = match &plan.retirement {
        Some(r) => Some(r.birth),
        None => plan.fields.iter().position(|f| f.name == "birth_date"),
    };
    let slot = birth.and_then(|f| plan.slots[f]);
    p.staff.name = format!("#{}", p.staff.row).into();
    p.staff.id = String::new().into();
    let Some(slot) = slot else { return };
    let age = match &p.staff.cells[slot as usize] {
        crate::staff::Cell::Date(d) => Some(d.years_until(plan.as_of)),
        crate::staff::Cell::Year(y) => Some(plan.as_of.year() - y),
        _ => None,
    };
    if let Some(age) = age {
        let raw = crate::i18n::tr!(plan.lang, "{age} tuổi", "age {age}");
        p.staff.cells[slot as usize] =
            crate::staff::Cell::Text(std::sync::Arc::new(crate::staff::TextValue {
                key: crate::normalize::text_key(&raw),
                raw,
            }));
    }
}
