//! (Plan, StaffRow) → PersonResult: pure, no I/O, never panics. Missing or unreadable data
//! makes a criterion unknown, with the reason, never a silent pass or fail.

use std::borrow::Cow;
use std::cmp::Ordering;

use rhai::{Dynamic, Map, Scope};

use crate::date::Date;
use crate::finding::{Finding, PersonResult, Status, Verdict};
use crate::i18n::tr;
use crate::plan::{Plan, PlanCriterion};
use crate::render::{cell_text, describe_cell};
use crate::ruleset::{
    Cond, Const, Deadline, FieldId, FieldKind, Moment, SexKey, Test, field_inputs,
};
use crate::staff::{Cell, StaffRow};
use crate::syntax::ast::{Op, SubjectKind, TimeUnit};

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

/// Whether a title's `when` holds for the person (None when it cannot tell); true for titles
/// without one.
pub(crate) fn title_applies(plan: &Plan, staff: &StaffRow, subject: u32) -> Option<bool> {
    match &plan.subjects[subject as usize].when {
        None => Some(true),
        Some((w, _)) => match condition(plan, staff, w) {
            Truth::Yes => Some(true),
            Truth::No => Some(false),
            Truth::Unknown(_) => None,
        },
    }
}

/// Evaluates every criterion that applies to the person.
pub(crate) fn evaluate(plan: &Plan, staff: &StaffRow) -> PersonResult {
    // sized once: growing them one finding at a time cost four allocations a person
    let mut findings = Vec::with_capacity(
        staff
            .subjects()
            .map(|s| plan.subjects[s as usize].criteria.len())
            .sum(),
    );
    let mut seen: smallvec::SmallVec<[u32; 32]> = smallvec::SmallVec::new();
    let mut script_staff: Option<Map> = None;
    let mut matched = false;
    let mut without_standard = false;
    for subject in staff.subjects() {
        let subject = &plan.subjects[subject as usize];
        if subject.no_standard.is_some() {
            without_standard = true;
            continue;
        }
        // a title whose `when` does not hold for the person is not theirs to be audited by
        let unknown_title = match &subject.when {
            None => None,
            Some((w, written)) => match condition(plan, staff, w) {
                Truth::Yes => None,
                Truth::No => continue,
                Truth::Unknown(why) => Some(tr!(
                    plan.lang,
                    "không xác định được {} {} có áp dụng không ({}): {}",
                    "cannot tell whether {} {} applies ({}): {}",
                    subject.kind.keyword(),
                    subject.name,
                    written,
                    explain(plan, staff, why)
                )),
            },
        };
        matched = true;
        for &ci in &subject.criteria {
            if seen.contains(&ci) {
                continue;
            }
            seen.push(ci);
            let c = &plan.criteria[ci as usize];
            let found = criterion(plan, staff, ci, c, &mut script_staff);
            if let Some(mut f) = found {
                if let Some(reason) = &unknown_title
                    && f.verdict != Verdict::Unknown
                {
                    f.verdict = Verdict::Unknown;
                    f.reason = Some(reason.clone().into_boxed_str());
                    f.deadline = None;
                    f.clause = None;
                    f.short_either_way = false;
                }
                findings.push(f);
            }
        }
    }
    let any = |v: Verdict| findings.iter().any(|f| f.verdict == v);
    let status = if !matched && without_standard {
        Status::NoStandard
    } else if !matched {
        Status::Unmatched
    } else if any(Verdict::Unmet) {
        Status::Gaps
    } else if any(Verdict::Unknown) {
        Status::Incomplete
    } else if any(Verdict::Pending) {
        Status::Pending
    } else {
        Status::Meets
    };
    PersonResult { status, findings }
}

/// One criterion for one person. When a date it reads is known only by its year, it is
/// decided on the first and the last day of that year: one answer when both agree, unknown with
/// that reason when they do not.
fn criterion(
    plan: &Plan,
    staff: &StaffRow,
    index: u32,
    c: &PlanCriterion,
    script_staff: &mut Option<Map>,
) -> Option<Finding> {
    if staff.cells.iter().any(|cell| matches!(cell, Cell::Year(_))) {
        let years: Vec<(FieldId, i32)> = plan
            .criterion_inputs(c)
            .into_iter()
            .filter_map(|f| match plan.cell(staff, f) {
                Some(Cell::Year(y)) => Some((f, *y)),
                _ => None,
            })
            .collect();
        if !years.is_empty() {
            return criterion_within_years(plan, staff, index, c, &years);
        }
    }
    criterion_on_dates(plan, staff, index, c, script_staff)
}

fn criterion_within_years(
    plan: &Plan,
    staff: &StaffRow,
    index: u32,
    c: &PlanCriterion,
    years: &[(FieldId, i32)],
) -> Option<Finding> {
    let at = |month: u32, day: u32| {
        let mut row = staff.clone();
        for &(field, year) in years {
            if let (Some(slot), Some(date)) = (plan.slots[field], Date::new(year, month, day)) {
                row.cells[slot as usize] = Cell::Date(date);
            }
        }
        criterion_on_dates(plan, &row, index, c, &mut None)
    };
    let (first, last) = (at(1, 1), at(12, 31));
    match (first, last) {
        (None, None) => None,
        (Some(a), Some(b)) if a.verdict == b.verdict && a.deadline == b.deadline => Some(a),
        _ => {
            let known: Vec<String> = years
                .iter()
                .map(|(f, y)| {
                    let name = &plan.fields[*f].name;
                    tr!(
                        plan.lang,
                        "`{name}` chỉ ghi năm {y}",
                        "`{name}` gives only the year {y}"
                    )
                })
                .collect();
            Some(Finding {
                criterion: index,
                verdict: Verdict::Unknown,
                reason: Some(
                    tr!(
                        plan.lang,
                        "{}: kết quả phụ thuộc vào ngày cụ thể trong năm đó",
                        "{}: the answer depends on the day within that year",
                        known.join("; ")
                    )
                    .into_boxed_str(),
                ),
                deadline: None,
                clause: None,
                case: None,
                short_either_way: false,
            })
        }
    }
}

fn criterion_on_dates(
    plan: &Plan,
    staff: &StaffRow,
    index: u32,
    c: &PlanCriterion,
    script_staff: &mut Option<Map>,
) -> Option<Finding> {
    let mut applies = match &c.when {
        None => Truth::Yes,
        Some(w) => condition(plan, staff, w),
    };
    // a criterion of cases applies through the first case whose guard holds
    let mut case = None;
    if let (Truth::Yes, Test::Cases(cases)) = (&applies, &c.test) {
        applies = Truth::No;
        for (i, k) in cases.iter().enumerate() {
            match condition(plan, staff, &k.guard) {
                Truth::Yes => {
                    case = Some(i as u16);
                    applies = Truth::Yes;
                    break;
                }
                Truth::No => {}
                Truth::Unknown(why) => {
                    applies = Truth::Unknown(why);
                    break;
                }
            }
        }
    }
    let mut deadline = None;
    let mut clause = None;
    let mut short_either_way = false;
    let (verdict, reason) = match applies {
        Truth::No => return None,
        Truth::Unknown(why) => (
            Verdict::Unknown,
            Some(tr!(
                plan.lang,
                "không xác định được tiêu chí có áp dụng không: {}",
                "cannot tell whether it applies: {}",
                explain(plan, staff, why)
            )),
        ),
        Truth::Yes => {
            let truth = match &c.test {
                Test::Cond(cond) => condition(plan, staff, cond),
                Test::Cases(cases) => match case.and_then(|i| cases.get(i as usize)) {
                    Some(k) => condition(plan, staff, &k.test),
                    None => Truth::Unknown(Why::Message(String::new())),
                },
                Test::Script { ast, reads, .. } => {
                    let map = script_staff.get_or_insert_with(|| script_map(plan, staff));
                    run_script(plan, ast, reads, map)
                }
            };
            match truth {
                Truth::Yes => (Verdict::Met, None),
                Truth::No => match relief(plan, staff, c) {
                    Relief::Exempt(reason, i) => {
                        clause = Some(i);
                        (Verdict::Exempt, Some(reason))
                    }
                    Relief::Pending(date, reason, i) => {
                        deadline = Some(date);
                        clause = Some(i);
                        (Verdict::Pending, Some(reason))
                    }
                    Relief::Unknown(reason) => {
                        short_either_way = true;
                        (Verdict::Unknown, Some(reason))
                    }
                    Relief::None => (Verdict::Unmet, None),
                },
                // an exemption that surely holds makes the missing value irrelevant
                Truth::Unknown(why) => match certain_exemption(plan, staff, c) {
                    Some((reason, i)) => {
                        clause = Some(i);
                        (Verdict::Exempt, Some(reason))
                    }
                    None => (Verdict::Unknown, Some(explain(plan, staff, why))),
                },
            }
        }
    };
    Some(Finding {
        criterion: index,
        verdict,
        reason: reason.map(String::into_boxed_str),
        deadline,
        clause,
        case,
        short_either_way,
    })
}

/// What saves an unmet criterion: an exemption, a grace period, or nothing.
enum Relief {
    None,
    /// The reason, and the index of the exemption.
    Exempt(String, u16),
    /// The deadline, the reason, and the index of the grace clause.
    Pending(Date, String, u16),
    Unknown(String),
}

/// The reason of the first exemption whose condition surely holds, with the values behind it.
fn certain_exemption(plan: &Plan, staff: &StaffRow, c: &PlanCriterion) -> Option<(String, u16)> {
    c.exemptions
        .iter()
        .enumerate()
        .find_map(|(i, e)| match condition(plan, staff, &e.cond) {
            Truth::Yes => Some((exemption_reason(plan, staff, e), i as u16)),
            _ => None,
        })
}

/// "reason — values that made the person exempt", so a reader can check them.
fn exemption_reason(plan: &Plan, staff: &StaffRow, e: &crate::ruleset::Exemption) -> String {
    let mut fields = Vec::new();
    e.cond.fields(plan.as_of, &mut fields);
    let values = actual_text(plan, staff, &fields);
    if values.is_empty() {
        e.reason.clone()
    } else {
        format!("{} — {values}", e.reason)
    }
}

/// Exemptions first, then grace periods. A clause the data cannot decide makes the finding
/// unknown (never a silent fail) unless another clause already decides it.
fn relief(plan: &Plan, staff: &StaffRow, c: &PlanCriterion) -> Relief {
    let mut undecided: Option<String> = None;
    for (i, e) in c.exemptions.iter().enumerate() {
        match condition(plan, staff, &e.cond) {
            Truth::Yes => return Relief::Exempt(exemption_reason(plan, staff, e), i as u16),
            Truth::No => {}
            Truth::Unknown(why) => {
                undecided.get_or_insert_with(|| {
                    tr!(
                        plan.lang,
                        "chưa đạt, và không xác định được có thuộc diện miễn ({}) không: {}",
                        "unmet, and cannot tell whether exempt ({}): {}",
                        e.reason,
                        explain(plan, staff, why)
                    )
                });
            }
        }
    }
    for (i, g) in c.grace.iter().enumerate() {
        let applies = match &g.cond {
            None => Truth::Yes,
            Some(cond) => condition(plan, staff, cond),
        };
        let deadline = match g.deadline {
            Deadline::Date(d) => Ok(d),
            Deadline::After { months, field } => match plan.cell(staff, field) {
                Some(Cell::Date(d)) => d.add_months(months as i32).ok_or(Why::Field(field)),
                _ => Err(Why::Field(field)),
            },
        };
        let label = g.reason.as_deref().unwrap_or(match plan.lang {
            crate::i18n::Lang::Vi => "thời hạn chuẩn hóa",
            crate::i18n::Lang::En => "grace period",
        });
        match (applies, deadline) {
            (Truth::No, _) => {}
            (Truth::Yes, Ok(d)) if plan.as_of <= d => {
                return Relief::Pending(
                    d,
                    tr!(plan.lang, "{label}: hạn đến {d}", "{label}: due by {d}"),
                    i as u16,
                );
            }
            (Truth::Yes, Ok(_)) => {}
            (Truth::Unknown(why), _) | (Truth::Yes, Err(why)) => {
                undecided.get_or_insert_with(|| {
                    tr!(
                        plan.lang,
                        "chưa đạt, và không xác định được có trong thời hạn ({label}) không: {}",
                        "unmet, and cannot tell whether the grace period applies ({label}): {}",
                        explain(plan, staff, why)
                    )
                });
            }
        }
    }
    undecided.map_or(Relief::None, Relief::Unknown)
}

/// The value of a field for this person; derived fields are computed from their dates.
fn value<'s>(plan: &Plan, staff: &'s StaffRow, field: FieldId) -> Cow<'s, Cell> {
    let f = &plan.fields[field];
    match f.derived {
        Some(spec) => Cow::Owned(
            match (
                moment(plan, staff, spec.start),
                moment(plan, staff, spec.end),
            ) {
                (Some(a), Some(b)) => Cell::Number(f64::from(match spec.unit {
                    TimeUnit::Years => a.years_until(b),
                    TimeUnit::Months => a.months_until(b),
                })),
                _ => Cell::Absent,
            },
        ),
        // borrowed: a person's cell is read, not copied, on every condition
        None => Cow::Borrowed(plan.cell(staff, field).unwrap_or(&ABSENT)),
    }
}

/// The value of a field the roster has no column for.
static ABSENT: Cell = Cell::Absent;

/// A moment of a derived field for this person; None when its data is missing.
fn moment(plan: &Plan, staff: &StaffRow, m: Moment) -> Option<Date> {
    match m {
        Moment::Today => Some(plan.as_of),
        Moment::Date(d) => Some(d),
        Moment::Field(f) => match plan.cell(staff, f) {
            Some(Cell::Date(d)) => Some(*d),
            _ => None,
        },
        Moment::Retirement => retirement_date(plan, staff),
    }
}

/// The day the person reaches retirement age under the declared schedule.
pub fn retirement_date(plan: &Plan, staff: &StaffRow) -> Option<Date> {
    let schedule = plan.retirement.as_ref()?;
    let Some(Cell::Date(birth)) = plan.cell(staff, schedule.birth) else {
        return None;
    };
    let rule = schedule
        .rules
        .iter()
        .find(|r| match (&r.sex, plan.cell(staff, schedule.sex)) {
            (SexKey::Level(want), Some(Cell::Level { level, .. })) => level == want,
            (SexKey::Text(want), Some(Cell::Text(t))) => &t.key == want,
            _ => false,
        })?;
    rule.retirement_date(*birth)
}

fn condition(plan: &Plan, staff: &StaffRow, cond: &Cond) -> Truth {
    condition_in(plan, staff, None, cond)
}

/// Whether a target's condition holds for one person, given their own verdicts (which `meets`
/// reads): `None` when the data cannot tell.
pub(crate) fn target_truth(
    plan: &Plan,
    staff: &StaffRow,
    verdicts: &PersonResult,
    cond: &Cond,
) -> Option<bool> {
    match condition_in(plan, staff, Some(verdicts), cond) {
        Truth::Yes => Some(true),
        Truth::No => Some(false),
        Truth::Unknown(_) => None,
    }
}

fn condition_in(
    plan: &Plan,
    staff: &StaffRow,
    verdicts: Option<&PersonResult>,
    cond: &Cond,
) -> Truth {
    match cond {
        Cond::And(parts) => {
            let mut unknown = None;
            for p in parts {
                match condition_in(plan, staff, verdicts, p) {
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
                match condition_in(plan, staff, verdicts, p) {
                    Truth::Yes => return Truth::Yes,
                    Truth::Unknown(w) => unknown = unknown.or(Some(w)),
                    Truth::No => {}
                }
            }
            unknown.map_or(Truth::No, Truth::Unknown)
        }
        Cond::Not(inner) => match condition_in(plan, staff, verdicts, inner) {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            u => u,
        },
        Cond::Truthy(field) => match *value(plan, staff, *field) {
            Cell::Bool(b) => truth(b),
            _ => Truth::Unknown(Why::Field(*field)),
        },
        Cond::Compare {
            field,
            op,
            value: Const::Today,
        } => match *value(plan, staff, *field) {
            Cell::Date(d) => truth(holds(*op, d.cmp(&plan.as_of))),
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
        Cond::Holds { kind, key } => {
            let is = |id: u32| plan.subjects[id as usize].key == *key;
            match kind {
                SubjectKind::Rank => match staff.rank {
                    Some(r) => truth(is(r)),
                    None if staff.rank_text.is_empty() => Truth::Unknown(Why::Message(tr!(
                        plan.lang,
                        "không ghi ngạch nên không xác định được ngạch đang giữ",
                        "the rank is not given, so it cannot tell which rank is held"
                    ))),
                    None => Truth::No,
                },
                SubjectKind::Position => {
                    truth(staff.positions.iter().any(|p| p.subject.is_some_and(is)))
                }
                // nobody holds a named standard (the grammar cannot say `holds standard`)
                SubjectKind::Standard => Truth::No,
            }
        }
        Cond::Meets(label) => match verdicts {
            Some(r) => meets(plan, r, label.as_deref()),
            None => Truth::Unknown(Why::Message(
                "`meets` reads the person's own verdicts, which a criterion does not have"
                    .to_string(),
            )),
        },
        Cond::Contains { field, words } => match &*value(plan, staff, *field) {
            Cell::Text(t) => truth(words.iter().any(|w| t.key.contains(w.as_str()))),
            _ => Truth::Unknown(Why::Field(*field)),
        },
        Cond::Planned { kind, key, field } => match plan.cell(staff, *field) {
            Some(Cell::Text(_) | Cell::Empty) => truth(planned_posts(plan, staff).iter().any(
                |(text, subject)| match subject {
                    Some(id) => {
                        let s = &plan.subjects[*id as usize];
                        s.kind == *kind && s.key == *key
                    }
                    None => crate::normalize::text_key(text) == *key,
                },
            )),
            _ => Truth::Unknown(Why::Field(*field)),
        },
        Cond::Yearly {
            years,
            last,
            at_least,
            op,
            value: want,
            ..
        } => {
            let (mut yes, mut unknown) = (0u32, None);
            let mut unknowns = 0u32;
            for year in crate::ruleset::window(plan.as_of, *last) {
                let Some(f) = years.field(year) else {
                    unknowns += 1;
                    continue;
                };
                let cell = value(plan, staff, f);
                let ordering = if op.is_ordering() {
                    compare(&cell, want)
                } else {
                    same(&cell, want)
                };
                match ordering {
                    Some(ord) if holds(*op, ord) => yes += 1,
                    Some(_) => {
                        if at_least.is_none() {
                            return Truth::No;
                        }
                    }
                    None => {
                        unknowns += 1;
                        unknown = unknown.or(Some(f));
                    }
                }
            }
            let need = at_least.unwrap_or(*last);
            if yes >= need {
                Truth::Yes
            } else if yes + unknowns < need {
                Truth::No
            } else {
                match unknown {
                    Some(f) => Truth::Unknown(Why::Field(f)),
                    None => Truth::Unknown(Why::Message(tr!(
                        plan.lang,
                        "các năm cần xét nằm ngoài các năm danh sách có thể ghi",
                        "the years asked for are outside the years a roster can give"
                    ))),
                }
            }
        }
        Cond::IsEmpty(field) => match plan.cell(staff, *field) {
            Some(Cell::Empty) => Truth::Yes,
            None | Some(Cell::Absent) => Truth::Unknown(Why::Field(*field)),
            Some(_) => Truth::No,
        },
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

/// The posts a person is planned for (quy hoạch), as written, with the subject each names when
/// the rules know it: several in one cell, separated by `;`, `,` or line breaks.
pub(crate) fn planned_posts(plan: &Plan, staff: &StaffRow) -> Vec<(String, Option<u32>)> {
    let Some(field) = plan
        .fields
        .iter()
        .position(|f| f.name == crate::check::PLANNED_FIELD)
    else {
        return Vec::new();
    };
    let Some(Cell::Text(t)) = plan.cell(staff, field) else {
        return Vec::new();
    };
    t.raw
        .split([';', ',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let subject = plan.find_position(p).or_else(|| plan.find_rank(p));
            (p.to_string(), subject)
        })
        .collect()
}

/// The findings of a person against a post or rank they might enter (`target`): first its
/// `appoint` / `promote` conditions, read on the person as they are; then the standards of
/// holding it, read as if the person held it from the evaluation date (their `starts` date is
/// that day, so a duty "within 12 months of appointment" is pending, not unmet).
pub(crate) fn entry_findings(plan: &Plan, staff: &StaffRow, target: u32) -> Vec<EntryFinding> {
    let subject = &plan.subjects[target as usize];
    let mut findings = Vec::new();
    let mut script_staff = None;
    for &ci in &subject.entries {
        let c = &plan.criteria[ci as usize];
        if let Some(finding) = criterion(plan, staff, ci, c, &mut script_staff) {
            findings.push(EntryFinding {
                finding,
                actual: actual_text(plan, staff, &c.fields),
                entry: true,
            });
        }
    }
    let mut holder = staff.clone();
    match subject.kind {
        SubjectKind::Rank => holder.rank = Some(target),
        SubjectKind::Position => {
            holder.positions = vec![crate::staff::HeldPosition {
                text: subject.name.clone().into(),
                subject: Some(target),
            }]
            .into();
        }
        // `eligible --for` names ranks and positions only
        SubjectKind::Standard => {}
    }
    if let Some(slot) = plan.starts_field(subject.kind).and_then(|f| plan.slots[f]) {
        holder.cells[slot as usize] = Cell::Date(plan.as_of);
    }
    let mut holder_script = None;
    for &ci in &subject.criteria {
        let c = &plan.criteria[ci as usize];
        if let Some(mut finding) = criterion(plan, &holder, ci, c, &mut holder_script) {
            // a duty with a grace period from the appointment (a course within 12 months) cannot
            // bar entry even when the roster does not say whether it is done
            if finding.verdict == Verdict::Unknown
                && let Relief::Pending(deadline, reason, i) = relief(plan, &holder, c)
            {
                finding.clause = Some(i);
                let unknown = finding.reason.take().unwrap_or_default();
                finding.verdict = Verdict::Pending;
                finding.deadline = Some(deadline);
                finding.reason = Some(
                    tr!(
                        plan.lang,
                        "{reason} (đã hoàn thành hay chưa: {unknown})",
                        "{reason} (whether done already: {unknown})"
                    )
                    .into(),
                );
            }
            findings.push(EntryFinding {
                finding,
                actual: actual_text(plan, &holder, &c.fields),
                entry: false,
            });
        }
    }
    findings
}

/// One condition of entering a post, for one person.
#[derive(Debug, Clone)]
pub(crate) struct EntryFinding {
    /// The verdict.
    pub finding: Finding,
    /// The values it read, as a person reads them.
    pub actual: String,
    /// True for an `appoint` / `promote` condition, false for a standard of holding the post.
    pub entry: bool,
}

/// `meets "criterion"`: no finding of that criterion is unmet or pending (one that does not apply
/// asks nothing); `meets all standards`: the person's status is `meets`.
fn meets(plan: &Plan, r: &PersonResult, label: Option<&str>) -> Truth {
    let Some(name) = label else {
        return match r.status {
            Status::Meets => Truth::Yes,
            Status::Gaps | Status::Pending => Truth::No,
            Status::Incomplete => Truth::Unknown(Why::Message(tr!(
                plan.lang,
                "một số tiêu chí của người này thiếu dữ liệu",
                "some of the person's criteria are unknown"
            ))),
            Status::Unmatched | Status::NoStandard => Truth::Unknown(Why::Message(tr!(
                plan.lang,
                "không có chuẩn nào của chức danh người này để đánh giá",
                "no standard of the person's title could be audited"
            ))),
        };
    };
    let mut unknown = false;
    for f in r
        .findings
        .iter()
        .filter(|f| plan.criteria[f.criterion as usize].name == name)
    {
        match f.verdict {
            Verdict::Unmet | Verdict::Pending => return Truth::No,
            Verdict::Unknown => unknown = true,
            Verdict::Met | Verdict::Exempt => {}
        }
    }
    if unknown {
        Truth::Unknown(Why::Message(tr!(
            plan.lang,
            "`{name}` thiếu dữ liệu với người này",
            "`{name}` is unknown for the person"
        )))
    } else {
        Truth::Yes
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
    if f.derived.is_none() {
        return describe_cell(plan, f.name.as_str(), plan.cell(staff, field));
    }
    let mut inputs = Vec::new();
    field_inputs(&plan.fields, plan.retirement.as_ref(), field, &mut inputs);
    for input in inputs {
        let cell = plan.cell(staff, input);
        let usable = match plan.fields[input].kind {
            FieldKind::Date => matches!(cell, Some(Cell::Date(_))),
            _ => matches!(cell, Some(Cell::Level { .. } | Cell::Text(_))),
        };
        if !usable {
            let shown = plan.fields[input].name.as_str();
            return tr!(
                plan.lang,
                "`{}` cần `{shown}`: {}",
                "`{}` needs `{shown}`: {}",
                f.name,
                describe_cell(plan, shown, cell)
            );
        }
    }
    match &plan.retirement {
        Some(schedule) => tr!(
            plan.lang,
            "`{}` cần tuổi nghỉ hưu, nhưng lộ trình không có cho `{}` = {}",
            "`{}` needs a retirement age, and the schedule has none for `{}` = {}",
            f.name,
            plan.fields[schedule.sex].name,
            plan.cell(staff, schedule.sex)
                .map_or_else(String::new, |c| cell_text(plan, schedule.sex, c))
        ),
        None => tr!(
            plan.lang,
            "không tính được `{}`",
            "`{}` cannot be computed",
            f.name
        ),
    }
}

/// `actual` in reports: the value of each field the criterion reads.
pub(crate) fn actual_text(plan: &Plan, staff: &StaffRow, fields: &[FieldId]) -> String {
    let mut out = String::new();
    write_actual(&mut out, plan, staff, fields);
    out
}

/// [`actual_text`] appended to `out` (a report writing millions reuses one buffer).
pub(crate) fn write_actual(out: &mut String, plan: &Plan, staff: &StaffRow, fields: &[FieldId]) {
    match fields {
        [] => {}
        [one] => write_field_text(out, plan, staff, *one),
        many => {
            for (i, &f) in many.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                out.push_str(&plan.fields[f].name);
                out.push_str(": ");
                write_field_text(out, plan, staff, f);
            }
        }
    }
}

/// A field's value as a person reads it, appended to `out`; a derived number that cannot be
/// computed shows the values it is computed from instead ("birth_date 2006 (year only)").
fn write_field_text(out: &mut String, plan: &Plan, staff: &StaffRow, field: FieldId) {
    let cell = value(plan, staff, field);
    if plan.fields[field].derived.is_none() || !matches!(*cell, Cell::Absent) {
        return crate::render::write_cell_text(out, plan, field, &cell);
    }
    let mut inputs = Vec::new();
    field_inputs(&plan.fields, plan.retirement.as_ref(), field, &mut inputs);
    for (i, &f) in inputs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let input = plan.cell(staff, f).cloned().unwrap_or(Cell::Absent);
        out.push_str(&plan.fields[f].name);
        out.push(' ');
        crate::render::write_cell_text(out, plan, f, &input);
    }
}

/// The `staff` object scripts see: field name → level name, date text, number, text, bool,
/// or `()` when missing.
fn script_map(plan: &Plan, staff: &StaffRow) -> Map {
    let mut map = Map::new();
    for (id, f) in plan.fields.iter().enumerate() {
        let v = match value(plan, staff, id).into_owned() {
            Cell::Level { level, .. } => match f.kind {
                FieldKind::Scale(s) => {
                    Dynamic::from(plan.scales[s].levels[level as usize].name.clone())
                }
                _ => Dynamic::UNIT,
            },
            Cell::Date(d) => Dynamic::from(d.to_string()),
            Cell::Year(_) => Dynamic::UNIT,
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

/// Runs a criterion script. A field it reads that is missing for the person (`()`) makes the
/// answer unknown: `() == "Đại học"` is false in rhai, and a missing value must never pass or
/// fail silently.
fn run_script(plan: &Plan, ast: &rhai::AST, reads: &[String], staff: &Map) -> Truth {
    if let Some(missing) = reads
        .iter()
        .find(|name| staff.get(name.as_str()).is_some_and(Dynamic::is_unit))
        && let Some(field) = plan.fields.iter().position(|f| &f.name == missing)
    {
        return Truth::Unknown(Why::Field(field));
    }
    let mut scope = Scope::new();
    scope.push_constant("staff", staff.clone());
    let result = crate::script::with_time_limit(|| {
        plan.engine.eval_ast_with_scope::<Dynamic>(&mut scope, ast)
    });
    match result {
        Ok(v) if v.is_bool() => truth(v.as_bool().unwrap_or(false)),
        Ok(v) if v.is_unit() => Truth::Unknown(Why::Message(tr!(
            plan.lang,
            "script không cho kết quả với người này (thiếu giá trị cần dùng)",
            "the script has no answer for this person (a value it needs is missing)"
        ))),
        Ok(v) => Truth::Unknown(Why::Message(tr!(
            plan.lang,
            "script trả về `{v}`, không phải đúng / sai",
            "the script gave `{v}`, not true or false"
        ))),
        Err(e) if crate::script::is_time_limit(&e) => {
            let ms = crate::script::MAX_TIME.as_millis();
            Truth::Unknown(Why::Message(tr!(
                plan.lang,
                "script chạy quá {ms} ms với người này nên bị dừng",
                "the script ran longer than {ms} ms for this person and was stopped"
            )))
        }
        Err(e) => Truth::Unknown(Why::Message(tr!(
            plan.lang,
            "lỗi script: {}",
            "script error: {}",
            crate::script::describe_error(&e)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Truth, condition};
    use crate::check::load;
    use crate::date::Date;
    use crate::plan::Plan;
    use crate::ruleset::Cond;
    use crate::source::SourceFile;
    use crate::staff::{Cell, StaffRow};

    /// Three yes/no fields, each read by a criterion so that each has a cell.
    fn plan() -> Plan {
        let text = "field a: yes/no column \"A\"\nfield b: yes/no column \"B\"\nfield c: yes/no column \"C\"\nrank \"R\" { require a and b and c source \"x [V]\" }\n";
        let rules = load(vec![SourceFile::new("t.rules", text)])
            .unwrap_or_else(|_| panic!("test rules check clean"));
        let plan = Plan::for_date(&rules, Date::parse_iso("2025-12-31").unwrap(), "t");
        // the generated cells sit in these slots, or the test would compare unknown to unknown
        assert_eq!(&plan.slots[6..9], &[Some(0), Some(1), Some(2)]);
        plan
    }

    fn leaf() -> impl Strategy<Value = Cond> {
        (0usize..3).prop_map(|i| Cond::Truthy(i + 6)) // after the six built-in fields
    }

    fn tree() -> impl Strategy<Value = Cond> {
        leaf().prop_recursive(5, 40, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(Cond::And),
                prop::collection::vec(inner.clone(), 1..4).prop_map(Cond::Or),
                inner.prop_map(|c| Cond::Not(Box::new(c))),
            ]
        })
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Bool(true)),
            Just(Cell::Bool(false)),
            Just(Cell::Empty),
            Just(Cell::Absent),
        ]
    }

    /// Kleene's strong three-valued logic, by the tables.
    fn kleene(c: &Cond, cells: &[Cell], plan: &Plan) -> Option<bool> {
        match c {
            Cond::Truthy(f) => match plan.slots[*f].map(|s| &cells[s as usize]) {
                Some(Cell::Bool(b)) => Some(*b),
                _ => None,
            },
            Cond::Not(inner) => kleene(inner, cells, plan).map(|b| !b),
            Cond::And(parts) => {
                let values: Vec<Option<bool>> =
                    parts.iter().map(|p| kleene(p, cells, plan)).collect();
                if values.contains(&Some(false)) {
                    Some(false)
                } else if values.contains(&None) {
                    None
                } else {
                    Some(true)
                }
            }
            Cond::Or(parts) => {
                let values: Vec<Option<bool>> =
                    parts.iter().map(|p| kleene(p, cells, plan)).collect();
                if values.contains(&Some(true)) {
                    Some(true)
                } else if values.contains(&None) {
                    None
                } else {
                    Some(false)
                }
            }
            _ => unreachable!("only the connectives and yes/no fields are generated"),
        }
    }

    proptest! {
        /// `and`, `or` and `not` follow Kleene's tables on every combination of known and
        /// unknown values: an unknown never turns into a pass or a fail unless the known
        /// values decide it.
        #[test]
        fn connectives_follow_kleene(c in tree(), cells in prop::collection::vec(cell(), 3)) {
            let plan = plan();
            let staff = StaffRow {
                row: 2,
                id: String::new().into(),
                name: String::new().into(),
                unit: String::new().into(),
                rank_text: String::new().into(),
                rank: None,
                positions: Vec::new().into(),
                cells: cells.clone().into(),
                notes: Vec::new(),
            };
            let got = match condition(&plan, &staff, &c) {
                Truth::Yes => Some(true),
                Truth::No => Some(false),
                Truth::Unknown(_) => None,
            };
            prop_assert_eq!(got, kleene(&c, &cells, &plan));
        }
    }
}
