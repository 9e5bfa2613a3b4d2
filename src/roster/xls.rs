//! An old Excel workbook (.xls: BIFF5 or BIFF8 records in a compound file) made safe to hand to
//! calamine. calamine builds, when it opens the file, a dense grid for every sheet from its
//! first to its farthest used cell, and reserves the cells a sheet's DIMENSIONS record claims: a
//! stray cell at IV65536 in a 10 KB file cost 1 GB, and a DIMENSIONS record claiming 4 billion
//! rows aborts the process. Here the workbook stream is walked first, record by record; in each
//! sheet the used rows and columns are numbered densely (so empty rows and columns between cells
//! cost nothing), the DIMENSIONS record is cleared, and the real row and column of each dense
//! index is kept to put every cell back where it was.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};

/// The cells a sheet's grid may span once compacted when that is far more than the cells it
/// holds (a dense sheet of any size is read; a sparse pattern built to blow up the grid is not).
const MAX_SPARSE_GRID: usize = 2_000_000;

/// A workbook whose sheets were compacted, and how to undo it.
pub(crate) struct Compacted {
    /// The compound file with its workbook stream rewritten, for calamine.
    pub(crate) bytes: Vec<u8>,
    /// For each sheet, in the workbook's order, its real rows and columns by dense index.
    pub(crate) sheets: Vec<SheetAxes>,
}

/// The real (0-based) row and column numbers of a compacted sheet, indexed by dense number.
#[derive(Default)]
pub(crate) struct SheetAxes {
    pub(crate) rows: Vec<u32>,
    pub(crate) cols: Vec<u32>,
}

/// Record types with a cell position that calamine reads: NUMBER, LABEL, RSTRING, BOOLERR, RK,
/// LABELSST, FORMULA ([MS-XLS] 2.4); each begins with its row and column as two u16.
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
/// MULRK: a row, a first column, RK values, a last column.
const MULRK: u16 = 0x00BD;
const DIMENSIONS: u16 = 0x0200;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;

/// Compacts every sheet of the .xls in `bytes`. An error is why the file is not a readable .xls.
pub(crate) fn compact(bytes: Vec<u8>) -> Result<Compacted, String> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| format!("compound file: {e}"))?;
    if file.is_stream("/EncryptedPackage") {
        return Err("the workbook is protected by a password; save a copy without one".into());
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| "no Workbook stream".to_string())?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| format!("Workbook stream: {e}"))?;
    let sheets = compact_stream(&mut stream)?;
    let mut out = file
        .open_stream(name)
        .map_err(|e| format!("Workbook stream: {e}"))?;
    out.seek(SeekFrom::Start(0))
        .and_then(|_| out.write_all(&stream))
        .and_then(|_| out.flush())
        .map_err(|e| format!("Workbook stream: {e}"))?;
    drop(out);
    Ok(Compacted {
        bytes: file.into_inner().into_inner(),
        sheets,
    })
}

/// One record: its type, and where its data lies in the stream.
struct Record {
    typ: u16,
    data: std::ops::Range<usize>,
}

/// The records of `stream` from `at`, stopping at the end or at a record cut short (calamine
/// reports that one itself).
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Record> + '_ {
    std::iter::from_fn(move || {
        let header = stream.get(at..at.checked_add(4)?)?;
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        let data = at + 4..at + 4 + len;
        if data.end > stream.len() {
            return None;
        }
        at = data.end;
        Some(Record { typ, data })
    })
}

fn u16_at(stream: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([stream[at], stream[at + 1]])
}

fn put_u16(stream: &mut [u8], at: usize, value: u32) {
    // dense numbers are fewer than the u16 numbers they replace
    let value = value as u16;
    stream[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

/// Compacts the sheets of a workbook stream in place; their axes in BOUNDSHEET order.
fn compact_stream(stream: &mut [u8]) -> Result<Vec<SheetAxes>, String> {
    let mut starts = Vec::new();
    for r in records(stream, 0) {
        match r.typ {
            BOUNDSHEET if r.data.len() >= 4 => {
                let s = &stream[r.data.start..r.data.start + 4];
                starts.push(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize);
            }
            EOF => break,
            _ => {}
        }
    }
    let mut sheets = Vec::with_capacity(starts.len());
    for (n, start) in starts.into_iter().enumerate() {
        sheets.push(compact_sheet(stream, start).map_err(|e| format!("sheet {}: {e}", n + 1))?);
    }
    Ok(sheets)
}

/// Where a cell record keeps its columns: the first, and for a MULRK the last as well.
struct CellAt {
    data: usize,
    last_col: Option<usize>,
}

/// Compacts the sheet whose BOF is at `start`: the cell records calamine reads, skipping the
/// substreams nested in it (charts) as calamine does.
fn compact_sheet(stream: &mut [u8], start: usize) -> Result<SheetAxes, String> {
    if start >= stream.len() {
        // calamine reports the bad offset itself
        return Ok(SheetAxes::default());
    }
    let mut cells: Vec<CellAt> = Vec::new();
    let mut dimensions = Vec::new();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for r in records(stream, start) {
        if depth > 0 {
            match r.typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => dimensions.push(r.data),
            MULRK if r.data.len() >= 6 => cells.push(CellAt {
                data: r.data.start,
                last_col: Some(r.data.end - 2),
            }),
            t if CELL_RECORDS.contains(&t) || t == MULRK => {
                if r.data.len() < 4 {
                    return Err(format!(
                        "a cell record (type 0x{t:04X}) of {} bytes at byte {} holds no position",
                        r.data.len(),
                        r.data.start
                    ));
                }
                cells.push(CellAt {
                    data: r.data.start,
                    last_col: None,
                });
            }
            _ => {}
        }
    }
    let mut rows = BTreeSet::new();
    let mut cols = BTreeSet::new();
    for c in &cells {
        rows.insert(u16_at(stream, c.data));
        let first = u16_at(stream, c.data + 2);
        match c.last_col {
            Some(last) => cols.extend(first..=u16_at(stream, last).max(first)),
            None => {
                cols.insert(first);
            }
        }
    }
    let grid = rows.len().saturating_mul(cols.len());
    if grid > MAX_SPARSE_GRID && grid / 8 > cells.len() {
        return Err(format!(
            "its {} cells are scattered over {} rows and {} columns; save it as .xlsx or CSV",
            cells.len(),
            rows.len(),
            cols.len()
        ));
    }
    let rows: Vec<u16> = rows.into_iter().collect();
    let cols: Vec<u16> = cols.into_iter().collect();
    let dense = |axis: &[u16], v: u16| axis.binary_search(&v).unwrap_or(0) as u32;
    for c in &cells {
        let row = u16_at(stream, c.data);
        let first = u16_at(stream, c.data + 2);
        put_u16(stream, c.data, dense(&rows, row));
        put_u16(stream, c.data + 2, dense(&cols, first));
        if let Some(last) = c.last_col {
            let v = u16_at(stream, last).max(first);
            put_u16(stream, last, dense(&cols, v));
        }
    }
    // a DIMENSIONS record of zeros claims one cell: calamine reserves what it claims
    for d in dimensions {
        stream[d].fill(0);
    }
    Ok(SheetAxes {
        rows: rows.into_iter().map(u32::from).collect(),
        cols: cols.into_iter().map(u32::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0, 0]); // XF
        d.extend(0.0f64.to_le_bytes());
        record(0x0203, &d)
    }

    /// A workbook stream: globals naming one sheet, then the sheet with `body`.
    fn stream(body: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0, 6, 0x10, 0, 0, 0, 0, 0]);
        let globals_len = bof.len() + (4 + 4) + 4;
        let mut s = bof.clone();
        s.extend(record(BOUNDSHEET, &(globals_len as u32).to_le_bytes()));
        s.extend(record(EOF, &[]));
        s.extend(bof);
        for r in body {
            s.extend(r);
        }
        s.extend(record(EOF, &[]));
        s
    }

    #[test]
    fn far_rows_and_columns_are_numbered_densely_and_restored() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 0, 1, 0, 0]);
        let mut s = stream(&[record(DIMENSIONS, &dims), cell(0, 0), cell(65535, 255)]);
        let sheets = compact_stream(&mut s).unwrap();
        assert_eq!(sheets[0].rows, vec![0, 65535]);
        assert_eq!(sheets[0].cols, vec![0, 255]);
        let positions: Vec<(u16, u16)> = records(&s, 0)
            .filter(|r| r.typ == 0x0203)
            .map(|r| (u16_at(&s, r.data.start), u16_at(&s, r.data.start + 2)))
            .collect();
        assert_eq!(positions, vec![(0, 0), (1, 1)]);
        let cleared = records(&s, 0).find(|r| r.typ == DIMENSIONS).unwrap();
        assert!(s[cleared.data].iter().all(|&b| b == 0));
    }

    #[test]
    fn a_scattered_sheet_is_refused() {
        let body: Vec<Vec<u8>> = (0..40_000u16).map(|r| cell(r, r % 256)).collect();
        let mut s = stream(&body);
        let e = compact_stream(&mut s).err().unwrap();
        assert!(
            e.contains("scattered over 40000 rows and 256 columns"),
            "{e}"
        );
    }

    #[test]
    fn a_cell_record_too_short_is_refused() {
        let mut s = stream(&[record(0x0203, &[1, 0])]);
        assert!(compact_stream(&mut s).is_err());
    }
}
