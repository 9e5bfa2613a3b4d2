//! Static warnings on checked rules: what loads but is contradictory or dead. `check` shows
//! them, `check --deny-warnings` refuses them; audits run regardless. Each has a stable code:
//! `never-holds`, `period-gap`, `duplicate-criterion`, `weaker-include`, `grace-before-from`,
//! `ended-without-successor`.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use crate::ruleset::{Cond, Const, Criterion, Deadline, FieldKind, Period, RuleSet, Subject};
use crate::source::Span;
use crate::syntax::ast::Op;

/// Every warning of `rules`, read on `as_of` where a date matters (a standard that ended
/// before it).
pub fn warnings(rules: &RuleSet, as_of: Date) -> Diagnostics {
    let mut out = Diagnostics::new();
    for s in &rules.subjects {
        for c in s.criteria.iter().chain(&s.entries) {
            never_holds_in(rules, s, c, &mut out);
            grace_before_from(rules, s, c, &mut out);
        }
        criteria_cover_period(rules, s, &mut out);
    }
    version_gaps(rules, as_of, &mut out);
    included_copies(rules, &mut out);
    out
}

/// The first line of a span: a `require` with its clauses, or a rank with its body, is shown
/// by the line that starts it.
fn first_line(rules: &RuleSet, span: Span) -> Span {
    let text = &rules.sources.get(span.file).text;
    let end = text
        .get(span.start..span.end)
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |n| {
            span.start + t_trim_end(&text[span.start..span.start + n])
        });
    Span::new(span.file, span.start, end)
}

/// The length of `line` without trailing blanks.
fn t_trim_end(line: &str) -> usize {
    line.trim_end().len()
}

fn subject_label(s: &Subject) -> String {
    format!("{} \"{}\"", s.kind.keyword(), s.name)
}

fn never_holds_in(rules: &RuleSet, s: &Subject, c: &Criterion, out: &mut Diagnostics) {
    let mut clauses: Vec<(&str, &Cond)> = Vec::new();
    match &c.test {
        crate::ruleset::Test::Cond(cond) => clauses.push(("the requirement", cond)),
        crate::ruleset::Test::Cases(cases) => {
            for k in cases {
                clauses.push(("a `case` guard", &k.guard));
                clauses.push(("a `case` requirement", &k.test));
            }
        }
        crate::ruleset::Test::Script { .. } => {}
    }
    if let Some(w) = &c.when {
        clauses.push(("the `when`", w));
    }
    for e in &c.exemptions {
        clauses.push(("an `exempt` clause", &e.cond));
    }
    for g in &c.grace {
        if let Some(cond) = &g.cond {
            clauses.push(("a `grace` clause", cond));
        }
    }
    for (what, cond) in clauses {
        if never_holds(rules, cond) {
            out.push(
                Diagnostic::warning(
                    Code::NeverHolds,
                    format!(
                        "{what} of `{}` on {} can never hold",
                        c.name,
                        subject_label(s)
                    ),
                )
                .label(
                    first_line(rules, c.origin.span),
                    "contradictory bounds, or a level beyond its scale",
                )
                .help(match what {
                    "the requirement" | "a `case` requirement" => {
                        "as written nobody can meet it: check the operators and levels"
                    }
                    "the `when`" => {
                        "as written the criterion applies to nobody: check the operators and levels"
                    }
                    _ => "as written the clause helps nobody: check the operators and levels",
                }),
            );
        }
    }
}

/// A value on a line: a level's order, a number, or a date (as yyyymmdd).
fn point(rules: &RuleSet, field: usize, value: &Const) -> Option<f64> {
    match value {
        Const::Level { order, .. } => Some(f64::from(*order)),
        Const::Number(n) => Some(*n),
        Const::Date(d) => Some(f64::from(d.year() * 10_000 + d.month() * 100 + d.day())),
        _ => {
            let _ = (rules, field);
            None
        }
    }
}

/// The highest order of a scale field's levels.
fn scale_top(rules: &RuleSet, field: usize) -> Option<f64> {
    match rules.fields.get(field)?.kind {
        FieldKind::Scale(sid) => rules.scales[sid]
            .levels
            .iter()
            .map(|l| f64::from(l.order))
            .reduce(f64::max),
        _ => None,
    }
}

/// True when no value of the fields can make `cond` hold: an `and` whose bounds on one field
/// leave nothing between them, two different `==` on one field, a level compared beyond the
/// ends of its scale; an `or` of such branches. `not` and everything else are taken to hold
/// sometimes.
fn never_holds(rules: &RuleSet, cond: &Cond) -> bool {
    match cond {
        Cond::Or(cs) => cs.iter().all(|c| never_holds(rules, c)),
        Cond::And(cs) => {
            cs.iter().any(|c| never_holds(rules, c)) || {
                let mut bounds: HashMap<usize, Bounds> = HashMap::new();
                for c in cs {
                    if let Cond::Compare { field, op, value } = c {
                        bounds
                            .entry(*field)
                            .or_insert_with(|| Bounds::of_field(rules, *field))
                            .add(rules, *field, *op, value);
                    }
                }
                bounds.values().any(Bounds::empty)
            }
        }
        Cond::Compare { field, op, value } => {
            let mut b = Bounds::of_field(rules, *field);
            b.add(rules, *field, *op, value);
            b.empty()
        }
        _ => false,
    }
}

/// The values a field may take under some comparisons: a closed interval (levels are whole
/// orders, so `> X` is `>= X + 1`), and the constant of an `==`.
struct Bounds {
    low: f64,
    high: f64,
    /// Whole steps (levels): strict bounds move by one.
    discrete: bool,
    low_strict: bool,
    high_strict: bool,
    equal: Option<Const>,
    equal_clash: bool,
}

impl Bounds {
    fn of_field(rules: &RuleSet, field: usize) -> Bounds {
        let top = scale_top(rules, field);
        Bounds {
            low: if top.is_some() {
                0.0
            } else {
                f64::NEG_INFINITY
            },
            high: top.unwrap_or(f64::INFINITY),
            discrete: top.is_some(),
            low_strict: false,
            high_strict: false,
            equal: None,
            equal_clash: false,
        }
    }

    fn add(&mut self, rules: &RuleSet, field: usize, op: Op, value: &Const) {
        if op == Op::Eq {
            match &self.equal {
                Some(other) if other != value => self.equal_clash = true,
                _ => self.equal = Some(value.clone()),
            }
        }
        let Some(v) = point(rules, field, value) else {
            return;
        };
        let step = if self.discrete { 1.0 } else { 0.0 };
        let (raise_low, lower_high) = match op {
            Op::Ge => (Some((v, false)), None),
            Op::Gt => (Some((v + step, !self.discrete)), None),
            Op::Le => (None, Some((v, false))),
            Op::Lt => (None, Some((v - step, !self.discrete))),
            Op::Eq => (Some((v, false)), Some((v, false))),
            Op::Ne => (None, None),
        };
        if let Some((v, strict)) = raise_low
            && (v > self.low || (v == self.low && strict))
        {
            self.low = v;
            self.low_strict = strict;
        }
        if let Some((v, strict)) = lower_high
            && (v < self.high || (v == self.high && strict))
        {
            self.high = v;
            self.high_strict = strict;
        }
    }

    fn empty(&self) -> bool {
        self.equal_clash
            || self.low > self.high
            || (self.low == self.high && (self.low_strict || self.high_strict))
    }
}

fn grace_before_from(rules: &RuleSet, s: &Subject, c: &Criterion, out: &mut Diagnostics) {
    let Some(from) = c.period.from else { return };
    for g in &c.grace {
        if let Deadline::Date(d) = g.deadline
            && d < from
        {
            out.push(
                Diagnostic::warning(
                    Code::GraceBeforeFrom,
                    format!(
                        "the grace period of `{}` on {} ends on {d}, before the criterion is in force ({from})",
                        c.name,
                        subject_label(s)
                    ),
                )
                .label(first_line(rules, c.origin.span), "this criterion")
                .help("a gap can never be pending under it: check the deadline or the `from`"),
            );
        }
    }
}

/// A version whose own criteria leave days of its period uncovered (when it includes nothing
/// that could cover them).
fn criteria_cover_period(rules: &RuleSet, s: &Subject, out: &mut Diagnostics) {
    if s.criteria.is_empty() || !s.includes.is_empty() || s.no_standard.is_some() {
        return;
    }
    let mut periods: Vec<Period> = s.criteria.iter().map(|c| c.period).collect();
    periods.sort_by_key(|p| p.from);
    // `next`: the first day not yet covered (None: the beginning of time)
    let mut next: Option<Date> = s.period.from;
    for p in &periods {
        if let Some(f) = p.from
            && next.is_none_or(|n| f > n)
        {
            gap(rules, s, next, Some(f), out);
            return;
        }
        let Some(u) = p.until else { return };
        let after = u.next_day();
        if next.is_none_or(|n| after.is_some_and(|a| a > n)) {
            next = after;
        }
    }
    if let Some(n) = next
        && s.period.until.is_none_or(|u| n <= u)
    {
        gap(rules, s, Some(n), None, out);
    }
}

fn gap(
    rules: &RuleSet,
    s: &Subject,
    from: Option<Date>,
    until_after: Option<Date>,
    out: &mut Diagnostics,
) {
    let from = from.map_or_else(|| "the start".to_string(), |d| d.to_string());
    let to = until_after.map_or_else(
        || match s.period.until {
            Some(u) => u.to_string(),
            None => "onwards".to_string(),
        },
        |d| format!("the day before {d}"),
    );
    out.push(
        Diagnostic::warning(
            Code::PeriodGap,
            format!(
                "{} has no criterion in force from {from} to {to}",
                subject_label(s)
            ),
        )
        .label(first_line(rules, s.span), "here")
        .help("its holders meet it without any test on those days: date the criteria to cover its whole period, or end it"),
    );
}

/// Versions of one rank or position with a hole between them, and one that ended before
/// `as_of` with nothing after it.
fn version_gaps(rules: &RuleSet, as_of: Date, out: &mut Diagnostics) {
    let mut groups: HashMap<(crate::syntax::ast::SubjectKind, String), Vec<&Subject>> =
        HashMap::new();
    let mut order = Vec::new();
    for s in &rules.subjects {
        let key = (s.kind, crate::normalize::text_key(&s.name));
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(s);
    }
    for key in order {
        let mut versions = groups.remove(&key).unwrap_or_default();
        versions.sort_by_key(|s| s.period.from);
        for pair in versions.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if let (Some(u), Some(f)) = (a.period.until, b.period.from)
                && u.next_day().is_some_and(|n| f > n)
            {
                out.push(
                    Diagnostic::warning(
                        Code::PeriodGap,
                        format!(
                            "{} is not in force from the day after {u} to the day before {f}",
                            subject_label(b)
                        ),
                    )
                    .label(first_line(rules, b.span), "this version starts later")
                    .label(first_line(rules, a.span), "the one before ends here")
                    .help("its holders come out unmatched on those days: close the gap, or declare a `no standard` version for it"),
                );
            }
        }
        // `repealed by "…"` says what ended it: a deliberate end, not a forgotten successor
        if let Some(last) = versions.last()
            && let Some(u) = last.period.until
            && u < as_of
            && last.repealed_by.is_none()
        {
            out.push(
                Diagnostic::warning(
                    Code::EndedWithoutSuccessor,
                    format!(
                        "{} ended on {u} and nothing is declared after it",
                        subject_label(last)
                    ),
                )
                .label(first_line(rules, last.span), "ends here")
                .help(format!(
                    "audits after {u} report its holders as having no standard; declare its successor, a version with `no standard \"why\"`, or `repealed by \"citation\"`"
                )),
            );
        }
    }
}

/// After includes, on every day the rules change: the same criterion twice on one rank or
/// position, and an included criterion weaker than one the rank already states.
fn included_copies(rules: &RuleSet, out: &mut Diagnostics) {
    // only the days the rules change for a rank or position that includes or is included
    let included: HashSet<(crate::syntax::ast::SubjectKind, String)> = rules
        .subjects
        .iter()
        .flat_map(|s| s.includes.iter().cloned())
        .collect();
    let mut days: BTreeSet<Date> = BTreeSet::new();
    for s in rules.subjects.iter().filter(|s| {
        !s.includes.is_empty() || included.contains(&(s.kind, crate::normalize::text_key(&s.name)))
    }) {
        for p in std::iter::once(&s.period).chain(s.criteria.iter().map(|c| &c.period)) {
            days.extend(p.from);
            days.extend(p.until.and_then(Date::next_day));
        }
    }
    // rules without a date anywhere: any day will do, and none is named
    let undated = days.is_empty();
    if undated {
        days.extend(Date::new(2000, 1, 1));
    }
    let mut said: HashSet<(Code, String, String)> = HashSet::new();
    for day in days {
        let plan = Plan::for_date(rules, day, "check");
        for s in &plan.subjects {
            for (i, &a) in s.criteria.iter().enumerate() {
                for &b in &s.criteria[i + 1..] {
                    let (ca, cb) = (&plan.criteria[a as usize], &plan.criteria[b as usize]);
                    if ca.name != cb.name || ca.location == cb.location {
                        continue;
                    }
                    let same = ca.required == cb.required && ca.when_written == cb.when_written;
                    let code = if same {
                        Code::DuplicateCriterion
                    } else if ca.rule != cb.rule && weaker(&cb.test, &ca.test) {
                        Code::WeakerInclude
                    } else {
                        continue;
                    };
                    if !said.insert((code, ca.location.clone(), cb.location.clone())) {
                        continue;
                    }
                    let (Some(span_a), Some(span_b)) = (
                        criterion_span(rules, &ca.location),
                        criterion_span(rules, &cb.location),
                    ) else {
                        continue;
                    };
                    let (span_a, span_b) = (first_line(rules, span_a), first_line(rules, span_b));
                    let owner = format!("{} \"{}\"", s.kind.keyword(), s.name);
                    let when = if undated {
                        String::new()
                    } else {
                        format!(" (in force together on {day})")
                    };
                    let d = if code == Code::DuplicateCriterion {
                        Diagnostic::warning(
                            code,
                            format!("`{}` applies twice to {owner}{when}", ca.name),
                        )
                        .label(span_b, format!("brought by {}", cb.rule))
                        .label(span_a, format!("already stated by {}", ca.rule))
                        .help("each person gets two identical findings: drop one, or the include")
                    } else {
                        Diagnostic::warning(
                            code,
                            format!(
                                "{} brings a weaker `{}` ({}) to {owner}, which requires {}{when}",
                                cb.rule, cb.name, cb.required, ca.required
                            ),
                        )
                        .label(span_b, "the weaker copy")
                        .label(span_a, "the stricter criterion")
                        .help("both are reported for each holder; give the weaker one a label or drop it")
                    };
                    out.push(d);
                }
            }
        }
    }
}

/// True when `weak` is `F >= X` and `strong` is `F >= Y` with X below Y.
fn weaker(weak: &crate::ruleset::Test, strong: &crate::ruleset::Test) -> bool {
    use crate::ruleset::Test;
    match (weak, strong) {
        (
            Test::Cond(Cond::Compare {
                field: f1,
                op: Op::Ge,
                value: Const::Level { order: o1, .. },
            }),
            Test::Cond(Cond::Compare {
                field: f2,
                op: Op::Ge,
                value: Const::Level { order: o2, .. },
            }),
        ) => f1 == f2 && o1 < o2,
        _ => false,
    }
}

/// The span of the criterion written at `file:line:col`.
fn criterion_span(rules: &RuleSet, location: &str) -> Option<crate::source::Span> {
    rules
        .subjects
        .iter()
        .flat_map(|s| s.criteria.iter().chain(&s.entries))
        .find(|c| c.origin.location == location)
        .map(|c| c.origin.span)
}
