//! Where the header is in a roster as offices lay it out (hr-ecosystem.md §1): title rows above
//! it ("DANH SÁCH CÁN BỘ, CÔNG CHỨC…", blank lines), a two-row header with merged group cells
//! ("Trình độ" over "Chuyên môn | LLCT | QLNN"), a numbering row under it (A, B, 1, 2, 3…), and
//! the birth date written under a "Nam" or a "Nữ" column, which is how sex is recorded.

use csv::StringRecord;

use super::{RowError, column_letter};
use crate::i18n::{Lang, tr};
use crate::normalize::text_key;

/// Rows looked at to find the header.
pub(crate) const SCAN_ROWS: usize = 25;

/// The header a roster was found to have, and how to turn its rows into records.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// One header per column (combined from two rows when the header has two), then the two
    /// virtual columns of a Nam / Nữ layout.
    pub headers: Vec<String>,
    /// Rows of the header block (titles, header rows, numbering row) before the first data row.
    pub header_block: usize,
    /// The "Nam" and "Nữ" date columns, when the birth date is written under one of them.
    pub sex_columns: Option<(usize, usize)>,
    /// Columns of the file itself (before virtual ones).
    pub width: usize,
}

/// The headers offices use for the birth date and sex, given to the virtual columns.
pub(crate) const BIRTH_HEADER: &str = "Ngày sinh";
/// See [`BIRTH_HEADER`].
pub(crate) const SEX_HEADER: &str = "Giới tính";

impl Layout {
    /// Finds the header among the first rows. `known` says whether a text is a header some field
    /// answers to. Without any known header the first non-empty row is taken, as a CSV would.
    pub(crate) fn detect(rows: &[Vec<String>], known: &dyn Fn(&str) -> bool) -> Layout {
        let score = |row: &Vec<String>| row.iter().filter(|c| known(c)).count();
        let first_filled = rows
            .iter()
            .position(|r| r.iter().any(|c| !c.trim().is_empty()))
            .unwrap_or(0);
        let mut header = first_filled;
        let mut best = 0;
        for (i, row) in rows.iter().enumerate().take(SCAN_ROWS) {
            let s = score(row);
            if s > best {
                best = s;
                header = i;
            }
        }
        let top = rows.get(header).cloned().unwrap_or_default();
        let below = rows.get(header + 1);
        let two_rows = best > 0 && below.is_some_and(|b| is_sub_header(&top, b, known));
        // the header says how many columns there are; a row with more is rejected, even one of
        // the rows scanned here
        let width = filled_width(&top).max(if two_rows {
            below.map_or(0, |b| filled_width(b))
        } else {
            0
        });
        let mut headers: Vec<String> = if two_rows {
            combine(&top, below.map_or(&[][..], |b| &b[..]), width, known)
        } else {
            (0..width)
                .map(|c| top.get(c).map_or("", |t| t.trim()).to_string())
                .collect()
        };
        let mut header_block = header + 1 + usize::from(two_rows);
        if rows.get(header_block).is_some_and(|r| is_numbering(r)) {
            header_block += 1;
        }
        let sex_columns = sex_columns(&headers);
        if sex_columns.is_some() {
            headers.push(BIRTH_HEADER.to_string());
            headers.push(SEX_HEADER.to_string());
        }
        Layout {
            headers,
            header_block,
            sex_columns,
            width,
        }
    }

    /// A data row as a record: the file's cells, then the Nam / Nữ virtual columns; rejected
    /// when it has a value in a column the header does not have.
    pub(crate) fn record(
        &self,
        row: u32,
        cells: &[String],
        lang: Lang,
    ) -> Result<StringRecord, RowError> {
        if let Some(extra) = cells
            .iter()
            .skip(self.width)
            .position(|c| !c.trim().is_empty())
        {
            let column = self.width + extra;
            return Err(RowError {
                row,
                column: Some(column_letter(column)),
                reason: tr!(
                    lang,
                    "dòng có giá trị ở cột {} nhưng hàng tiêu đề chỉ có {} cột",
                    "the row has a value in column {} but the header has only {} columns",
                    column + 1,
                    self.width
                ),
            });
        }
        if let Some((column, c)) = cells.iter().enumerate().find_map(|(i, cell)| {
            cell.chars()
                .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                .map(|c| (i, c))
        }) {
            return Err(RowError {
                row,
                column: Some(column_letter(column)),
                reason: tr!(
                    lang,
                    "ô {} chứa ký tự điều khiển U+{:04X}, không có trong giá trị nào của danh sách; \
                     tệp có thể bị hỏng",
                    "cell {} holds the control character U+{:04X}, which no roster value has; \
                     the file may be damaged",
                    column + 1,
                    u32::from(c)
                ),
            });
        }
        let mut record: StringRecord = cells.iter().take(self.width).map(|c| c.as_str()).collect();
        self.extend(&mut record);
        Ok(record)
    }

    /// A CSV record read as it is, checked and completed in place like [`Layout::record`]: no
    /// value past the header, no control character; cut to the header's width, then the Nam /
    /// Nữ virtual columns.
    pub(crate) fn fit(
        &self,
        row: u32,
        record: &mut StringRecord,
        lang: Lang,
    ) -> Result<(), RowError> {
        if record.iter().skip(self.width).any(|c| !c.trim().is_empty())
            || has_control(record.as_slice())
        {
            // the slow path words the rejection exactly as for every other format
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            *record = self.record(row, &cells, lang)?;
            return Ok(());
        }
        record.truncate(self.width);
        self.extend(record);
        Ok(())
    }

    /// Adds the Nam / Nữ virtual columns to a record of the header's width.
    fn extend(&self, record: &mut StringRecord) {
        let Some((nam, nu)) = self.sex_columns else {
            return;
        };
        while record.len() < self.width {
            record.push_field("");
        }
        let male = record.get(nam).unwrap_or("").trim().to_string();
        let female = record.get(nu).unwrap_or("").trim().to_string();
        let (birth, sex) = match (male.is_empty(), female.is_empty()) {
            (false, true) => (male, "Nam".to_string()),
            (true, false) => (female, "Nữ".to_string()),
            (true, true) => (String::new(), String::new()),
            // both filled: the sex cannot be told; the value says why
            (false, false) => (
                String::new(),
                "ngày sinh ghi ở cả cột Nam và cột Nữ".to_string(),
            ),
        };
        record.push_field(&birth);
        record.push_field(&sex);
    }
}

/// Columns up to the last filled cell of a row.
fn filled_width(row: &[String]) -> usize {
    row.iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1)
}

/// The row under the header is a second header row when it names a field in a column the row
/// above leaves empty or titles as a group, or holds the Nam / Nữ pair.
fn is_sub_header(top: &[String], below: &[String], known: &dyn Fn(&str) -> bool) -> bool {
    if sex_columns(below).is_some() {
        return true;
    }
    below
        .iter()
        .enumerate()
        .any(|(c, cell)| known(cell) && top.get(c).is_none_or(|t| t.trim().is_empty() || !known(t)))
}

/// One header per column from two rows: a group title (merged across, so only in its first
/// cell) is carried right over the columns it spans; the lower cell names the column, or the
/// two together when only together they name a field ("Trình độ" + "Tin học").
fn combine(
    top: &[String],
    below: &[String],
    width: usize,
    known: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut group = String::new();
    (0..width)
        .map(|c| {
            let t = top.get(c).map_or("", |s| s.trim());
            let b = below.get(c).map_or("", |s| s.trim());
            if !t.is_empty() {
                group = t.to_string();
            } else if b.is_empty() {
                group.clear();
            }
            let title = if t.is_empty() { group.as_str() } else { t };
            match (title.is_empty(), b.is_empty()) {
                (_, true) => title.to_string(),
                (true, false) => b.to_string(),
                (false, false) => {
                    let joined = format!("{title} {b}");
                    if known(b) || !known(&joined) {
                        b.to_string()
                    } else {
                        joined
                    }
                }
            }
        })
        .collect()
}

/// A row of column numbers under the header: "1, 2, 3…", "A, B, C…", "(1), (2)…", or "A, B,
/// 1, 2…" as BM01 has it. It must really count: most cells follow the one before by one, so a
/// data row of short values (`X, R`) is data.
fn is_numbering(row: &[String]) -> bool {
    let filled: Vec<&str> = row
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if filled.len() < 2 || filled.len() * 2 < row.len() {
        return false;
    }
    let Some(numbers) = filled
        .iter()
        .map(|c| sequence_number(c))
        .collect::<Option<Vec<_>>>()
    else {
        return false;
    };
    let steps = numbers
        .windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[0].1 + 1 == w[1].1)
        .count();
    (steps + 1) * 3 >= filled.len() * 2
}

/// A numbering cell as (is a letter, its number): "3" → (false, 3), "(B)" → (true, 2).
fn sequence_number(cell: &str) -> Option<(bool, u32)> {
    let inner = cell.trim_start_matches('(').trim_end_matches(')');
    if !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner.parse().ok().map(|n| (false, n));
    }
    let mut chars = inner.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => {
            Some((true, u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1))
        }
        _ => None,
    }
}

/// The "Nam" and "Nữ" columns when both are there, side by side or not.
fn sex_columns(headers: &[String]) -> Option<(usize, usize)> {
    let find = |keys: &[&str]| {
        headers
            .iter()
            .position(|h| keys.contains(&text_key(h).as_str()))
    };
    match (find(&["nam"]), find(&["nữ", "nu"])) {
        (Some(nam), Some(nu)) => Some((nam, nu)),
        _ => None,
    }
}

/// Whether UTF-8 text holds a control character (`char::is_control`: U+0000–U+001F and
/// U+007F–U+009F), looked for in the bytes: C0 and DEL are single bytes, C1 is 0xC2 followed by
/// 0x80–0x9F, and neither byte value occurs inside another character's encoding.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // one pass the compiler vectorises, then the rare 0xC2 lead bytes one by one
    bytes
        .iter()
        .fold(false, |found, &b| found | (b < 0x20) | (b == 0x7F))
        || memchr::memchr_iter(0xC2, bytes)
            .any(|i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[&[&str]]) -> Vec<Vec<String>> {
        text.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn known(h: &str) -> bool {
        [
            "stt",
            "họ và tên",
            "ngày sinh",
            "chuyên môn",
            "llct",
            "qlnn",
            "ngạch",
            "tin học",
            "trình độ tin học",
        ]
        .contains(&text_key(h).as_str())
    }

    #[test]
    fn titles_two_row_header_and_numbering() {
        let r = rows(&[
            &["DANH SÁCH CÁN BỘ, CÔNG CHỨC", "", "", "", "", "", "", ""],
            &["", "", "", "", "", "", "", ""],
            &[
                "STT",
                "Họ và tên",
                "Ngày sinh",
                "",
                "Ngạch",
                "Trình độ",
                "",
                "",
            ],
            &["", "", "Nam", "Nữ", "", "Chuyên môn", "LLCT", "Tin học"],
            &["1", "2", "3", "4", "5", "6", "7", "8"],
            &[
                "1",
                "Nguyễn Văn A",
                "01/01/1980",
                "",
                "Chuyên viên",
                "Đại học",
                "",
                "B",
            ],
        ]);
        let layout = Layout::detect(&r, &known);
        assert_eq!(layout.header_block, 5);
        assert_eq!(
            layout.headers,
            vec![
                "STT",
                "Họ và tên",
                "Nam",
                "Nữ",
                "Ngạch",
                "Chuyên môn",
                "LLCT",
                "Tin học",
                "Ngày sinh",
                "Giới tính"
            ]
        );
        let rec = layout.record(6, &r[5], Lang::En).unwrap();
        assert_eq!(rec.get(8), Some("01/01/1980"));
        assert_eq!(rec.get(9), Some("Nam"));
    }

    #[test]
    fn numbering_rows_really_count() {
        let is =
            |cells: &[&str]| is_numbering(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert!(is(&["1", "2", "3", "4"]));
        assert!(is(&["A", "B", "1", "2", "3", "4"]));
        assert!(is(&["(1)", "(2)", "(3)"]));
        assert!(!is(&["X", "R", "", ""]));
        assert!(!is(&["1", "A", "", ""]));
        assert!(!is(&["A1", "B", "C"]));
    }

    #[test]
    fn a_plain_header_stays_as_it_is() {
        let r = rows(&[
            &["Họ và tên", "Ngạch", "Giới tính"],
            &["Nguyễn Thị B", "Cán sự", "Nữ"],
        ]);
        let layout = Layout::detect(&r, &known);
        assert_eq!(layout.header_block, 1);
        assert_eq!(layout.headers, vec!["Họ và tên", "Ngạch", "Giới tính"]);
        assert_eq!(layout.sex_columns, None);
    }

    #[test]
    fn control_characters_are_found_in_the_bytes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(has_control(&text), c.is_control(), "{:X}", c as u32);
        }
    }
}
