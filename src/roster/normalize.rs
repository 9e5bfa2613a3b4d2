//! A roster cell's text → a typed [`Cell`] for its field: levels through their aliases after
//! normalisation, dates in the forms offices type, yes/no words, numbers with a decimal comma.

use crate::i18n::tr;
use std::sync::Arc;

use crate::date::Date;
use crate::normalize::text_key_memo as text_key;
use crate::plan::Plan;
use crate::ruleset::{FieldId, FieldKind};
use crate::staff::{Cell, InvalidValue, TextValue};
use crate::suggest::did_you_mean;

/// Distinct text values a thread keeps (see [`text_value`]); past this they are dropped and
/// kept anew.
const TEXT_VALUES: usize = 16_384;

thread_local! {
    static SEEN_TEXTS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Arc<TextValue>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// A text cell's value, shared: rosters repeat a few hundred values per text column (ethnic
/// group, unit, tier), and each thread builds each one once — a person's cell is then a
/// reference count, not three allocations.
fn text_value(text: &str) -> Arc<TextValue> {
    SEEN_TEXTS.with(|seen| {
        if let Some(value) = seen.borrow().get(text) {
            return Arc::clone(value);
        }
        let value = Arc::new(TextValue {
            key: text_key(text),
            raw: text.to_string(),
        });
        let mut seen = seen.borrow_mut();
        if seen.len() >= TEXT_VALUES {
            seen.clear();
        }
        seen.insert(text.into(), Arc::clone(&value));
        value
    })
}

/// A cell without the spaces (also no-break spaces) around it; most cells have none, which two
/// byte tests tell.
pub(crate) fn trim_cell(raw: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b > b' ' && b < 0x80);
    if plain(raw.as_bytes().first()) && plain(raw.as_bytes().last()) {
        return raw;
    }
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{00A0}')
}

/// Reads one cell as the field's type. Never fails: what cannot be read is `Cell::Invalid`
/// with the reason, so the criteria that need it become unknown.
pub fn parse_cell(plan: &Plan, field: FieldId, raw: &str) -> Cell {
    let f = &plan.fields[field];
    let text = trim_cell(raw);
    if text.is_empty() {
        return match (f.kind, f.empty_means) {
            (FieldKind::Scale(s), Some(level)) => Cell::Level {
                level,
                order: plan.scales[s].levels[level as usize].order,
                from_empty: true,
            },
            _ => Cell::Empty,
        };
    }
    match f.kind {
        FieldKind::Scale(s) => level_cell(plan, s, text),
        FieldKind::Date => match Date::parse_roster(text).or_else(|| excel_serial(text)) {
            Some(d) if is_birth_field(plan, field) => plausible_birth(plan, text, d),
            Some(d) => Cell::Date(d),
            None => match year_only(text) {
                Some(year) => Cell::Year(year),
                None => match year_out_of_range(text) {
                    Some(year) => invalid(
                        text,
                        tr!(
                            plan.lang,
                            "`{text}` ở `{}`: năm {year} nằm ngoài khoảng 1800–2200 được đọc",
                            "`{text}` in `{}`: the year {year} is outside the 1800–2200 read",
                            f.name
                        ),
                    ),
                    None => invalid(
                        text,
                        tr!(
                            plan.lang,
                            "`{text}` ở `{}` không phải ngày (cần dd/mm/yyyy hoặc yyyy-mm-dd)",
                            "`{text}` in `{}` is not a date (expected dd/mm/yyyy or yyyy-mm-dd)",
                            f.name
                        ),
                    ),
                },
            },
        },
        FieldKind::Number => match text.replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() => Cell::Number(n),
            _ => invalid(
                text,
                tr!(
                    plan.lang,
                    "`{text}` ở `{}` không phải số",
                    "`{text}` in `{}` is not a number",
                    f.name
                ),
            ),
        },
        FieldKind::Text => Cell::Text(text_value(text)),
        FieldKind::YesNo => match yes_no(text).or_else(|| yes_no(&text_key(text))) {
            Some(b) => Cell::Bool(b),
            None => invalid(
                text,
                tr!(
                    plan.lang,
                    "`{text}` ở `{}` không phải có (Có, x, 1) hay không (Không, 0)",
                    "`{text}` in `{}` is neither yes (Có, x, 1) nor no (Không, 0)",
                    f.name
                ),
            ),
        },
    }
}

/// The field holding the birth date: the retirement schedule's, else `birth_date`.
fn is_birth_field(plan: &Plan, field: FieldId) -> bool {
    match &plan.retirement {
        Some(r) => r.birth == field,
        None => plan.fields[field].name == "birth_date",
    }
}

/// A birth date that gives an age outside 15–100 on the audit date (or lies after it) is a
/// typo, not a person: unknown with that reason, never an age of −65 that meets `age < 65`.
fn plausible_birth(plan: &Plan, text: &str, birth: Date) -> Cell {
    let age = birth.years_until(plan.as_of);
    if birth > plan.as_of {
        invalid(
            text,
            tr!(
                plan.lang,
                "ngày sinh `{text}` sau ngày đánh giá {}",
                "the birth date `{text}` is after the audit date {}",
                plan.as_of
            ),
        )
    } else if !(15..=100).contains(&age) {
        invalid(
            text,
            tr!(
                plan.lang,
                "ngày sinh `{text}` cho tuổi {age} vào ngày {}, ngoài khoảng 15–100",
                "the birth date `{text}` gives an age of {age} on {}, outside 15–100",
                plan.as_of
            ),
        )
    } else {
        Cell::Date(birth)
    }
}

/// The year of a date written dd/mm/yyyy or yyyy-mm-dd whose year lies outside 1800–2200 (a
/// typo such as 01/01/1700), so the message can say so instead of "not a date".
fn year_out_of_range(text: &str) -> Option<i32> {
    let t = text.trim();
    let year = if t.len() >= 8 && t.as_bytes().get(4) == Some(&b'-') {
        t.get(..4)?
    } else {
        t.rsplit(['/', '-', '.']).next()?
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    (!(1800..=2200).contains(&year)).then_some(year)
}

/// A year written alone ("1975"), as "Năm sinh" columns hold it.
fn year_only(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|y| (1900..=2100).contains(y))
}

fn level_cell(plan: &Plan, scale_id: usize, text: &str) -> Cell {
    let scale = &plan.scales[scale_id];
    let exact = plan.exact_levels[scale_id].get(text).copied();
    // the key only when the exact spelling is not a level
    let key = if exact.is_some() {
        String::new()
    } else {
        text_key(text)
    };
    let level = exact
        .or_else(|| scale.lookup(&key))
        .or_else(|| plan.find_level_folded(scale_id, &key));
    match level {
        Some(level) => Cell::Level {
            level,
            order: scale.levels[level as usize].order,
            from_empty: false,
        },
        None if !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit()) => {
            invalid(
                text,
                tr!(
                    plan.lang,
                    "`{}` là mã, không phải một mức của `{}`: mỗi nơi dùng một bảng mã, nên bộ \
                     quy tắc phải liệt kê các mã được chấp nhận (bằng `aka`), hoặc danh sách phải \
                     ghi tên",
                    "`{}` is a code, not a level of `{}`: code lists differ between offices, so \
                     the rules must list the codes they accept (as `aka`), or the roster must \
                     write the name",
                    text.trim(),
                    scale.name
                ),
            )
        }
        None => {
            let spellings = scale.spellings();
            let hint = did_you_mean(text, spellings.iter().copied()).map(|s| {
                let level = scale
                    .lookup(&text_key(s))
                    .map_or("", |l| scale.levels[l as usize].name.as_str());
                if level == s {
                    tr!(plan.lang, "; có phải `{s}`?", "; did you mean `{s}`?")
                } else {
                    tr!(
                        plan.lang,
                        "; có phải `{s}` ({level})?",
                        "; did you mean `{s}` ({level})?"
                    )
                }
            });
            invalid(
                text,
                tr!(
                    plan.lang,
                    "`{text}` không phải một mức của `{}`{}",
                    "`{text}` is not a level of `{}`{}",
                    scale.name,
                    hint.unwrap_or_default()
                ),
            )
        }
    }
}

fn invalid(raw: &str, problem: String) -> Cell {
    Cell::Invalid(Arc::new(InvalidValue {
        raw: raw.to_string(),
        problem,
    }))
}

/// Yes or no from a normalised key, or from a cell written as the usual spellings are (tried
/// first, so that the common cells need no normalising).
fn yes_no(key: &str) -> Option<bool> {
    match key {
        "có" | "co" | "x" | "yes" | "y" | "1" | "true" | "đúng" | "đạt" => Some(true),
        "không" | "khong" | "k" | "no" | "n" | "0" | "false" | "sai" => Some(false),
        "Có" | "CÓ" | "X" | "Yes" | "YES" | "Y" | "True" | "TRUE" | "Đúng" | "Đạt" => {
            Some(true)
        }
        "Không" | "KHÔNG" | "K" | "No" | "NO" | "N" | "False" | "FALSE" | "Sai" => Some(false),
        _ => None,
    }
}

/// A date cell holding an Excel serial day number (a workbook column formatted as a number, or
/// a CSV saved from one): five digits, 1927 to 2119.
fn excel_serial(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let serial: f64 = t.parse().ok()?;
    crate::roster::reader::excel_serial_date(serial).and_then(|iso| Date::parse_iso(&iso))
}
