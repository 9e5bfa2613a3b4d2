//! CSV records as an HR office's files hold them: which separator a file uses, and records read
//! line by line so that one broken row cannot take others with it. A quote that never closes
//! (or closes only inside a later row, followed by text) rejects the row where it opened, and
//! reading goes on from the next line; a cell that spans lines is accepted only when its quote
//! closes properly. A line that is not UTF-8 rejects that row only.

use std::collections::VecDeque;
use std::io::{self, BufRead};

/// Lines a quoted cell may span before the quote is taken as stray.
const MAX_LINES_PER_RECORD: usize = 50;

/// The separator the first line uses most outside quotes: `,`, `;` or a tab (Excel's
/// "Unicode text"); `,` on a tie.
pub(crate) fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|&b| b == b'\n').next().unwrap_or(start);
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Why a record could not be read; the row is rejected with this, the rest read on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RecordProblem {
    /// A quote opened in this cell (1-based) and did not close before the end of the file or
    /// [`MAX_LINES_PER_RECORD`] lines.
    UnclosedQuote { cell: usize },
    /// A quoted cell (1-based) closed and text followed its closing quote.
    TextAfterQuote { cell: usize },
    /// The line is not UTF-8; the first bad byte is in this cell (1-based).
    NotUtf8 { cell: usize },
}

impl RecordProblem {
    /// Why the record is rejected, in `lang`.
    pub(crate) fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        match self {
            RecordProblem::UnclosedQuote { cell } => tr!(
                lang,
                "dấu ngoặc kép mở ở ô {cell} không bao giờ đóng; bỏ qua dòng này và đọc tiếp từ \
                 dòng sau (đóng dấu ngoặc hoặc xóa nó)",
                "the quote opened in cell {cell} never closes; the row is skipped and reading \
                 goes on from the next line (close the quote or remove it)"
            ),
            RecordProblem::TextAfterQuote { cell } => tr!(
                lang,
                "dấu ngoặc kép mở ở ô {cell} chỉ đóng ở một dòng sau và còn chữ theo sau; bỏ qua \
                 dòng này và đọc tiếp từ dòng sau (đóng dấu ngoặc hoặc xóa nó)",
                "the quote opened in cell {cell} closes only in a later line, followed by text; \
                 the row is skipped and reading goes on from the next line (close the quote or \
                 remove it)"
            ),
            RecordProblem::NotUtf8 { cell } => tr!(
                lang,
                "ô {cell} không phải văn bản UTF-8; lưu danh sách dạng CSV UTF-8",
                "cell {cell} is not UTF-8 text; save the roster as CSV UTF-8"
            ),
        }
    }
}

impl std::fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(crate::i18n::Lang::En))
    }
}

/// One record: its cells, or why it cannot be read.
pub(crate) type Record = Result<Vec<String>, RecordProblem>;

/// Reads records from delimited text, one physical line at a time.
pub(crate) struct Records<R> {
    source: R,
    delimiter: u8,
    /// Lines read ahead while looking for a closing quote, given back when it never came.
    ahead: VecDeque<Vec<u8>>,
    eof: bool,
}

impl<R: BufRead> Records<R> {
    /// Reads `source` with this separator.
    pub(crate) fn new(source: R, delimiter: u8) -> Records<R> {
        Records {
            source,
            delimiter,
            ahead: VecDeque::new(),
            eof: false,
        }
    }

    fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        Ok(self.next_line_into(&mut line)?.then_some(line))
    }

    /// The separator.
    pub(crate) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Appends the next physical line (without its line break) to `buf`; false at the end of
    /// the file. Lines are read straight into the caller's buffer: no allocation of their own.
    pub(crate) fn next_line_into(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        if let Some(line) = self.ahead.pop_front() {
            buf.extend_from_slice(&line);
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        let start = buf.len();
        // as `read_until`, with the memchr crate's vectorised search (std's is a plain loop)
        loop {
            let available = match self.source.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    buf.extend_from_slice(&available[..=i]);
                    self.source.consume(i + 1);
                    break;
                }
                None => {
                    let n = available.len();
                    buf.extend_from_slice(available);
                    self.source.consume(n);
                }
            }
        }
        if buf.len() == start {
            self.eof = true;
            return Ok(false);
        }
        if buf.len() > start && buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.len() > start && buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(true)
    }

    /// Gives a line back, to be read again first (a line with quotes goes through
    /// [`Records::next_record`]).
    pub(crate) fn push_back(&mut self, line: Vec<u8>) {
        self.ahead.push_front(line);
    }

    /// The next record, `None` at the end of the file.
    pub(crate) fn next_record(&mut self) -> io::Result<Option<Record>> {
        let Some(first) = self.next_line()? else {
            return Ok(None);
        };
        let mut text = match String::from_utf8(first) {
            Ok(t) => t,
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let cell = cell_at(&e.into_bytes()[..bad], self.delimiter);
                return Ok(Some(Err(RecordProblem::NotUtf8 { cell })));
            }
        };
        let mut joined: Vec<Vec<u8>> = Vec::new();
        loop {
            match split_cells(&text, self.delimiter) {
                Split::Complete(cells) => return Ok(Some(Ok(cells))),
                Split::TextAfterQuote { cell } if !joined.is_empty() => {
                    self.give_back(joined);
                    return Ok(Some(Err(RecordProblem::TextAfterQuote { cell })));
                }
                // on one line, text after a closing quote is kept as written (`"A" B` → `A B`)
                Split::TextAfterQuote { .. } => {
                    return Ok(Some(Ok(split_lenient(&text, self.delimiter))));
                }
                Split::Open { cell } => {
                    let next = if joined.len() + 1 < MAX_LINES_PER_RECORD {
                        self.next_line()?
                    } else {
                        None
                    };
                    let Some(line) = next.filter(|l| std::str::from_utf8(l).is_ok()) else {
                        self.give_back(joined);
                        return Ok(Some(Err(RecordProblem::UnclosedQuote { cell })));
                    };
                    text.push('\n');
                    text.push_str(std::str::from_utf8(&line).unwrap_or_default());
                    joined.push(line);
                }
            }
        }
    }

    /// Lines read ahead go back, so they are read again as records of their own.
    fn give_back(&mut self, lines: Vec<Vec<u8>>) {
        for line in lines.into_iter().rev() {
            self.ahead.push_front(line);
        }
    }
}

/// The 1-based cell a byte offset of a line falls in.
pub(crate) fn cell_at(prefix: &[u8], delimiter: u8) -> usize {
    prefix.iter().filter(|&&b| b == delimiter).count() + 1
}

/// Whether a line ends inside a quoted cell, so that its record may go on in the next line —
/// the one case [`Records::next_record`] must read further for. Any other line is a record of
/// its own, which [`line_cells`] splits. Bytes suffice: the quote and the separators are ASCII.
pub(crate) fn ends_in_quote(line: &[u8], delimiter: u8) -> bool {
    // most lines have no quote at all: one vectorised pass says so
    let Some(mut quote) = memchr::memchr(b'"', line) else {
        return false;
    };
    // only quotes matter: one that opens a cell (at the line's start or just after a
    // separator), the one that closes it, and what follows that
    loop {
        let opens = quote == 0 || line[quote - 1] == delimiter;
        let after = if opens {
            let mut from = quote + 1;
            let close = loop {
                let Some(n) = memchr::memchr(b'"', &line[from..]) else {
                    return true;
                };
                // `""` inside quotes is one quote
                if line.get(from + n + 1) == Some(&b'"') {
                    from += n + 2;
                    continue;
                }
                break from + n;
            };
            match line.get(close + 1) {
                Some(&b) if b == delimiter => close + 2,
                // the end, or text after the closing quote (kept as written, on one line)
                _ => return false,
            }
        } else {
            // a quote inside an unquoted cell is text
            quote + 1
        };
        match memchr::memchr(b'"', &line[after..]) {
            Some(n) => quote = after + n,
            None => return false,
        }
    }
}

/// The cells of a line that [`ends_in_quote`] says is a record of its own, pushed onto `out`:
/// split at the separator, or by RFC 4180 quoting when it has quotes (as
/// [`Records::next_record`] reads the same line).
pub(crate) fn line_cells(text: &str, delimiter: u8, out: &mut csv::StringRecord) {
    let start = out.len();
    if memchr::memchr(b'"', text.as_bytes()).is_none() {
        // the separator is ASCII, so every cut falls on a character boundary
        let mut from = 0;
        for at in memchr::memchr_iter(delimiter, text.as_bytes()) {
            out.push_field(&text[from..at]);
            from = at + 1;
        }
        out.push_field(&text[from..]);
    } else if !quoted_cells(text, delimiter, out) {
        // text after a closing quote: read as spreadsheets read it
        out.truncate(start);
        for cell in split_lenient(text, delimiter) {
            out.push_field(&cell);
        }
    }
}

/// The cells of a line with quotes pushed onto `out`, as [`split_cells`] reads them, with no
/// allocation but for a cell holding `""`; false when the line is not a complete record (a
/// quote still open at the end, or text after a closing quote), with `out` partly filled.
fn quoted_cells(text: &str, delimiter: u8, out: &mut csv::StringRecord) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut unescaped = String::new();
    loop {
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            let mut from = i;
            unescaped.clear();
            let content = loop {
                let Some(q) = memchr::memchr(b'"', &bytes[i..]) else {
                    return false;
                };
                let q = i + q;
                if bytes.get(q + 1) == Some(&b'"') {
                    // `""` inside quotes is one quote
                    unescaped.push_str(&text[from..=q]);
                    i = q + 2;
                    from = i;
                } else {
                    i = q + 1;
                    break if unescaped.is_empty() {
                        &text[from..q]
                    } else {
                        unescaped.push_str(&text[from..q]);
                        unescaped.as_str()
                    };
                }
            };
            out.push_field(content);
            match bytes.get(i) {
                None => return true,
                Some(&b) if b == delimiter => i += 1,
                Some(_) => return false,
            }
        } else {
            match memchr::memchr(delimiter, &bytes[i..]) {
                Some(p) => {
                    out.push_field(&text[i..i + p]);
                    i += p + 1;
                }
                None => {
                    out.push_field(&text[i..]);
                    return true;
                }
            }
        }
    }
}

enum Split {
    Complete(Vec<String>),
    /// A quoted cell is still open at the end of the text.
    Open {
        cell: usize,
    },
    /// A quoted cell closed and was followed by something other than a separator.
    TextAfterQuote {
        cell: usize,
    },
}

/// Splits a record's text into cells (RFC 4180 quoting, `""` for a quote inside quotes).
fn split_cells(text: &str, delimiter: u8) -> Split {
    let delimiter = char::from(delimiter);
    let mut cells = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut cell = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => {
                        return Split::Open {
                            cell: cells.len() + 1,
                        };
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(c) => cell.push(c),
                }
            }
            match chars.next() {
                None => {
                    cells.push(cell);
                    return Split::Complete(cells);
                }
                Some(c) if c == delimiter => cells.push(cell),
                Some(_) => {
                    return Split::TextAfterQuote {
                        cell: cells.len() + 1,
                    };
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        cells.push(cell);
                        return Split::Complete(cells);
                    }
                    Some(c) if c == delimiter => break,
                    Some(c) => cell.push(c),
                }
            }
            cells.push(cell);
        }
    }
}

/// One line split as spreadsheets do when a quoted cell is followed by text: the quotes are
/// dropped and the text kept.
fn split_lenient(text: &str, delimiter: u8) -> Vec<String> {
    let delimiter = char::from(delimiter);
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().map(|s| s.push('"')).unwrap_or_default();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => cells.push(String::new()),
            c => cells.last_mut().map(|s| s.push(c)).unwrap_or_default(),
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> Vec<Record> {
        let mut records = Records::new(text, b',');
        let mut out = Vec::new();
        while let Some(r) = records.next_record().unwrap() {
            out.push(r);
        }
        out
    }

    fn cells(list: &[&str]) -> Record {
        Ok(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn sniffs_semicolons() {
        assert_eq!(sniff_delimiter(b"a;b;\"c,d\"\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a,b;c,d\n"), b',');
    }

    #[test]
    fn sniffs_tabs() {
        assert_eq!(sniff_delimiter(b"a\tb\tc,d\n"), b'\t');
    }

    #[test]
    fn quoted_cells_commas_and_line_breaks() {
        let r = read_all(b"a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",3\n");
        assert_eq!(
            r,
            vec![
                cells(&["a", "b, c", "say \"hi\""]),
                cells(&["1", "two\nlines", "3"])
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_rejects_its_row_only() {
        let r = read_all(b"h1,h2\n1,\"Nguyen\n2,Tran\n3,Le\n");
        assert_eq!(
            r,
            vec![
                cells(&["h1", "h2"]),
                Err(RecordProblem::UnclosedQuote { cell: 2 }),
                cells(&["2", "Tran"]),
                cells(&["3", "Le"]),
            ]
        );
    }

    #[test]
    fn a_quote_closed_by_a_later_row_rejects_the_row_where_it_opened() {
        let r = read_all(b"1,\"Nguyen\n2,Tran\n3,\"Le\",x\n");
        assert_eq!(
            r,
            vec![
                Err(RecordProblem::TextAfterQuote { cell: 2 }),
                cells(&["2", "Tran"]),
                cells(&["3", "Le", "x"]),
            ]
        );
    }

    #[test]
    fn a_bad_byte_rejects_its_line_only() {
        let r = read_all(b"a,b\nx,\xFFy\nc,d\n");
        assert_eq!(
            r,
            vec![
                cells(&["a", "b"]),
                Err(RecordProblem::NotUtf8 { cell: 2 }),
                cells(&["c", "d"]),
            ]
        );
    }

    #[test]
    fn text_after_a_quote_on_one_line_is_kept() {
        assert_eq!(read_all(b"\"A\" B,c\n"), vec![cells(&["A B", "c"])]);
    }

    /// Every line that does not end inside a quote gives the cells `next_record` gives it.
    #[test]
    fn a_line_of_its_own_is_split_as_next_record_splits_it() {
        let lines: &[&[u8]] = &[
            b"a,b,c",
            b"\"a, b\",c",
            b"\"say \"\"hi\"\"\",x",
            b"\"A\" B,c",
            b"ab\"c,d",
            b"\"\",\"\"",
            b"x,\"open",
            b"x,\"a\"\"",
            b"\"",
            b"\"a\"\"b\"\"c\",\"\"\"\"\"\",,\"x\"",
            b"a,,\"\"",
            b"\"Tr\xc6\xb0\xe1\xbb\x9dng, huy\xe1\xbb\x87n\",x,",
        ];
        for &line in lines {
            let mut records = Records::new(line, b',');
            let whole = records.next_record().unwrap().unwrap();
            if ends_in_quote(line, b',') {
                // alone in its file, it can only be an unclosed quote
                assert!(matches!(whole, Err(RecordProblem::UnclosedQuote { .. })));
                continue;
            }
            let mut out = csv::StringRecord::new();
            line_cells(std::str::from_utf8(line).unwrap(), b',', &mut out);
            let split: Vec<String> = out.iter().map(str::to_string).collect();
            assert_eq!(Ok(split), whole, "{}", String::from_utf8_lossy(line));
        }
    }

    proptest::proptest! {
        /// The byte splitter of lines that are records of their own (`ends_in_quote`,
        /// `line_cells`) gives what the reference splitter (`split_cells`, by characters) gives
        /// on any line of separators, quotes, spaces and letters, accented ones included; lines
        /// it cannot close are split leniently.
        #[test]
        fn the_line_splitter_agrees_with_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![",", ";", "\"", "\"\"", "a", "Đ", "ễ", " ", "\r", "xyz,"]),
                0..40,
            ),
            delimiter in proptest::sample::select(vec![b',', b';']),
        ) {
            let line: String = parts.concat();
            let mut out = csv::StringRecord::new();
            line_cells(&line, delimiter, &mut out);
            let ours: Vec<String> = out.iter().map(str::to_string).collect();
            let open = ends_in_quote(line.as_bytes(), delimiter);
            match split_cells(&line, delimiter) {
                Split::Complete(cells) => {
                    proptest::prop_assert!(!open, "{line:?}");
                    proptest::prop_assert_eq!(ours, cells, "{:?}", line);
                }
                Split::Open { .. } => {
                    proptest::prop_assert!(open, "{line:?}");
                    proptest::prop_assert_eq!(ours, split_lenient(&line, delimiter), "{:?}", line);
                }
                Split::TextAfterQuote { .. } => {
                    proptest::prop_assert!(!open, "{line:?}");
                    proptest::prop_assert_eq!(ours, split_lenient(&line, delimiter), "{:?}", line);
                }
            }
        }
    }
}
