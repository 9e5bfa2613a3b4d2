//! One entry point for every roster format: CSV (any encoding offices produce), XLSX / XLS /
//! ODS workbooks (calamine), JSON arrays and JSON Lines. Each yields records under one header,
//! with the row number a person would look up, in batches for the parallel evaluator.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor};
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use csv::StringRecord;

use super::csv::{Record, Records};
use super::encoding::{self, TextEncoding};
use super::layout::{Layout, SCAN_ROWS};
use super::{RosterError, RowError};
use crate::i18n::{Lang, tr};

/// The kinds of roster file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RosterFormat {
    /// Comma- or semicolon-separated text.
    Csv,
    /// A workbook sheet (XLSX, XLSM, XLSB, XLS, ODS).
    Workbook,
    /// A JSON array of objects.
    Json,
    /// One JSON object per line.
    JsonLines,
}

impl RosterFormat {
    /// From the file extension (CSV when unknown).
    pub(crate) fn of(path: &Path) -> RosterFormat {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => RosterFormat::Workbook,
            "json" => RosterFormat::Json,
            "jsonl" | "ndjson" => RosterFormat::JsonLines,
            _ => RosterFormat::Csv,
        }
    }

    /// Its name in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            RosterFormat::Csv => "CSV",
            RosterFormat::Workbook => "workbook",
            RosterFormat::Json => "JSON",
            RosterFormat::JsonLines => "JSON Lines",
        }
    }
}

/// How to open a roster.
#[derive(Default)]
pub(crate) struct OpenOptions<'a> {
    /// The sheet of a workbook (default: the first).
    pub sheet: Option<&'a str>,
    /// Whether a text is a header some field answers to (finds the header row).
    pub known_header: Option<&'a dyn Fn(&str) -> bool>,
    /// The language of the reasons rows are rejected for.
    pub lang: Lang,
}

/// Bytes read from a CSV file at a time: reads of 64 KB cost six times the time of reads of
/// 1 MB on the benchmark machine (`dd bs=64k` 0.37 s, `bs=1M` 0.06 s for 190 MB).
const READ_BUFFER: usize = 1 << 20;

/// Where CSV text comes from: the file itself (UTF-8) or its decoded text.
type CsvSource = Box<dyn BufRead + Send>;

enum Rows {
    /// A CSV reader positioned after the scanned rows, and the number of the next record (as a
    /// spreadsheet numbers rows: one per record, even when a cell spans lines).
    Csv(Box<Records<CsvSource>>, u32),
    /// Every row of a sheet or a JSON file, already read.
    Loaded,
}

/// An open roster: its header and the records still to read.
pub(crate) struct Roster {
    /// The file.
    pub path: String,
    /// What kind of file it is.
    pub format: RosterFormat,
    /// The text encoding (CSV only).
    pub encoding: Option<TextEncoding>,
    /// The sheet read (workbooks only).
    pub sheet: Option<String>,
    /// The header row as found (row number as the file shows it).
    pub header_row: u32,
    /// The header, one text per column.
    pub headers: Vec<String>,
    layout: Layout,
    rows: Rows,
    pending: VecDeque<(u32, Result<Vec<String>, RowError>)>,
    /// How plain CSV lines are read (CSV only).
    lines: Option<std::sync::Arc<LineReader>>,
    /// About how many rows the roster holds (a CSV's estimated from its size); handed on
    /// with the first batch.
    expected_rows: usize,
    /// The language of rejection reasons.
    lang: Lang,
}

impl Roster {
    /// Opens a roster of any supported format and finds its header.
    pub(crate) fn open(path: &Path, options: &OpenOptions<'_>) -> Result<Roster, RosterError> {
        let format = RosterFormat::of(path);
        let name = path.display().to_string();
        let no_header = |_: &str| false;
        let known: &dyn Fn(&str) -> bool = options.known_header.unwrap_or(&no_header);
        if let Some(sheet) = options.sheet
            && format != RosterFormat::Workbook
        {
            return Err(RosterError::Header {
                path: name,
                message: tr!(
                    options.lang,
                    "--sheet `{sheet}`: tệp {} không có trang tính; --sheet chỉ dùng cho sổ tính (.xlsx, .xls, .ods)",
                    "--sheet `{sheet}`: a {} file has no sheets; --sheet is for workbooks (.xlsx, .xls, .ods)",
                    format.name()
                ),
            });
        }
        match format {
            RosterFormat::Csv => {
                let file = File::open(path).map_err(|source| RosterError::Io {
                    path: name.clone(),
                    source,
                    lang: options.lang,
                })?;
                let size = file.metadata().map_or(0, |m| m.len());
                open_csv(
                    &name,
                    BufReader::with_capacity(READ_BUFFER, file),
                    size,
                    known,
                    options.lang,
                )
            }
            RosterFormat::Workbook | RosterFormat::Json | RosterFormat::JsonLines => {
                let bytes = std::fs::read(path).map_err(|source| RosterError::Io {
                    path: name.clone(),
                    source,
                    lang: options.lang,
                })?;
                Roster::from_bytes(&name, bytes, format, options)
            }
        }
    }

    /// Opens a roster held in memory (an upload): `name` is what messages call it (the file
    /// name), `format` says how to read the bytes. Nothing is written to disk.
    pub(crate) fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        format: RosterFormat,
        options: &OpenOptions<'_>,
    ) -> Result<Roster, RosterError> {
        let no_header = |_: &str| false;
        let known: &dyn Fn(&str) -> bool = options.known_header.unwrap_or(&no_header);
        if let Some(sheet) = options.sheet
            && format != RosterFormat::Workbook
        {
            return Err(RosterError::Header {
                path: name.to_string(),
                message: tr!(
                    options.lang,
                    "--sheet `{sheet}`: tệp {} không có trang tính; --sheet chỉ dùng cho sổ tính (.xlsx, .xls, .ods)",
                    "--sheet `{sheet}`: a {} file has no sheets; --sheet is for workbooks (.xlsx, .xls, .ods)",
                    format.name()
                ),
            });
        }
        match format {
            RosterFormat::Csv => {
                let size = bytes.len() as u64;
                open_csv(
                    name,
                    BufReader::new(Cursor::new(bytes)),
                    size,
                    known,
                    options.lang,
                )
            }
            RosterFormat::Workbook => {
                open_workbook(name, bytes, options.sheet, known, options.lang)
            }
            RosterFormat::Json | RosterFormat::JsonLines => {
                open_json(name, bytes, format, options.lang)
            }
        }
    }

    /// Reads up to `n` rows; an unreadable one becomes a `RowError`. Empty at the end. A CSV
    /// line that is a record of its own (every line but one that opens a cell spanning lines)
    /// stays bytes in the batch: whoever evaluates the batch splits and checks it, so the
    /// reading is shared by every core.
    pub(crate) fn next_batch(&mut self, n: usize) -> Batch {
        let mut batch = Batch {
            // room for most rosters' lines (about 200 bytes each), not grown by reallocation
            text: Vec::with_capacity(if self.lines.is_some() { n * 256 } else { 0 }),
            items: Vec::with_capacity(n.min(1 << 16)),
            lines: self.lines.clone(),
            expected_rows: std::mem::take(&mut self.expected_rows),
        };
        while batch.items.len() < n {
            if let Some((row, cells)) = self.pending.pop_front() {
                let record = cells.and_then(|c| self.layout.record(row, &c, self.lang));
                batch.items.push((row, Item::Record(record)));
                continue;
            }
            let Rows::Csv(reader, next_row) = &mut self.rows else {
                break;
            };
            let row = *next_row;
            *next_row += 1;
            let start = batch.text.len();
            let delimiter = reader.delimiter();
            let read = reader.next_line_into(&mut batch.text).and_then(|more| {
                if !more || !super::csv::ends_in_quote(&batch.text[start..], delimiter) {
                    return Ok(more.then_some(None));
                }
                // quotes: the line may open a cell that spans lines; read as a whole record
                reader.push_back(batch.text.split_off(start));
                Ok(reader.next_record()?.map(Some))
            });
            match read {
                Ok(None) => break,
                // a blank line is a row of the spreadsheet, but nobody's
                Ok(Some(None)) if batch.text.len() == start => {}
                Ok(Some(None)) => batch.items.push((row, Item::Line(start..batch.text.len()))),
                Ok(Some(Some(record))) => {
                    let Some(cells) = csv_cells(row, record, self.lang) else {
                        continue;
                    };
                    let record = cells.and_then(|c| self.layout.record(row, &c, self.lang));
                    batch.items.push((row, Item::Record(record)));
                }
                Err(e) => {
                    batch.text.truncate(start);
                    let reason = tr!(
                        self.lang,
                        "từ dòng này không đọc được tệp nữa: {e}",
                        "the file cannot be read from here on: {e}"
                    );
                    let error = RowError {
                        row,
                        column: None,
                        reason,
                    };
                    batch.items.push((row, Item::Record(Err(error))));
                    // nothing more can be read; the rows after it are not there to account for
                    self.rows = Rows::Loaded;
                    break;
                }
            }
        }
        batch
    }
}

/// Rows as read, handed to the evaluator: CSV lines that are records of their own still as
/// bytes (split, decoded and checked by [`Batch::par_map`] on every core), and rows read whole.
pub(crate) struct Batch {
    /// The bytes of those lines, one after another.
    text: Vec<u8>,
    items: Vec<(u32, Item)>,
    lines: Option<std::sync::Arc<LineReader>>,
    /// With the first batch: about how many rows the roster holds; 0 after.
    expected_rows: usize,
}

/// One row of a [`Batch`].
enum Item {
    /// A CSV line that is a record of its own (no cell of it goes on in the next line), at
    /// this range of the batch's text.
    Line(std::ops::Range<usize>),
    /// A row read whole (a CSV record with quotes, a sheet's row, a JSON object), or why not.
    Record(Result<StringRecord, RowError>),
}

/// How a plain CSV line becomes a record: its separator, the header's layout, the language
/// of rejections.
struct LineReader {
    delimiter: u8,
    layout: Layout,
    lang: Lang,
}

impl LineReader {
    /// The line's cells into `out`, checked and completed as [`Layout::fit`] does.
    fn read(&self, row: u32, line: &[u8], out: &mut StringRecord) -> Result<(), RowError> {
        out.clear();
        // the SIMD check first (about a tenth of the time on Vietnamese text); std's for the
        // position of a bad byte
        let text = simdutf8::basic::from_utf8(line)
            .or_else(|_| std::str::from_utf8(line))
            .map_err(|e| RowError {
                row,
                column: None,
                reason: super::csv::RecordProblem::NotUtf8 {
                    cell: super::csv::cell_at(&line[..e.valid_up_to()], self.delimiter),
                }
                .describe(self.lang),
            })?;
        super::csv::line_cells(text, self.delimiter, out);
        self.layout.fit(row, out, self.lang)
    }
}

impl Batch {
    /// Rows in the batch.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// With the first batch, about how many rows the roster holds (0 when not known).
    pub(crate) fn expected_rows(&self) -> usize {
        self.expected_rows
    }

    /// Whether the roster has no more rows.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `f` on each row's number and record (or its rejection), in parallel, the results in
    /// roster order. Each worker reuses one record for the lines it splits.
    pub(crate) fn par_map<T: Send>(
        self,
        f: impl Fn(u32, Result<&StringRecord, RowError>) -> T + Sync + Send,
    ) -> Vec<T> {
        use rayon::prelude::*;
        let Batch {
            text, items, lines, ..
        } = self;
        items
            .into_par_iter()
            // rayon calls `init` for each piece it splits the batch into: a record sized for a
            // roster line from the start, not grown by reallocation in every piece
            .map_init(
                || StringRecord::with_capacity(512, 64),
                |scratch, (row, item)| match item {
                    Item::Line(range) => {
                        let read = match &lines {
                            Some(lines) => lines.read(row, &text[range], scratch),
                            None => Ok(()),
                        };
                        f(row, read.map(|()| &*scratch))
                    }
                    Item::Record(Ok(record)) => {
                        *scratch = record;
                        f(row, Ok(&*scratch))
                    }
                    Item::Record(Err(e)) => f(row, Err(e)),
                },
            )
            .collect()
    }

    /// The rows as records, in roster order.
    pub(crate) fn into_records(self) -> Vec<(u32, Result<StringRecord, RowError>)> {
        self.par_map(|row, record| (row, record.cloned()))
    }
}

/// A CSV record as cells, or as the rejection of its row; `None` for a blank line, which is
/// counted as a row (so later rows keep the numbers a spreadsheet shows) but not audited.
fn csv_cells(row: u32, record: Record, lang: Lang) -> Option<Result<Vec<String>, RowError>> {
    match record {
        Ok(cells) if cells.len() == 1 && cells[0].is_empty() => None,
        Ok(cells) => Some(Ok(cells)),
        Err(problem) => Some(Err(RowError {
            row,
            column: None,
            reason: problem.describe(lang),
        })),
    }
}

fn open_csv<R: BufRead + Send + 'static>(
    path: &str,
    mut buffered: R,
    size: u64,
    known: &dyn Fn(&str) -> bool,
    lang: Lang,
) -> Result<Roster, RosterError> {
    let io = |source| RosterError::Io {
        path: path.to_string(),
        source,
        lang,
    };
    // the encoding and the separator are told from the first 64 KB
    let start = buffered.fill_buf().map_err(io)?;
    let start = start[..start.len().min(1 << 16)].to_vec();
    let encoding = encoding::sniff(&start);
    let source: CsvSource = match encoding {
        TextEncoding::Utf8 => Box::new(buffered),
        other => {
            let mut bytes = Vec::new();
            buffered.read_to_end(&mut bytes).map_err(io)?;
            Box::new(Cursor::new(encoding::decode(&bytes, other).into_bytes()))
        }
    };
    let sample_text = match encoding {
        TextEncoding::Utf8 => String::from_utf8_lossy(&start).into_owned(),
        other => encoding::decode(&start, other),
    };
    // TCVN3 is looked for only in text that was not UTF-8: Unicode text is never TCVN3
    if encoding == TextEncoding::Windows1258
        && let Some(sample) = encoding::tcvn3_sample(&sample_text)
    {
        return Err(RosterError::Header {
            path: path.to_string(),
            message: encoding::tcvn3_message(&sample, lang),
        });
    }
    let delimiter =
        super::csv::sniff_delimiter(sample_text.trim_start_matches('\u{feff}').as_bytes());
    let mut reader = Records::new(source, delimiter);
    let mut scanned: Vec<(u32, Result<Vec<String>, RowError>)> = Vec::new();
    let mut row = 0;
    while scanned.len() < SCAN_ROWS {
        row += 1;
        let Some(record) = reader.next_record().map_err(io)? else {
            break;
        };
        let Some(cells) = csv_cells(row, record, lang) else {
            continue;
        };
        let cells = cells.map(|mut cells| {
            if let Some(first) = cells.first_mut()
                && row == 1
            {
                *first = first.trim_start_matches('\u{feff}').to_string();
            }
            cells
        });
        scanned.push((row, cells));
    }
    let next_row = row + 1;
    // rows the file holds at the first 64 KB's bytes a line, for sizing what grows with them
    let lines = memchr::memchr_iter(b'\n', &start).count().max(1) as u64;
    let expected = (size.saturating_mul(lines) / start.len().max(1) as u64) as usize;
    finish(
        path,
        Origin::Csv(encoding, delimiter, expected),
        scanned,
        Rows::Csv(Box::new(reader), next_row),
        known,
        lang,
    )
}

/// Where a table roster's rows come from: CSV text in an encoding, or a workbook's sheet.
enum Origin {
    /// CSV text: its encoding, separator, and the rows it is expected to hold.
    Csv(TextEncoding, u8, usize),
    Sheet(String),
}

/// Builds the roster once the first rows are known: finds the header, keeps the rest.
fn finish(
    path: &str,
    origin: Origin,
    scanned: Vec<(u32, Result<Vec<String>, RowError>)>,
    rows: Rows,
    known: &dyn Fn(&str) -> bool,
    lang: Lang,
) -> Result<Roster, RosterError> {
    let texts: Vec<Vec<String>> = scanned
        .iter()
        .take(SCAN_ROWS)
        .map(|(_, r)| r.clone().unwrap_or_default())
        .collect();
    let layout = Layout::detect(&texts, known);
    if layout.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(RosterError::Header {
            path: path.to_string(),
            message: tr!(
                lang,
                "không tìm thấy dòng tiêu đề: các dòng đầu đều trống",
                "no header row found: the first rows are empty"
            ),
        });
    }
    let header_row = layout
        .header_block
        .checked_sub(1)
        .and_then(|i| scanned.get(i))
        .map_or(1, |(r, _)| *r);
    let header_row = if layout.header_block == 0 {
        0
    } else {
        header_row
    };
    let pending: VecDeque<_> = scanned.into_iter().skip(layout.header_block).collect();
    let expected_rows = match origin {
        Origin::Csv(_, _, expected) => expected,
        Origin::Sheet(_) => pending.len(),
    };
    let (format, encoding, sheet, lines) = match origin {
        Origin::Csv(encoding, delimiter, _) => {
            let lines = LineReader {
                delimiter,
                layout: layout.clone(),
                lang,
            };
            let lines = Some(std::sync::Arc::new(lines));
            (RosterFormat::Csv, Some(encoding), None, lines)
        }
        Origin::Sheet(name) => (RosterFormat::Workbook, None, Some(name), None),
    };
    Ok(Roster {
        path: path.to_string(),
        format,
        encoding,
        sheet,
        header_row,
        headers: layout.headers.clone(),
        layout,
        rows,
        pending,
        lines,
        expected_rows,
        lang,
    })
}

fn open_workbook(
    path: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    known: &dyn Fn(&str) -> bool,
    lang: Lang,
) -> Result<Roster, RosterError> {
    let header = |message: String| RosterError::Header {
        path: path.to_string(),
        message,
    };
    let (name, rows, names) = sheet_rows(bytes, sheet, &header, lang)?;
    if rows.is_empty() && sheet.is_none() && names.len() > 1 {
        return Err(header(tr!(
            lang,
            "trang tính đầu tiên `{name}` trống; các trang tính: {} — chọn một trang bằng --sheet",
            "the first sheet `{name}` is empty; the sheets are: {} — choose one with --sheet",
            names.join(", ")
        )));
    }
    finish(path, Origin::Sheet(name), rows, Rows::Loaded, known, lang)
}

/// The sheet's name and its non-empty rows. An .xlsx and an .ods are read cell by cell, and an
/// .xls with its empty rows and columns squeezed out, so a stray far cell costs one cell, not
/// the rectangle up to it.
fn sheet_rows(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    header: &dyn Fn(String) -> RosterError,
    lang: Lang,
) -> Result<(String, Vec<SheetRow>, Vec<String>), RosterError> {
    // a compound file first: calamine's .xlsx reader would look into it for an encrypted
    // workbook, and panics on a damaged one
    if bytes.starts_with(&CFB_MAGIC) {
        return xls_rows(bytes, sheet, header, lang);
    }
    if let Ok(xlsx) = calamine::Xlsx::new(Cursor::new(bytes.clone())) {
        let names = xlsx.sheet_names();
        let (name, rows) = xlsx_rows(xlsx, sheet, header, lang)?;
        return Ok((name, rows, names));
    }
    if let Some(xml) = super::ods::content_xml(&bytes) {
        let damaged = |e| {
            header(tr!(
                lang,
                "không phải sổ tính đọc được (tệp .ods hỏng hoặc bị cắt cụt): {e}",
                "is not a readable workbook (damaged or truncated .ods): {e}"
            ))
        };
        let xml = xml.map_err(damaged)?;
        let names = super::ods::sheet_names(&xml).map_err(damaged)?;
        let name = pick_sheet(&names, sheet, header, lang)?;
        let cells = super::ods::sheet_cells(&xml, &name, MAX_COLUMNS)
            .map_err(|e| header(unreadable_sheet(&name, &e, lang)))?;
        return Ok((name, rows_of_cells(cells, lang), names));
    }
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        header(tr!(
            lang,
            "không phải sổ tính đọc được (hỏng, bị cắt cụt, hoặc không phải .xlsx / .xls / .ods): {e}",
            "is not a readable workbook (damaged or truncated, or not .xlsx / .xls / .ods): {e}"
        ))
    })?;
    let names = workbook.sheet_names();
    let name = pick_sheet(&names, sheet, header, lang)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| header(unreadable_sheet(&name, &e, lang)))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<(u32, Result<Vec<String>, RowError>)> = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<String> = (0..first_col).map(|_| String::new()).collect();
        cells.extend(r.iter().map(cell_text));
        // an empty row is a row of the sheet, but nobody's
        if cells.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        rows.push((first_row + i as u32 + 1, Ok(cells)));
    }
    Ok((name, rows, names))
}

/// The first bytes of a compound file, the container of an .xls.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The non-empty rows of an .xls sheet: calamine reads the workbook once its sheets are
/// compacted ([`super::xls`]), and each cell goes back to its real row and column.
fn xls_rows(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    header: &dyn Fn(String) -> RosterError,
    lang: Lang,
) -> Result<(String, Vec<SheetRow>, Vec<String>), RosterError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        header(tr!(
            lang,
            "không phải sổ tính .xls đọc được (hỏng hoặc bị cắt cụt): {e}",
            "is not a readable .xls (damaged or truncated): {e}"
        ))
    };
    let compacted = super::xls::compact(bytes).map_err(|e| unreadable(&e))?;
    let opened = quietly_caught(|| calamine::Xls::new(Cursor::new(compacted.bytes)));
    let mut xls = match opened {
        Some(Ok(xls)) => xls,
        Some(Err(e)) => return Err(unreadable(&e)),
        None => return Err(unreadable(&"the reader stopped on a malformed record")),
    };
    let names = xls.sheet_names();
    let name = pick_sheet(&names, sheet, header, lang)?;
    let index = names.iter().position(|n| *n == name).unwrap_or(0);
    let axes = compacted.sheets.get(index);
    let range = xls
        .worksheet_range(&name)
        .map_err(|e| header(unreadable_sheet(&name, &e, lang)))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let real = |axis: Option<&Vec<u32>>, dense: u32| {
        axis.and_then(|a| a.get(dense as usize).copied())
            .unwrap_or(dense)
    };
    let mut cells = Vec::new();
    for (i, r) in range.rows().enumerate() {
        for (j, d) in r.iter().enumerate() {
            let text = cell_text(d);
            if text.trim().is_empty() {
                continue;
            }
            let row = real(axes.map(|a| &a.rows), first_row + i as u32);
            let col = real(axes.map(|a| &a.cols), first_col + j as u32);
            cells.push((row, col, text));
        }
    }
    Ok((name, rows_of_cells(cells, lang), names))
}

/// `f`'s value, or None when it panics — without the panic's message on stderr. calamine is
/// handed bytes a stranger wrote, and a panic in it means a damaged file, not a crash.
fn quietly_caught<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let value = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    std::panic::set_hook(hook);
    value
}

/// One row of a sheet as read: its number, and its cells or why it is rejected.
type SheetRow = (u32, Result<Vec<String>, RowError>);

/// The columns a workbook is read to: far more than any roster has; a cell beyond them is
/// reported on its row, never allocated for.
pub(crate) const MAX_COLUMNS: u32 = 512;

/// Why a sheet could not be read, in `lang`.
fn unreadable_sheet(name: &str, e: &dyn std::fmt::Display, lang: Lang) -> String {
    tr!(
        lang,
        "không đọc được trang tính `{name}`: {e}",
        "sheet `{name}` cannot be read: {e}"
    )
}

/// The sheet `--sheet` names (exactly, or by header key), else the first.
fn pick_sheet(
    names: &[String],
    sheet: Option<&str>,
    header: &dyn Fn(String) -> RosterError,
    lang: Lang,
) -> Result<String, RosterError> {
    match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| header_key_eq(n.as_str(), wanted)))
            .cloned()
            .ok_or_else(|| {
                header(tr!(
                    lang,
                    "không có trang tính `{wanted}`; các trang tính: {}",
                    "no sheet `{wanted}`; the sheets are: {}",
                    names.join(", ")
                ))
            }),
        None => names.first().cloned().ok_or_else(|| {
            header(tr!(
                lang,
                "sổ tính không có trang tính nào",
                "the workbook has no sheet"
            ))
        }),
    }
}

/// The non-empty rows of an .xlsx sheet, read cell by cell: rows in order with their sheet
/// numbers, each as texts from column A to its last used column within [`MAX_COLUMNS`]; a row
/// with a cell beyond them is rejected with the cell named.
fn xlsx_rows(
    mut xlsx: calamine::Xlsx<Cursor<Vec<u8>>>,
    sheet: Option<&str>,
    header: &dyn Fn(String) -> RosterError,
    lang: Lang,
) -> Result<(String, Vec<SheetRow>), RosterError> {
    let names = xlsx.sheet_names();
    let name = pick_sheet(&names, sheet, header, lang)?;
    let mut reader = xlsx
        .worksheet_cells_reader(&name)
        .map_err(|e| header(unreadable_sheet(&name, &e, lang)))?;
    let mut cells = Vec::new();
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(header(unreadable_sheet(&name, &e, lang))),
        };
        let (row, col) = cell.get_position();
        let text = cell_ref_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        cells.push((row, col, text));
    }
    Ok((name, rows_of_cells(cells, lang)))
}

/// The rows of a sheet from its non-empty cells (0-based row and column, text): rows in order
/// with their sheet numbers, each as texts from column A to its last used column within
/// [`MAX_COLUMNS`]; a row with a cell beyond them is rejected with the cell named.
fn rows_of_cells(cells: Vec<super::ods::SheetCell>, lang: Lang) -> Vec<SheetRow> {
    let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    let mut beyond: std::collections::BTreeMap<u32, u32> = Default::default();
    for (row, col, text) in cells {
        if col >= MAX_COLUMNS {
            beyond.entry(row).or_insert(col);
        } else {
            by_row.entry(row).or_default().push((col, text));
        }
    }
    let mut rows = Vec::new();
    let mut rows_seen: Vec<u32> = by_row.keys().chain(beyond.keys()).copied().collect();
    rows_seen.sort_unstable();
    rows_seen.dedup();
    for row in rows_seen {
        if let Some(&col) = beyond.get(&row) {
            let cell = format!("{}{}", crate::roster::column_letter(col as usize), row + 1);
            rows.push((
                row + 1,
                Err(RowError {
                    row: row + 1,
                    column: Some(cell.clone()),
                    reason: tr!(
                        lang,
                        "ô {cell} nằm ngoài {MAX_COLUMNS} cột được đọc của danh sách; chuyển vào bảng hoặc xóa đi",
                        "cell {cell} lies beyond the {MAX_COLUMNS} columns a roster is read to; move it into the table or delete it"
                    ),
                }),
            ));
            continue;
        }
        let cells = by_row.remove(&row).unwrap_or_default();
        let width = cells.iter().map(|(c, _)| *c + 1).max().unwrap_or(0) as usize;
        let mut texts = vec![String::new(); width];
        for (col, text) in cells {
            texts[col as usize] = text;
        }
        rows.push((row + 1, Ok(texts)));
    }
    rows
}

/// A streamed .xlsx cell as roster text, as [`cell_text`] does for a loaded one.
fn cell_ref_text(d: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            if matches!(d, DataRef::DateTimeIso(_)) {
                s.split('T').next().unwrap_or(s).to_string()
            } else {
                s.clone()
            }
        }
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => (if *b { "Có" } else { "Không" }).to_string(),
        DataRef::DateTime(dt) => excel_serial_date(dt.as_f64()).unwrap_or_else(|| dt.to_string()),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn header_key_eq(a: &str, b: &str) -> bool {
    crate::normalize::text_key(a) == crate::normalize::text_key(b)
}

/// A workbook cell as roster text: dates as yyyy-mm-dd, whole numbers without ".0".
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => (if *b { "Có" } else { "Không" }).to_string(),
        Data::DateTime(dt) => excel_serial_date(dt.as_f64()).unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A float as a person would type it: `3` not `3.0`.
pub(crate) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel serial day number (1900 date system) as yyyy-mm-dd. Day 60 is the 29 February 1900
/// Excel believes in; days after it are counted from 1899-12-30.
pub(crate) fn excel_serial_date(serial: f64) -> Option<String> {
    let days = serial.floor() as i64;
    if !(61..=2_958_465).contains(&days) {
        return None;
    }
    let base = jiff::civil::date(1899, 12, 30);
    let date = base.checked_add(jiff::Span::new().days(days)).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    ))
}

fn open_json(
    path: &str,
    bytes: Vec<u8>,
    format: RosterFormat,
    lang: Lang,
) -> Result<Roster, RosterError> {
    let text = String::from_utf8(bytes).map_err(|e| RosterError::Header {
        path: path.to_string(),
        message: tr!(
            lang,
            "JSON phải được mã hóa UTF-8; byte thứ {} không phải",
            "JSON must be UTF-8; byte {} is not",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let text = text.trim_start_matches('\u{feff}');
    // (line, object or why not)
    let mut objects: Vec<(u32, Result<JsonObject, String>)> = Vec::new();
    let looks_like_array = text.trim_start().starts_with('[');
    if format == RosterFormat::Json && looks_like_array {
        let values: Vec<Box<serde_json::value::RawValue>> =
            serde_json::from_str(text).map_err(|e| RosterError::Header {
                path: path.to_string(),
                message: tr!(
                    lang,
                    "không phải mảng JSON gồm các đối tượng: {e} (dòng {}, cột {})",
                    "not a JSON array of objects: {e} (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            })?;
        for (i, v) in values.into_iter().enumerate() {
            objects.push((i as u32 + 1, as_object(v.get(), lang)));
        }
    } else {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            objects.push((i as u32 + 1, as_object(line, lang)));
        }
    }
    let mut headers: Vec<String> = Vec::new();
    for (_, o) in &objects {
        if let Ok(map) = o {
            for k in map.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
    }
    if headers.is_empty() {
        return Err(RosterError::Header {
            path: path.to_string(),
            message: tr!(
                lang,
                "không có đối tượng nào có khóa: không có gì để đánh giá",
                "no object with keys: nothing to audit"
            ),
        });
    }
    // records are numbered as the rows of the same roster as a table under its header row
    let mut rows: Vec<(u32, Result<Vec<String>, RowError>)> = Vec::new();
    for (n, (_, o)) in objects.into_iter().enumerate() {
        let row = n as u32 + 2;
        rows.push((
            row,
            o.and_then(|map| {
                headers
                    .iter()
                    .map(|h| json_cell(h, map.get(h), lang))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|reason| RowError {
                row,
                column: None,
                reason,
            }),
        ));
    }
    let layout = Layout {
        headers: headers.clone(),
        header_block: 0,
        sex_columns: None,
        width: headers.len(),
    };
    Ok(Roster {
        path: path.to_string(),
        format,
        encoding: None,
        sheet: None,
        header_row: 0,
        headers,
        layout,
        rows: Rows::Loaded,
        expected_rows: rows.len(),
        pending: rows.into(),
        lines: None,
        lang,
    })
}

/// One JSON record.
type JsonObject = serde_json::Map<String, serde_json::Value>;

/// One JSON record from its text: an object whose keys are each written once (a key written
/// twice would feed one field from two values, and the reader would keep one silently).
fn as_object(text: &str, lang: Lang) -> Result<JsonObject, String> {
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        let shown: String = trimmed.chars().take(60).collect();
        return Err(tr!(
            lang,
            "cần một đối tượng chứa các trường của người đó, nhưng gặp `{shown}`",
            "expected an object with the person's fields, found `{shown}`"
        ));
    }
    serde_json::from_str::<UniqueKeys>(trimmed)
        .map(|o| o.0)
        .map_err(|e| {
            tr!(
                lang,
                "không phải một đối tượng JSON: {e}",
                "not a JSON object: {e}"
            )
        })
}

/// A JSON object that refuses a key written twice.
struct UniqueKeys(JsonObject);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = UniqueKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object with the person's fields")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<UniqueKeys, A::Error> {
                let mut out = JsonObject::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: serde_json::Value = map.next_value()?;
                    if out.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "the key `{key}` is written twice in this object; keep one"
                        )));
                    }
                    out.insert(key, value);
                }
                Ok(UniqueKeys(out))
            }
        }
        d.deserialize_map(Keys)
    }
}

/// A JSON value as roster text: lists (of positions) joined with `;`.
fn json_cell(key: &str, v: Option<&serde_json::Value>, lang: Lang) -> Result<String, String> {
    use serde_json::Value;
    Ok(match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.as_f64().map_or_else(|| n.to_string(), number_text),
        Some(Value::Bool(b)) => (if *b { "Có" } else { "Không" }).to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| json_cell(key, Some(i), lang))
            .collect::<Result<Vec<_>, _>>()?
            .join("; "),
        Some(Value::Object(_)) => {
            return Err(tr!(
                lang,
                "`{key}` chứa một đối tượng; cần chữ, số hoặc danh sách",
                "`{key}` holds an object; expected text, a number or a list"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_date(25569.0).as_deref(), Some("1970-01-01"));
        assert_eq!(excel_serial_date(44409.0).as_deref(), Some("2021-08-01"));
        assert_eq!(excel_serial_date(12.0), None);
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(4.4), "4.4");
    }
}
