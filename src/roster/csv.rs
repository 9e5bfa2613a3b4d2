//! CSV rosters: UTF-8 with or without BOM, `,` or `;` (sniffed from the header line), quoted
//! fields. Records come out in batches so the caller can evaluate them in parallel.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use csv::{ReaderBuilder, StringRecord};

use super::{RosterError, RowError};

/// An open CSV roster positioned after its header.
pub struct CsvRoster {
    reader: csv::Reader<Box<dyn Read + Send>>,
    /// Header texts.
    pub headers: Vec<String>,
    next_row: u32,
}

impl CsvRoster {
    /// Opens a file and reads its header row.
    pub fn open(path: &str) -> Result<CsvRoster, RosterError> {
        let io = |source| RosterError::Io {
            path: path.to_string(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        let mut buffered = BufReader::with_capacity(1 << 16, file);
        let first = buffered.fill_buf().map_err(io)?;
        let delimiter = sniff_delimiter(first);
        CsvRoster::from_reader(path, Box::new(buffered), delimiter)
    }

    /// Reads CSV from any source (used by tests and by `open`).
    pub fn from_reader(
        path: &str,
        reader: Box<dyn Read + Send>,
        delimiter: u8,
    ) -> Result<CsvRoster, RosterError> {
        let mut reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(reader);
        let headers = reader.headers().map_err(|e| RosterError::Header {
            path: path.to_string(),
            message: format!("the header row cannot be read: {e}"),
        })?;
        let headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        if headers.iter().all(String::is_empty) {
            return Err(RosterError::Header {
                path: path.to_string(),
                message: "the first row is empty; it must hold the column headers".to_string(),
            });
        }
        Ok(CsvRoster {
            reader,
            headers,
            next_row: 2,
        })
    }

    /// Reads up to `n` records; an unreadable record becomes a `RowError`. Empty at the end.
    pub fn next_batch(&mut self, n: usize) -> Vec<(u32, Result<StringRecord, RowError>)> {
        let mut batch = Vec::with_capacity(n);
        while batch.len() < n {
            let mut record = StringRecord::new();
            let row = self.next_row;
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    self.next_row += 1;
                    batch.push((row, Ok(record)));
                }
                Err(e) => {
                    self.next_row += 1;
                    let reason = match e.kind() {
                        csv::ErrorKind::Utf8 { err, .. } => format!(
                            "cell {} is not UTF-8 text; save the roster as CSV UTF-8",
                            err.field() + 1
                        ),
                        _ => format!("the row cannot be read: {e}"),
                    };
                    let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                    batch.push((
                        row,
                        Err(RowError {
                            row,
                            column: None,
                            reason,
                        }),
                    ));
                    if fatal {
                        break;
                    }
                }
            }
        }
        batch
    }
}

/// `;` when the first line has more semicolons than commas outside quotes, else `,`.
pub fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|&b| b == b'\n').next().unwrap_or(start);
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons() {
        assert_eq!(sniff_delimiter(b"a;b;\"c,d\"\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a,b;c,d\n"), b',');
    }

    #[test]
    fn strips_bom_and_numbers_rows() {
        let text = "\u{feff}Họ và tên,Ngạch\nA,Chuyên viên\nB,\"Cán sự\"\n";
        let mut r = CsvRoster::from_reader(
            "t.csv",
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            b',',
        )
        .unwrap();
        assert_eq!(r.headers, vec!["Họ và tên", "Ngạch"]);
        let batch = r.next_batch(10);
        let rows: Vec<u32> = batch.iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, vec![2, 3]);
    }
}
