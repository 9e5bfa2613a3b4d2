//! How values, cells and conditions become text — the one place that writes them: rule text
//! for conditions and constants (`required`), a person's reading of a roster cell (`actual`),
//! and why a cell gives no value. Checker, planner, evaluator and reports call these.

use crate::i18n::tr;
use crate::plan::Plan;
use crate::ruleset::{Const, FieldId, FieldKind, RuleSet};
use crate::staff::Cell;
use crate::syntax::ast::{self, ValueKind};

/// A value as the rule language writes it: text as written, `yes` / `no`, `today`.
pub(crate) fn value_text(v: &ValueKind) -> String {
    match v {
        ValueKind::Text(t) => t.clone(),
        ValueKind::Number(n) => n.to_string(),
        ValueKind::Date(d) => d.to_string(),
        ValueKind::Bool(b) => yes_no(*b).to_string(),
        ValueKind::Today => "today".to_string(),
    }
}

/// A resolved constant as a person reads it: a level by its name, other values as written.
pub(crate) fn const_text(rules: &RuleSet, field: FieldId, value: &Const) -> String {
    match value {
        Const::Level { level, .. } => match rules.fields[field].kind {
            FieldKind::Scale(s) => rules.scales[s].levels[*level as usize].name.clone(),
            _ => level.to_string(),
        },
        Const::Number(n) => n.to_string(),
        Const::Date(d) => d.to_string(),
        Const::Text { written, .. } => written.clone(),
        Const::Bool(b) => yes_no(*b).to_string(),
        Const::Today => "today".to_string(),
    }
}

/// `yes` / `no` as rules write a boolean.
fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A condition rendered back as rule text, for `required` in reports.
pub(crate) fn written_condition(c: &ast::Condition) -> String {
    let value = |v: &ast::Value| value_text(&v.kind);
    let nested = |c: &ast::Condition| match c {
        ast::Condition::And(_) | ast::Condition::Or(_) => format!("({})", written_condition(c)),
        _ => written_condition(c),
    };
    match c {
        ast::Condition::And(p) => p.iter().map(nested).collect::<Vec<_>>().join(" and "),
        ast::Condition::Or(p) => p.iter().map(nested).collect::<Vec<_>>().join(" or "),
        ast::Condition::Not(inner) => format!("not {}", nested(inner)),
        ast::Condition::Field(f) => f.text.clone(),
        ast::Condition::Compare {
            field,
            op,
            value: v,
        } => format!("{} {} {}", field.text, op.symbol(), value(v)),
        ast::Condition::In { field, values } => format!(
            "{} in [{}]",
            field.text,
            values.iter().map(value).collect::<Vec<_>>().join(", ")
        ),
        ast::Condition::Holds { kind, name } => format!("holds {} {}", kind.keyword(), name.text),
        ast::Condition::Meets(Some(label), _) => format!("meets \"{}\"", label.text),
        ast::Condition::Meets(None, _) => "meets all standards".to_string(),
        ast::Condition::Planned { kind, name } => {
            format!("planned {} {}", kind.keyword(), name.text)
        }
        ast::Condition::Yearly {
            at_least,
            last,
            field,
            op,
            value: v,
        } => format!(
            "{} of last {last} years {} {} {}",
            at_least.map_or_else(|| "each".to_string(), |k| format!("at least {k}")),
            field.text,
            op.symbol(),
            value(v)
        ),
        ast::Condition::IsEmpty(field) => format!("{} is empty", field.text),
        ast::Condition::Contains { field, words } => format!(
            "{} contains [{}]",
            field.text,
            words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A cell as a person reads it.
pub(crate) fn cell_text(plan: &Plan, field: FieldId, cell: &Cell) -> String {
    let mut out = String::new();
    write_cell_text(&mut out, plan, field, cell);
    out
}

/// [`cell_text`] appended to `out`, without an allocation of its own.
pub(crate) fn write_cell_text(out: &mut String, plan: &Plan, field: FieldId, cell: &Cell) {
    use std::fmt::Write;
    let vi = plan.lang == crate::i18n::Lang::Vi;
    // INVARIANT: writing into a String cannot fail
    let _ = match cell {
        Cell::Absent => {
            out.push_str(if vi {
                "(không có cột)"
            } else {
                "(no column)"
            });
            Ok(())
        }
        Cell::Empty => {
            out.push_str(if vi { "(trống)" } else { "(empty)" });
            Ok(())
        }
        Cell::Level {
            level, from_empty, ..
        } => {
            let name = match plan.fields[field].kind {
                FieldKind::Scale(s) => plan.scales[s].levels[*level as usize].name.as_str(),
                _ => "",
            };
            if *from_empty {
                out.push_str(&tr!(plan.lang, "(trống = {name})", "(empty = {name})"));
            } else {
                out.push_str(name);
            }
            Ok(())
        }
        Cell::Date(d) => write!(out, "{d}"),
        Cell::Year(y) => {
            out.push_str(&tr!(plan.lang, "{y} (chỉ có năm)", "{y} (year only)"));
            Ok(())
        }
        // a whole number (an age, months of service) as an integer: what `Display` writes
        // for it, without the float formatting
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 && *n != 0.0 => {
            out.push_str(itoa::Buffer::new().format(*n as i64));
            Ok(())
        }
        Cell::Number(n) => write!(out, "{n}"),
        Cell::Text(t) => {
            out.push_str(&t.raw);
            Ok(())
        }
        Cell::Bool(b) => {
            out.push_str(match (b, vi) {
                (true, true) => "có",
                (false, true) => "không",
                (true, false) => "yes",
                (false, false) => "no",
            });
            Ok(())
        }
        Cell::Invalid(bad) => {
            out.push_str(&bad.raw);
            Ok(())
        }
    };
}

/// Why a cell gives no usable value.
pub(crate) fn describe_cell(plan: &Plan, shown: &str, cell: Option<&Cell>) -> String {
    match cell {
        None | Some(Cell::Absent) => tr!(
            plan.lang,
            "danh sách không có cột `{shown}`",
            "the roster has no `{shown}` column"
        ),
        Some(Cell::Empty) => tr!(plan.lang, "`{shown}` để trống", "`{shown}` is empty"),
        Some(Cell::Invalid(bad)) => bad.problem.clone(),
        Some(_) => tr!(
            plan.lang,
            "`{shown}` có giá trị không đúng loại",
            "`{shown}` has a value of another kind"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::cell_text;
    use crate::check::load;
    use crate::date::Date;
    use crate::plan::Plan;
    use crate::source::SourceFile;
    use crate::staff::Cell;

    /// Whole numbers take a shortcut past the float formatting; it writes what `Display` does.
    #[test]
    fn numbers_read_as_display_writes_them() {
        let text = "field n: number column \"N\"\nrank \"R\" { require n >= 1 source \"x [V]\" }\n";
        let rules = load(vec![SourceFile::new("t.rules", text)])
            .unwrap_or_else(|_| panic!("test rules check clean"));
        let plan = Plan::for_date(&rules, Date::parse_iso("2025-12-31").unwrap(), "t");
        let field = plan.fields.iter().position(|f| f.name == "n").unwrap();
        for n in [
            54.0,
            -3.0,
            0.0,
            -0.0,
            1.0,
            12.5,
            -0.25,
            999_999_999_999_999.0,
            1e15,
            -1e15,
            1e20,
            f64::MAX,
            f64::MIN_POSITIVE,
            4_294_967_296.0,
        ] {
            assert_eq!(
                cell_text(&plan, field, &Cell::Number(n)),
                n.to_string(),
                "{n:?}"
            );
        }
    }
}
