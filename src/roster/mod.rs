//! Rosters: headers matched to fields through their aliases, rows turned into [`StaffRow`]s,
//! and every row that cannot be read turned into a [`RowError`] with its row and column.

pub(crate) mod csv;
pub(crate) mod encoding;
pub(crate) mod layout;
pub mod normalize;
mod ods;
pub(crate) mod reader;
mod xls;

use std::collections::HashSet;

use crate::normalize::ascii_fold;
use crate::normalize::text_key;
use crate::plan::Plan;
use crate::ruleset::{Builtin, FieldId};
use crate::staff::{Cell, HeldPosition, StaffRow};

/// A roster row that was not audited, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RowError {
    /// Row as the spreadsheet shows it.
    pub row: u32,
    /// The column at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// A roster that cannot be read at all, said in the language it was opened in.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The file could not be opened or read.
    #[error("{}", crate::i18n::tr!(*lang, "không đọc được `{}`: {}", "cannot read `{}`: {}", path, source))]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
        /// The language of the message.
        lang: crate::i18n::Lang,
    },
    /// A `--map` the roster or the rules cannot take.
    #[error("{message}")]
    Map {
        /// What is wrong with a `--map` (in the roster's language).
        message: String,
    },
    /// The file is not a roster that can be read: the header row is unusable, the workbook
    /// damaged, the text in the wrong encoding, two columns feed one field, no column names a
    /// title (`message` is already in the roster's language).
    #[error("{path}: {message}")]
    Header {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Which roster column feeds which field.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    /// Header texts as in the file.
    pub headers: Vec<String>,
    /// For each field, the column that feeds it.
    pub field_column: Vec<Option<usize>>,
    /// Fields the rules in force read that no column feeds.
    pub missing: Vec<FieldId>,
    /// What the reader should know about the matching: headers matched only once diacritics
    /// were folded ("Trinh do chuyen mon"), and headers left unmatched because folding made
    /// them ambiguous.
    pub notes: Vec<String>,
}

/// The header keys some field of the plan answers to (its name and `column` aliases), plus
/// the headers of `--map`: what tells the header row from title rows.
pub(crate) fn known_headers(plan: &Plan, overrides: &[(String, FieldId)]) -> HashSet<String> {
    plan.fields
        .iter()
        .filter(|f| f.derived.is_none())
        .flat_map(|f| std::iter::once(&f.name).chain(&f.columns))
        .chain(overrides.iter().map(|(h, _)| h))
        .flat_map(|h| {
            let key = text_key(h);
            [ascii_fold(&key), key]
        })
        .collect()
}

impl ColumnMap {
    /// Matches headers to fields; two columns feeding one field are refused.
    pub(crate) fn new(plan: &Plan, headers: Vec<String>) -> Result<ColumnMap, String> {
        ColumnMap::with_overrides(plan, headers, &[])
    }

    /// Matches headers to fields, then applies `--map "Header=field"` overrides: the header
    /// feeds that field, and no other. Two columns that would feed one field (`Trình độ chuyên
    /// môn` and `TĐCM`) refuse the roster, naming both, unless `--map` says which one wins: the
    /// audit must not pick one silently.
    pub(crate) fn with_overrides(
        plan: &Plan,
        headers: Vec<String>,
        overrides: &[(String, FieldId)],
    ) -> Result<ColumnMap, String> {
        let mut field_column = vec![None; plan.fields.len()];
        let header_keys: Vec<String> = headers.iter().map(|h| text_key(h)).collect();
        let overridden = |id: FieldId| overrides.iter().any(|(_, f)| *f == id);
        let mut clashes = Vec::new();
        for (id, field) in plan.fields.iter().enumerate() {
            if field.derived.is_some() {
                continue;
            }
            let names: Vec<String> = std::iter::once(&field.name)
                .chain(&field.columns)
                .map(|n| text_key(n))
                .collect();
            let feeding: Vec<usize> = (0..headers.len())
                .filter(|&c| names.contains(&header_keys[c]))
                .collect();
            if feeding.len() > 1 && !overridden(id) {
                let named: Vec<String> = feeding
                    .iter()
                    .map(|&c| format!("{} `{}`", column_letter(c), headers[c]))
                    .collect();
                clashes.push(crate::i18n::tr!(
                    plan.lang,
                    "các cột {} cùng cấp dữ liệu cho `{}`; giữ một cột, hoặc chỉ rõ cột nào được dùng bằng --map \"{}={}\"",
                    "columns {} all feed `{}`; keep one, or say which one counts with --map \"{}={}\"",
                    named.join(and(plan.lang)),
                    field.name,
                    headers[feeding[0]],
                    field.name
                ));
            }
            field_column[id] = feeding.first().copied();
        }
        if !clashes.is_empty() {
            return Err(clashes.join("; "));
        }
        let notes = match_without_diacritics(plan, &headers, &header_keys, &mut field_column);
        for (header, field) in overrides {
            let key = text_key(header);
            if let Some(col) = header_keys.iter().position(|h| *h == key) {
                for c in field_column.iter_mut() {
                    if *c == Some(col) {
                        *c = None;
                    }
                }
                field_column[*field] = Some(col);
            }
        }
        let used = plan.fields_used();
        let missing = used
            .iter()
            .copied()
            .filter(|&f| field_column[f].is_none())
            .collect();
        Ok(ColumnMap {
            headers,
            field_column,
            missing,
            notes,
        })
    }

    /// True when rows can be matched to ranks or positions at all.
    pub(crate) fn can_match(&self, plan: &Plan) -> bool {
        [Builtin::Rank, Builtin::RankCode, Builtin::Positions]
            .iter()
            .any(|b| {
                plan.builtin(*b)
                    .is_some_and(|f| self.field_column[f].is_some())
            })
    }
}

/// Exports often strip diacritics ("Trinh do chuyen mon"): a header no field matched is matched
/// once diacritics are folded on both sides, with a note; when folding makes it match several
/// fields, or several such headers match one field, nothing is guessed and a note says so.
fn match_without_diacritics(
    plan: &Plan,
    headers: &[String],
    header_keys: &[String],
    field_column: &mut [Option<usize>],
) -> Vec<String> {
    let mut notes = Vec::new();
    let taken: Vec<usize> = field_column.iter().flatten().copied().collect();
    let mut proposals: Vec<(usize, FieldId)> = Vec::new();
    for (col, key) in header_keys.iter().enumerate() {
        if taken.contains(&col) || key.is_empty() {
            continue;
        }
        let folded = ascii_fold(key);
        let fields: Vec<FieldId> = plan
            .fields
            .iter()
            .enumerate()
            .filter(|(id, f)| f.derived.is_none() && field_column[*id].is_none())
            .filter(|(_, f)| {
                std::iter::once(&f.name)
                    .chain(&f.columns)
                    .any(|n| ascii_fold(&text_key(n)) == folded)
            })
            .map(|(id, _)| id)
            .collect();
        match fields.as_slice() {
            [] => {}
            [field] => proposals.push((col, *field)),
            several => notes.push(crate::i18n::tr!(
                plan.lang,
                "cột {} `{}` có thể là {} khi bỏ dấu: không dùng; hãy viết có dấu hoặc dùng --map",
                "column {} `{}` could be {} once diacritics are ignored: not used; write its diacritics or use --map",
                column_letter(col),
                headers[col],
                several
                    .iter()
                    .map(|&f| format!("`{}`", plan.fields[f].name))
                    .collect::<Vec<_>>()
                    .join(crate::i18n::tr!(plan.lang, " hoặc ", " or ").as_str())
            )),
        }
    }
    for &(col, field) in &proposals {
        let rivals: Vec<usize> = proposals
            .iter()
            .filter(|(_, f)| *f == field)
            .map(|(c, _)| *c)
            .collect();
        if rivals.len() > 1 {
            if rivals[0] == col {
                notes.push(crate::i18n::tr!(
                    plan.lang,
                    "các cột {} khi bỏ dấu đều đọc là `{}`: không dùng cột nào; hãy dùng --map",
                    "columns {} all read as `{}` once diacritics are ignored: none used; use --map",
                    rivals
                        .iter()
                        .map(|&c| format!("{} `{}`", column_letter(c), headers[c]))
                        .collect::<Vec<_>>()
                        .join(and(plan.lang)),
                    plan.fields[field].name
                ));
            }
            continue;
        }
        field_column[field] = Some(col);
        notes.push(crate::i18n::tr!(
            plan.lang,
            "cột {} `{}` được đọc là `{}` (khớp khi bỏ dấu)",
            "column {} `{}` read as `{}` (matched without diacritics)",
            column_letter(col),
            headers[col],
            plan.fields[field].name
        ));
    }
    notes
}

/// "and" between the columns a message names.
fn and(lang: crate::i18n::Lang) -> &'static str {
    match lang {
        crate::i18n::Lang::Vi => " và ",
        crate::i18n::Lang::En => " and ",
    }
}

/// A 0-based column index as a spreadsheet names it: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Turns one record into a staff row, or says why it cannot be audited.
pub(crate) fn build_row(
    plan: &Plan,
    map: &ColumnMap,
    row: u32,
    record: &::csv::StringRecord,
) -> Result<StaffRow, RowError> {
    if record.iter().all(|c| c.trim().is_empty()) {
        return Err(RowError {
            row,
            column: None,
            reason: crate::i18n::tr!(plan.lang, "dòng trống", "the row is empty"),
        });
    }
    let cells: smallvec::SmallVec<[Cell; crate::staff::INLINE_CELLS]> = plan
        .slot_fields
        .iter()
        .map(|&f| match map.field_column[f] {
            Some(col) => normalize::parse_cell(plan, f, record.get(col).unwrap_or("")),
            None => Cell::Absent,
        })
        .collect();
    let text_of = |b: Builtin| -> &str {
        plan.builtin(b)
            .and_then(|f| map.field_column[f])
            .and_then(|c| record.get(c))
            .map_or("", normalize::trim_cell)
    };
    let rank_name = text_of(Builtin::Rank);
    let rank_code = text_of(Builtin::RankCode);
    let by_code = plan.find_rank_code(rank_code);
    let mut notes = Vec::new();
    let by_name = if rank_name.is_empty() {
        None
    } else {
        plan.find_rank(rank_name).or_else(|| {
            let guess = plan.find_rank_misaccented(rank_name)?;
            notes.push(crate::i18n::tr!(
                plan.lang,
                "ngạch `{}` được đọc là {} (viết sai dấu)",
                "rank `{}` read as {} (written with other accents)",
                rank_name,
                plan.subject_label(guess)
            ));
            Some(guess)
        })
    };
    if let (Some(c), Some(n)) = (by_code, by_name)
        && c != n
    {
        notes.push(crate::i18n::tr!(
            plan.lang,
            "mã ngạch `{}` là {} nhưng tên ngạch `{}` là {}; đã dùng theo mã",
            "rank code `{}` is {} but the rank name `{}` is {}; the code was used",
            rank_code,
            plan.subject_label(c),
            rank_name,
            plan.subject_label(n)
        ));
    }
    let rank = by_code.or(by_name);
    let rank_text = if rank_name.is_empty() {
        rank_code
    } else {
        rank_name
    }
    .into();
    let held = |p: &str| HeldPosition {
        text: p.into(),
        subject: plan.find_position(p),
    };
    let positions_text = text_of(Builtin::Positions);
    // most cells name one post: no splitting (a split by characters decodes every one)
    let positions = if memchr::memchr2(b';', b'\n', positions_text.as_bytes()).is_none() {
        (!positions_text.is_empty())
            .then(|| held(positions_text))
            .into_iter()
            .collect()
    } else {
        positions_text
            .split([';', '\n'])
            .map(normalize::trim_cell)
            .filter(|p| !p.is_empty())
            .map(held)
            .collect()
    };
    Ok(StaffRow {
        row,
        id: text_of(Builtin::Id).into(),
        name: text_of(Builtin::Name).into(),
        unit: text_of(Builtin::Unit).into(),
        rank_text,
        rank,
        positions,
        cells,
        notes,
    })
}
