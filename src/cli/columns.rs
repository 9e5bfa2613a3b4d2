//! `chuanhoa columns ROSTER`: which roster column feeds which field, which fields the rules in
//! force need and the roster lacks, and where the header was found. The first thing to run on a
//! roster with unusual headers, before `--map`.

use std::path::PathBuf;

use crate::date::Date;

use super::{Outcome, RosterArgs};

/// Prints the column mapping; 2 when the roster cannot be opened.
pub(crate) fn run(
    roster: &RosterArgs,
    rules: &[PathBuf],
    as_of: Date,
    lang: crate::i18n::Lang,
) -> Outcome {
    let plan = match super::plan_for(rules, as_of, lang) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let (reader, columns) = match super::audit::open_roster(&plan, roster) {
        Ok(r) => r,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    let mut text = format!("{} — {}", reader.path, reader.format.name());
    if let Some(e) = reader.encoding {
        text.push_str(&format!(", {}", e.name()));
    }
    if let Some(s) = &reader.sheet {
        text.push_str(&format!(", sheet `{s}`"));
    }
    if reader.header_row > 0 {
        text.push_str(&format!(", header ending on row {}", reader.header_row));
    }
    say!("{text}");
    let used = plan.fields_used();
    for (col, header) in columns.headers.iter().enumerate() {
        let fields: Vec<&str> = (0..plan.fields.len())
            .filter(|&f| columns.field_column[f] == Some(col))
            .map(|f| plan.fields[f].name.as_str())
            .collect();
        let target = match fields.as_slice() {
            [] => "— (not read)".to_string(),
            names => {
                let needed = (0..plan.fields.len())
                    .any(|f| columns.field_column[f] == Some(col) && used.contains(&f));
                let builtin = (0..plan.fields.len()).any(|f| {
                    columns.field_column[f] == Some(col) && plan.fields[f].builtin.is_some()
                });
                let note = if needed || builtin {
                    ""
                } else {
                    " (no rule in force reads it)"
                };
                format!("→ {}{note}", names.join(", "))
            }
        };
        say!("  {:>3}  {:<32} {target}", col + 1, header);
    }
    for note in &columns.notes {
        say!("note: {note}");
    }
    if columns.missing.is_empty() {
        say!("every field the rules in force read has a column");
    } else {
        let names: Vec<&str> = columns
            .missing
            .iter()
            .map(|&f| plan.fields[f].name.as_str())
            .collect();
        say!(
            "missing (criteria reading them are unknown): {}",
            names.join(", ")
        );
        say!("map an unusual header with --map \"Header=field\"");
    }
    if columns.can_match(&plan) {
        Outcome::Done
    } else {
        complain!("error: no column says the rank or position");
        Outcome::Invalid
    }
}

/// `chuanhoa values ROSTER`: every value a column holds that could not be read, with its count
/// and the suggestion when one is safe, so that an officer fixes a whole column at once.
pub(crate) fn run_values(
    roster: &RosterArgs,
    rules: &[PathBuf],
    as_of: Date,
    lang: crate::i18n::Lang,
) -> Outcome {
    let plan = match super::plan_for(rules, as_of, lang) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let out = match super::audited(&plan, roster) {
        Ok(out) => out,
        Err(o) => return o,
    };
    let values = crate::aggregate::unreadable_values(&plan, &out);
    if values.is_empty() {
        say!("every value of every column the rules read was understood");
        return Outcome::Done;
    }
    let mut column = None;
    for v in &values {
        if column != Some(&v.column) {
            say!("{} → {}", crate::report::printable(&v.column), v.field);
            column = Some(&v.column);
        }
        say!(
            "  {:>6} × {:<28} {}",
            v.count,
            crate::report::printable(&v.value),
            crate::report::printable(&v.problem)
        );
    }
    Outcome::Done
}
