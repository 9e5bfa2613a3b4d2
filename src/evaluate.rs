//! (Plan, StaffRow) → PersonResult: pure, no I/O, never panics. Missing or unreadable data
//! makes a criterion unknown, with the reason, never a silent pass or fail.

use std::cmp::Ordering;

use rhai::{Dynamic, Map, Scope};

use crate::finding::{Finding, PersonResult, Status, Verdict};
use crate::plan::{Plan, PlanCriterion};
use crate::ruleset::{Cond, Const, FieldId, FieldKind, Test};
use crate::staff::{Cell, StaffRow};
use crate::syntax::ast::{Op, TimeUnit};

/// Three-valued truth: a condition may be undecidable on the data at hand.
enum Truth {
    Yes,
    No,
    Unknown(Why),
}

/// Why a condition could not be decided.
enum Why {
    Field(FieldId),
    Message(String),
}

/// Evaluates every criterion that applies to the person.
pub fn evaluate(plan: &Plan, staff: &StaffRow) -> PersonResult {
    let mut findings = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    let mut script_staff: Option<Map> = None;
    let mut matched = false;
    for subject in staff.subjects() {
        matched = true;
        for &ci in &plan.subjects[subject as usize].criteria {
            if seen.contains(&ci) {
                continue;
            }
            seen.push(ci);
            let c = &plan.criteria[ci as usize];
            if let Some(f) = criterion(plan, staff, ci, c, &mut script_staff) {
                findings.push(f);
            }
        }
    }
    let status = if !matched {
        Status::Unmatched
    } else if findings.iter().any(|f| f.verdict == Verdict::Unmet) {
        Status::Gaps
    } else if findings.iter().any(|f| f.verdict == Verdict::Unknown) {
        Status::Incomplete
    } else {
        Status::Meets
    };
    PersonResult { status, findings }
}

fn criterion(
    plan: &Plan,
    staff: &StaffRow,
    index: u32,
    c: &PlanCriterion,
    script_staff: &mut Option<Map>,
) -> Option<Finding> {
    let applies = match &c.when {
        None => Truth::Yes,
        Some(w) => condition(plan, staff, w),
    };
    let (verdict, reason) = match applies {
        Truth::No => return None,
        Truth::Unknown(why) => (
            Verdict::Unknown,
            Some(format!(
                "cannot tell whether it applies: {}",
                explain(plan, staff, why)
            )),
        ),
        Truth::Yes => {
            let truth = match &c.test {
                Test::Cond(cond) => condition(plan, staff, cond),
                Test::Script { ast, .. } => {
                    let map = script_staff.get_or_insert_with(|| script_map(plan, staff));
                    run_script(plan, ast, map)
                }
            };
            match truth {
                Truth::Yes => (Verdict::Met, None),
                Truth::No => (Verdict::Unmet, None),
                Truth::Unknown(why) => (Verdict::Unknown, Some(explain(plan, staff, why))),
            }
        }
    };
    Some(Finding {
        criterion: index,
        verdict,
        reason: reason.map(String::into_boxed_str),
        actual: actual_text(plan, staff, &c.fields).into_boxed_str(),
    })
}

/// The value of a field for this person; derived fields are computed from their date.
fn value(plan: &Plan, staff: &StaffRow, field: FieldId) -> Cell {
    let f = &plan.fields[field];
    match f.derived {
        Some((unit, from)) => match staff.cells.get(from) {
            Some(Cell::Date(d)) => Cell::Number(f64::from(match unit {
                TimeUnit::Years => d.years_until(plan.as_of),
                TimeUnit::Months => d.months_until(plan.as_of),
            })),
            Some(other) => other.clone(),
            None => Cell::Absent,
        },
        None => staff.cells.get(field).cloned().unwrap_or(Cell::Absent),
    }
}

fn condition(plan: &Plan, staff: &StaffRow, cond: &Cond) -> Truth {
    match cond {
        Cond::And(parts) => {
            let mut unknown = None;
            for p in parts {
                match condition(plan, staff, p) {
                    Truth::No => return Truth::No,
                    Truth::Unknown(w) => unknown = unknown.or(Some(w)),
                    Truth::Yes => {}
                }
            }
            unknown.map_or(Truth::Yes, Truth::Unknown)
        }
        Cond::Or(parts) => {
            let mut unknown = None;
            for p in parts {
                match condition(plan, staff, p) {
                    Truth::Yes => return Truth::Yes,
                    Truth::Unknown(w) => unknown = unknown.or(Some(w)),
                    Truth::No => {}
                }
            }
            unknown.map_or(Truth::No, Truth::Unknown)
        }
        Cond::Not(inner) => match condition(plan, staff, inner) {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            u => u,
        },
        Cond::Truthy(field) => match value(plan, staff, *field) {
            Cell::Bool(b) => truth(b),
            _ => Truth::Unknown(Why::Field(*field)),
        },
        Cond::Compare {
            field,
            op,
            value: c,
        } => {
            let cell = value(plan, staff, *field);
            let ordering = if op.is_ordering() {
                compare(&cell, c)
            } else {
                same(&cell, c)
            };
            match ordering {
                Some(ord) => truth(holds(*op, ord)),
                None => Truth::Unknown(Why::Field(*field)),
            }
        }
        Cond::In { field, values } => {
            let cell = value(plan, staff, *field);
            let mut any = false;
            for c in values {
                match same(&cell, c) {
                    Some(Ordering::Equal) => any = true,
                    Some(_) => {}
                    None => return Truth::Unknown(Why::Field(*field)),
                }
            }
            truth(any)
        }
    }
}

fn truth(b: bool) -> Truth {
    if b { Truth::Yes } else { Truth::No }
}

fn holds(op: Op, ord: Ordering) -> bool {
    match op {
        Op::Ge => ord != Ordering::Less,
        Op::Gt => ord == Ordering::Greater,
        Op::Le => ord != Ordering::Greater,
        Op::Lt => ord == Ordering::Less,
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
    }
}

/// The person's value against a constant; None when the value is missing or unreadable.
/// Text and yes/no only answer equal or not (the checker allows no ordering on them).
fn compare(cell: &Cell, c: &Const) -> Option<Ordering> {
    match (cell, c) {
        (Cell::Level { order, .. }, Const::Level { order: want, .. }) => Some(order.cmp(want)),
        (Cell::Date(d), Const::Date(want)) => Some(d.cmp(want)),
        (Cell::Number(n), Const::Number(want)) => n.partial_cmp(want),
        (Cell::Text(t), Const::Text { key, .. }) => Some(if t.key == *key {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        (Cell::Bool(b), Const::Bool(want)) => Some(if b == want {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => None,
    }
}

/// Equality for `==`, `!=` and `in`: a level is equal only to itself, even when `equals` ties it
/// to another for ordering ("Cao cấp LLCT - hành chính" == "Cao cấp" is false, >= is true).
fn same(cell: &Cell, c: &Const) -> Option<Ordering> {
    match (cell, c) {
        (Cell::Level { level, .. }, Const::Level { level: want, .. }) => Some(if level == want {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => compare(cell, c),
    }
}

/// Words for why a field could not be read.
fn explain(plan: &Plan, staff: &StaffRow, why: Why) -> String {
    let field = match why {
        Why::Message(m) => return m,
        Why::Field(f) => f,
    };
    let f = &plan.fields[field];
    let (shown, cell) = match f.derived {
        Some((_, from)) => (plan.fields[from].name.as_str(), staff.cells.get(from)),
        None => (f.name.as_str(), staff.cells.get(field)),
    };
    let prefix = if f.derived.is_some() {
        format!("`{}` needs `{shown}`: ", f.name)
    } else {
        String::new()
    };
    let what = match cell {
        None | Some(Cell::Absent) => format!("the roster has no `{shown}` column"),
        Some(Cell::Empty) => format!("`{shown}` is empty"),
        Some(Cell::Invalid(bad)) => bad.problem.clone(),
        Some(_) => format!("`{shown}` has a value of another kind"),
    };
    format!("{prefix}{what}")
}

/// `actual` in reports: the value of each field the criterion reads.
fn actual_text(plan: &Plan, staff: &StaffRow, fields: &[FieldId]) -> String {
    match fields {
        [] => String::new(),
        [one] => cell_text(plan, *one, &value(plan, staff, *one)),
        many => many
            .iter()
            .map(|&f| {
                format!(
                    "{}: {}",
                    plan.fields[f].name,
                    cell_text(plan, f, &value(plan, staff, f))
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A cell as a person reads it.
pub fn cell_text(plan: &Plan, field: FieldId, cell: &Cell) -> String {
    match cell {
        Cell::Absent => "(no column)".to_string(),
        Cell::Empty => "(empty)".to_string(),
        Cell::Level {
            level, from_empty, ..
        } => {
            let name = match plan.fields[field].kind {
                FieldKind::Scale(s) => plan.scales[s].levels[*level as usize].name.as_str(),
                _ => "",
            };
            if *from_empty {
                format!("(empty = {name})")
            } else {
                name.to_string()
            }
        }
        Cell::Date(d) => d.to_string(),
        Cell::Number(n) => n.to_string(),
        Cell::Text(t) => t.raw.clone(),
        Cell::Bool(b) => (if *b { "yes" } else { "no" }).to_string(),
        Cell::Invalid(bad) => bad.raw.clone(),
    }
}

/// The `staff` object scripts see: field name → level name, date text, number, text, bool,
/// or `()` when missing.
fn script_map(plan: &Plan, staff: &StaffRow) -> Map {
    let mut map = Map::new();
    for (id, f) in plan.fields.iter().enumerate() {
        let v = match value(plan, staff, id) {
            Cell::Level { level, .. } => match f.kind {
                FieldKind::Scale(s) => {
                    Dynamic::from(plan.scales[s].levels[level as usize].name.clone())
                }
                _ => Dynamic::UNIT,
            },
            Cell::Date(d) => Dynamic::from(d.to_string()),
            Cell::Number(n) if f.derived.is_some() => Dynamic::from(n as i64),
            Cell::Number(n) => Dynamic::from(n),
            Cell::Text(t) => Dynamic::from(t.raw.clone()),
            Cell::Bool(b) => Dynamic::from(b),
            Cell::Absent | Cell::Empty | Cell::Invalid(_) => Dynamic::UNIT,
        };
        map.insert(f.name.as_str().into(), v);
    }
    map
}

fn run_script(plan: &Plan, ast: &rhai::AST, staff: &Map) -> Truth {
    let mut scope = Scope::new();
    scope.push_constant("staff", staff.clone());
    match plan.engine.eval_ast_with_scope::<Dynamic>(&mut scope, ast) {
        Ok(v) if v.is_bool() => truth(v.as_bool().unwrap_or(false)),
        Ok(v) if v.is_unit() => Truth::Unknown(Why::Message(
            "the script has no answer for this person (a value it needs is missing)".to_string(),
        )),
        Ok(v) => Truth::Unknown(Why::Message(format!(
            "the script gave `{v}`, not true or false"
        ))),
        Err(e) => Truth::Unknown(Why::Message(format!(
            "script error: {}",
            crate::script::describe_error(&e)
        ))),
    }
}
