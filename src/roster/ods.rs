//! An OpenDocument spreadsheet (.ods) read cell by cell. calamine builds the whole rectangle up
//! to the farthest used cell, so a stray cell at ZZ100000 in a 2 KB file would cost gigabytes;
//! here a run of empty rows or columns (`number-rows-repeated`, `number-columns-repeated`)
//! costs nothing and only cells that hold something are kept.

use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::reader::number_text;

/// The rows a sheet is read to, as spreadsheet programs have them.
const MAX_ROWS: u32 = 1_048_576;

/// The filled cells a sheet may hold once its repeated rows and columns are spelled out: a few
/// bytes of `number-rows-repeated` on a filled row could otherwise ask for billions (a roster of
/// 500,000 people in 40 columns is 20,000,000; larger ones are better read as CSV).
const MAX_CELLS: usize = 20_000_000;

/// Refuses a sheet whose filled cells would pass [`MAX_CELLS`], before they are made.
fn within_budget(cells: usize, row: u32) -> Result<(), String> {
    if cells > MAX_CELLS {
        Err(format!(
            "more than {MAX_CELLS} filled cells by row {} (repeated rows and columns counted out); \
             save the sheet as CSV",
            row + 1
        ))
    } else {
        Ok(())
    }
}

/// One non-empty cell of a sheet: 0-based row and column, and its text as a roster reads it.
pub(crate) type SheetCell = (u32, u32, String);

/// The names of the sheets of an .ods, in order, from its `content.xml`.
pub(crate) fn sheet_names(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_reader(BufReader::new(Cursor::new(xml)));
    let mut buf = Vec::new();
    let mut names = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "table:table" => {
                names.push(attribute(&e, "table:name")?.unwrap_or_default());
            }
            Ok(Event::Eof) => return Ok(names),
            Err(e) => return Err(format!("content.xml: {e}")),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The non-empty cells of the sheet named `name` of an .ods's `content.xml`, in reading order. A cell repeated across
/// columns counts once per column up to `max_columns`; the first column at or beyond it is
/// returned as well (so the caller can name it) and no further one.
pub(crate) fn sheet_cells(
    xml: &[u8],
    name: &str,
    max_columns: u32,
) -> Result<Vec<SheetCell>, String> {
    let mut reader = Reader::from_reader(BufReader::new(Cursor::new(xml)));
    let mut buf = Vec::new();
    let mut cells = Vec::new();
    let mut in_sheet = false;
    let mut row = 0u32;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table" => {
                in_sheet = attribute(&e, "table:name")?.as_deref() == Some(name);
            }
            Ok(Event::End(e)) if in_sheet && e.name().as_ref() == "table:table" => {
                return Ok(cells);
            }
            // a sheet without a single row
            Ok(Event::Empty(e)) if e.name().as_ref() == "table:table" => {
                if attribute(&e, "table:name")?.as_deref() == Some(name) {
                    return Ok(cells);
                }
            }
            Ok(Event::Start(e)) if in_sheet && e.name().as_ref() == "table:table-row" => {
                let repeats = repeat_count(&e, "table:number-rows-repeated")?;
                let first = cells.len();
                read_row(&mut reader, row, max_columns, &mut cells)?;
                // a non-empty row repeated: the same cells on each of the rows it stands for
                if cells.len() > first {
                    let template: Vec<SheetCell> = cells[first..].to_vec();
                    let copies = repeats.min(MAX_ROWS.saturating_sub(row)).saturating_sub(1);
                    within_budget(cells.len() + template.len() * copies as usize, row)?;
                    for k in 1..=copies {
                        cells.extend(template.iter().map(|(_, c, t)| (row + k, *c, t.clone())));
                    }
                }
                row = row.saturating_add(repeats).min(MAX_ROWS);
            }
            Ok(Event::Empty(e)) if in_sheet && e.name().as_ref() == "table:table-row" => {
                let repeats = repeat_count(&e, "table:number-rows-repeated")?;
                row = row.saturating_add(repeats).min(MAX_ROWS);
            }
            Ok(Event::Eof) => return Err(format!("no sheet `{name}`")),
            Err(e) => return Err(format!("content.xml: {e}")),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// `content.xml` of an .ods: `None` when the bytes are not a zip holding an OpenDocument
/// spreadsheet, an error when it is one but cannot be read.
pub(crate) fn content_xml(bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut mimetype = String::new();
    zip.by_name("mimetype")
        .ok()?
        .read_to_string(&mut mimetype)
        .ok()?;
    if mimetype.trim() != "application/vnd.oasis.opendocument.spreadsheet" {
        return None;
    }
    let mut xml = Vec::new();
    Some(match zip.by_name("content.xml") {
        Ok(mut file) => file
            .read_to_end(&mut xml)
            .map(|_| xml)
            .map_err(|e| format!("content.xml: {e}")),
        Err(e) => Err(format!("content.xml: {e}")),
    })
}

/// The cells of one `table:table-row`, up to its end tag.
fn read_row<R: std::io::BufRead>(
    reader: &mut Reader<R>,
    row: u32,
    max_columns: u32,
    cells: &mut Vec<SheetCell>,
) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut col = 0u32;
    let mut marked_beyond = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml: {e}"))?;
        let (cell, closed) = match event {
            Event::Start(e) if is_cell(&e) => (e, false),
            Event::Empty(e) if is_cell(&e) => (e, true),
            Event::End(e) if e.name().as_ref() == "table:table-row" => return Ok(()),
            Event::Eof => return Err("content.xml ends inside a row".to_string()),
            _ => {
                buf.clear();
                continue;
            }
        };
        let repeats = repeat_count(&cell, "table:number-columns-repeated")?;
        let text = cell_text(reader, &cell, closed)?;
        let end = col.saturating_add(repeats);
        if !text.trim().is_empty() {
            cells.extend((col..end.min(max_columns)).map(|c| (row, c, text.clone())));
            within_budget(cells.len(), row)?;
            if end > max_columns && !marked_beyond {
                cells.push((row, col.max(max_columns), text));
                marked_beyond = true;
            }
        }
        col = end;
        buf.clear();
    }
}

/// A cell element, covered (under a merged cell) or not.
fn is_cell(e: &BytesStart<'_>) -> bool {
    matches!(
        e.name().as_ref(),
        "table:table-cell" | "table:covered-table-cell"
    )
}

/// A cell's text as a roster reads it: numbers as typed, dates as yyyy-mm-dd, booleans as
/// Có / Không, text with its paragraphs on separate lines.
fn cell_text<R: std::io::BufRead>(
    reader: &mut Reader<R>,
    cell: &BytesStart<'_>,
    closed: bool,
) -> Result<String, String> {
    let value_type = attribute(cell, "office:value-type")?.unwrap_or_default();
    let value = match value_type.as_str() {
        "float" | "percentage" | "currency" => {
            attribute(cell, "office:value")?.map(|v| v.parse::<f64>().map_or(v, number_text))
        }
        "date" => attribute(cell, "office:date-value")?
            .map(|v| v.split('T').next().unwrap_or_default().to_string()),
        "time" => attribute(cell, "office:time-value")?,
        "boolean" => attribute(cell, "office:boolean-value")?.map(|v| {
            (if v.eq_ignore_ascii_case("true") {
                "Có"
            } else {
                "Không"
            })
            .to_string()
        }),
        _ => attribute(cell, "office:string-value")?,
    };
    if closed {
        return Ok(value.unwrap_or_default());
    }
    let mut text = String::new();
    let mut paragraphs = 0;
    let mut annotation = 0;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml: {e}"))?;
        match event {
            Event::Start(e) if e.name().as_ref() == "office:annotation" => annotation += 1,
            Event::End(e) if e.name().as_ref() == "office:annotation" => annotation -= 1,
            _ if annotation > 0 => {}
            Event::Start(e) if e.name().as_ref() == "text:p" => {
                if paragraphs > 0 {
                    text.push('\n');
                }
                paragraphs += 1;
            }
            Event::Empty(e) if e.name().as_ref() == "text:p" => {
                if paragraphs > 0 {
                    text.push('\n');
                }
                paragraphs += 1;
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:s" => {
                let n = attribute(&e, "text:c")?
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1);
                text.extend(std::iter::repeat_n(' ', n.min(1024)));
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:tab" => text.push('\t'),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:line-break" => {
                text.push('\n')
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_default(),
                    ),
                }
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                break;
            }
            Event::Eof => return Err("content.xml ends inside a cell".to_string()),
            _ => {}
        }
        buf.clear();
    }
    Ok(value.unwrap_or(text))
}

/// How many rows or columns an element stands for (1 when it does not say).
fn repeat_count(e: &BytesStart<'_>, key: &str) -> Result<u32, String> {
    Ok(attribute(e, key)?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1))
}

/// An attribute's value, unescaped.
fn attribute(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(key) {
        Ok(Some(a)) => quick_xml::escape::unescape(&a.value)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| format!("content.xml: {e}")),
        Ok(None) => Ok(None),
        Err(e) => Err(format!("content.xml: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(table: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        write!(
            zip,
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_texts_values_and_repeats_cell_by_cell() {
        let bytes = ods(concat!(
            r#"<table:table table:name="Trống"/>"#,
            r#"<table:table table:name="DS"><table:table-row>"#,
            r#"<table:table-cell office:value-type="string"><text:p>Lê &amp; <text:span>Văn</text:span><text:s text:c="2"/>A</text:p><text:p>dòng 2</text:p></table:table-cell>"#,
            r#"<table:table-cell table:number-columns-repeated="3"/>"#,
            r#"<table:table-cell office:value-type="float" office:value="3.0"><text:p>3,0</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="date" office:date-value="1975-03-09T00:00:00"/>"#,
            r#"</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="boolean" office:boolean-value="true" table:number-columns-repeated="2"/></table:table-row>"#,
            r#"</table:table>"#
        ));
        let xml = content_xml(&bytes).unwrap().unwrap();
        assert_eq!(sheet_names(&xml).unwrap(), ["Trống", "DS"]);
        let cells = sheet_cells(&xml, "DS", 512).unwrap();
        assert_eq!(
            cells,
            [
                (0, 0, "Lê & Văn  A\ndòng 2".to_string()),
                (0, 4, "3".to_string()),
                (0, 5, "1975-03-09".to_string()),
                (1_000_001, 0, "Có".to_string()),
                (1_000_001, 1, "Có".to_string()),
                (1_000_002, 0, "Có".to_string()),
                (1_000_002, 1, "Có".to_string()),
            ]
        );
        // a cell repeated past the columns read: cells up to them, then one marker beyond
        let cells = sheet_cells(&xml, "DS", 1).unwrap();
        assert_eq!(cells[1], (0, 4, "3".to_string()));
        assert!(sheet_cells(&xml, "Trống", 512).unwrap().is_empty());
        assert!(content_xml(b"not a zip").is_none());
        // a filled cell repeated over every column of a million rows: refused, not allocated
        let bomb = ods(concat!(
            r#"<table:table table:name="B"><table:table-row table:number-rows-repeated="1048576">"#,
            r#"<table:table-cell table:number-columns-repeated="512" office:value-type="string">"#,
            r#"<text:p>x</text:p></table:table-cell></table:table-row></table:table>"#
        ));
        let xml = content_xml(&bomb).unwrap().unwrap();
        let err = sheet_cells(&xml, "B", 512).unwrap_err();
        assert!(err.contains("save the sheet as CSV"), "{err}");
    }
}
