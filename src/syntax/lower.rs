//! pest pairs → AST, one function per grammar rule. The only module that touches `Pair`.
//! Mistakes the grammar accepts on purpose (`=>`, dd/mm/yyyy dates, unclosed strings) become
//! precise diagnostics here.

use pest::iterators::Pair;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::ast::{
    Amount, Anchor, Condition, Confirm, DateLit, Derived, Duration, Entry, EntryKind, Example,
    Exemption, Expect, Field, FieldType, Grace, GraceEnd, Include, Item, Level, Name, Op, Require,
    Retirement, RetirementLine, RuleFile, Scale, Subject, SubjectKind, Target, TargetClause, Test,
    TimeUnit, Training, Value, ValueKind,
};
use crate::syntax::grammar::Rule;

/// Turns pest's tree into AST nodes, collecting the diagnostics of accepted mistakes.
pub(crate) struct Lowerer {
    file: FileId,
    /// Problems found while lowering.
    pub diagnostics: Vec<Diagnostic>,
}

impl Lowerer {
    /// A lowerer for one file.
    pub(crate) fn new(file: FileId) -> Self {
        Lowerer {
            file,
            diagnostics: Vec::new(),
        }
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    /// `rule_file`.
    pub(crate) fn rule_file(&mut self, pair: Pair<'_, Rule>) -> RuleFile {
        let mut file = RuleFile {
            file: self.file,
            from: None,
            until: None,
            use_builtin: false,
            items: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::use_builtin => file.use_builtin = true,
                Rule::file_from => file.from = self.first_date(p),
                Rule::file_until => file.until = self.first_date(p),
                Rule::scale_decl => file.items.push(Item::Scale(self.scale(p))),
                Rule::field_decl => file.items.push(Item::Field(self.field(p))),
                Rule::derived_decl => file.items.push(Item::Derived(self.derived(p))),
                Rule::retirement_decl => file.items.push(Item::Retirement(self.retirement(p))),
                Rule::training_decl => file.items.push(Item::Training(self.training(p))),
                Rule::rank_decl => file
                    .items
                    .push(Item::Subject(Box::new(self.subject(p, SubjectKind::Rank)))),
                Rule::position_decl => file.items.push(Item::Subject(Box::new(
                    self.subject(p, SubjectKind::Position),
                ))),
                Rule::standard_decl => file.items.push(Item::Subject(Box::new(
                    self.subject(p, SubjectKind::Standard),
                ))),
                Rule::example_decl => file.items.push(Item::Example(self.example(p))),
                Rule::target_decl => file.items.push(Item::Target(Box::new(self.target(p)))),
                _ => {}
            }
        }
        file
    }

    fn name(&self, pair: Pair<'_, Rule>) -> Name {
        Name {
            text: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// `string`: the text between the quotes; an unclosed string is reported.
    fn string(&mut self, pair: Pair<'_, Rule>) -> Name {
        let outer = self.span(&pair);
        let mut text = Name {
            text: String::new(),
            span: outer,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string_text => text = self.name(p),
                Rule::unclosed => self.diagnostics.push(
                    Diagnostic::error(Code::UnclosedString, "this text has no closing `\"`")
                        .label(
                            outer,
                            "the text starts here and runs to the end of the line",
                        )
                        .help("texts stay on one line: add `\"` where the text ends"),
                ),
                _ => {}
            }
        }
        text
    }

    fn strings(&mut self, pair: Pair<'_, Rule>) -> Vec<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::string)
            .map(|p| self.string(p))
            .collect()
    }

    fn first_date(&mut self, pair: Pair<'_, Rule>) -> Option<DateLit> {
        let p = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::date_value)?;
        self.date(p)
    }

    /// `date_value`: checks it is a real date; a dd/mm/yyyy form is reported with its ISO form.
    fn date(&mut self, pair: Pair<'_, Rule>) -> Option<DateLit> {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: date_value has one child");
        let text = inner.as_str();
        match inner.as_rule() {
            Rule::slash_date => {
                let iso = Date::parse_roster(text).map(|d| d.to_string());
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidDate,
                        format!("dates in rule files are written yyyy-mm-dd, not `{text}`"),
                    )
                    .label(span, "day/month/year form")
                    .maybe_help(iso.map(|iso| format!("write `{iso}`"))),
                );
                None
            }
            _ => match Date::parse_iso(text) {
                Some(date) => Some(DateLit { date, span }),
                None => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidDate,
                            format!("`{text}` is not a calendar date"),
                        )
                        .label(span, "no such day")
                        .help("write a real date as yyyy-mm-dd, e.g. `2021-08-01`"),
                    );
                    None
                }
            },
        }
    }

    fn scale(&mut self, pair: Pair<'_, Rule>) -> Scale {
        let mut name = None;
        let mut label = None;
        let mut levels = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                Rule::string => label = Some(self.string(p)),
                Rule::level_decl => levels.push(self.level(p)),
                _ => {}
            }
        }
        Scale {
            name: name.expect("grammar: scale has a name"),
            label,
            levels,
        }
    }

    fn level(&mut self, pair: Pair<'_, Rule>) -> Level {
        let mut name = None;
        let mut aliases = Vec::new();
        let mut equals = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                Rule::aka_list => aliases = self.strings(p),
                Rule::level_equals => equals = self.strings(p).into_iter().next(),
                _ => {}
            }
        }
        Level {
            name: name.expect("grammar: level has a name"),
            aliases,
            equals,
        }
    }

    fn field(&mut self, pair: Pair<'_, Rule>) -> Field {
        let mut name = None;
        let mut ty = None;
        let mut columns = Vec::new();
        let mut empty_means = None;
        let mut per_year = None;
        let mut starts = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::field_name => name = Some(self.name(p)),
                Rule::per_year => per_year = Some(self.span(&p)),
                Rule::starts_clause => {
                    starts = Some(
                        if p.into_inner()
                            .any(|q| q.as_rule() == Rule::subject_kind && q.as_str() == "position")
                        {
                            SubjectKind::Position
                        } else {
                            SubjectKind::Rank
                        },
                    );
                }
                Rule::field_type => {
                    let span = self.span(&p);
                    let inner = p
                        .into_inner()
                        .next()
                        .expect("grammar: field_type has a child");
                    let t = match inner.as_rule() {
                        Rule::type_date => FieldType::Date,
                        Rule::type_number => FieldType::Number,
                        Rule::type_text => FieldType::Text,
                        Rule::type_yes_no => FieldType::YesNo,
                        _ => FieldType::Scale(self.name(inner)),
                    };
                    ty = Some((t, span));
                }
                Rule::column_list => columns = self.strings(p),
                Rule::empty_means => empty_means = self.strings(p).into_iter().next(),
                _ => {}
            }
        }
        Field {
            name: name.expect("grammar: field has a name"),
            ty,
            columns,
            empty_means,
            per_year,
            starts,
        }
    }

    fn derived(&mut self, pair: Pair<'_, Rule>) -> Derived {
        let mut name = None;
        let mut unit = TimeUnit::Years;
        let mut start = Anchor::Today;
        let mut end = Anchor::Today;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                Rule::time_unit
                    if p.clone().into_inner().next().map(|u| u.as_rule())
                        == Some(Rule::unit_months) =>
                {
                    unit = TimeUnit::Months;
                }
                Rule::derived_since => start = self.anchors(p).pop().unwrap_or(Anchor::Today),
                Rule::derived_until => end = self.anchors(p).pop().unwrap_or(Anchor::Today),
                Rule::derived_between => {
                    let mut both = self.anchors(p).into_iter();
                    start = both.next().unwrap_or(Anchor::Today);
                    end = both.next().unwrap_or(Anchor::Today);
                }
                _ => {}
            }
        }
        Derived {
            name: name.expect("grammar: derived has a name"),
            unit,
            start,
            end,
        }
    }

    fn anchors(&mut self, pair: Pair<'_, Rule>) -> Vec<Anchor> {
        let mut out = Vec::new();
        for p in pair.into_inner().filter(|p| p.as_rule() == Rule::anchor) {
            let Some(inner) = p.into_inner().next() else {
                continue;
            };
            let anchor = match inner.as_rule() {
                Rule::kw_retirement => Anchor::Retirement(self.span(&inner)),
                Rule::date_value => match self.date(inner) {
                    Some(d) => Anchor::Date(d),
                    None => Anchor::Today,
                },
                _ => Anchor::Field(self.name(inner)),
            };
            out.push(anchor);
        }
        out
    }

    /// `age`: a duration in months.
    fn duration(&mut self, pair: Pair<'_, Rule>) -> Duration {
        let span = self.span(&pair);
        let mut months = 0u32;
        let mut pending = 0u32;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::number => {
                    let n = p.as_str().parse::<f64>().unwrap_or(0.0);
                    if n < 0.0 || n.fract() != 0.0 || n > 1200.0 {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::Syntax,
                                format!(
                                    "`{}` is not a whole number of years or months",
                                    p.as_str()
                                ),
                            )
                            .label(self.span(&p), "expected a whole number from 0 to 1200"),
                        );
                    }
                    pending = n.clamp(0.0, 1200.0) as u32;
                }
                Rule::unit_years => months += pending * 12,
                Rule::unit_months => months += pending,
                _ => {}
            }
        }
        Duration { months, span }
    }

    fn retirement(&mut self, pair: Pair<'_, Rule>) -> Retirement {
        let span = self.span(&pair);
        let mut names = Vec::new();
        let mut source = None;
        let mut lines = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.name(p)),
                Rule::source_stmt => source = self.strings(p).into_iter().next(),
                Rule::retirement_line => lines.push(self.retirement_line(p)),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Retirement {
            birth: names
                .next()
                .expect("grammar: retirement names a birth field"),
            sex: names.next().expect("grammar: retirement names a sex field"),
            source,
            lines,
            span,
        }
    }

    fn retirement_line(&mut self, pair: Pair<'_, Rule>) -> RetirementLine {
        let mut sex = None;
        let mut ages = Vec::new();
        let mut years = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => sex = Some(self.string(p)),
                Rule::age => ages.push(self.duration(p)),
                Rule::number => years.push((
                    p.as_str().parse::<f64>().unwrap_or(0.0) as u32,
                    self.span(&p),
                )),
                _ => {}
            }
        }
        if let [(before, _), (first, span)] = years[..]
            && before != first
        {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("the schedule changes in {before} but starts rising in {first}"),
                )
                .label(span, format!("expected {before}"))
                .help("write the same year twice: `60 years before 2021, 60 years 3 months in 2021, …`"),
            );
        }
        let zero = Duration {
            months: 0,
            span: Span::new(self.file, 0, 0),
        };
        let age = |i: usize| ages.get(i).copied().unwrap_or(zero);
        RetirementLine {
            sex: sex.expect("grammar: retirement line names a sex"),
            before: age(0),
            year: years.get(1).map_or(0, |y| y.0),
            first: age(1),
            step: age(2),
            last: age(3),
        }
    }

    fn training(&mut self, pair: Pair<'_, Rule>) -> Training {
        let mut texts = Vec::new();
        let mut months = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => texts.push(self.string(p)),
                Rule::number => months = p.as_str().parse::<f64>().ok().map(|m| m as u32),
                _ => {}
            }
        }
        let mut texts = texts.into_iter();
        Training {
            code: texts.next().expect("grammar: training has a code"),
            title: texts.next(),
            months,
        }
    }

    fn subject(&mut self, pair: Pair<'_, Rule>, kind: SubjectKind) -> Subject {
        let whole = self.span(&pair);
        let mut subject = Subject {
            kind,
            name: Name {
                text: String::new(),
                span: whole,
            },
            code: None,
            aliases: Vec::new(),
            includes: Vec::new(),
            sources: Vec::new(),
            from: None,
            until: None,
            requires: Vec::new(),
            entries: Vec::new(),
            confirms: Vec::new(),
            no_standard: None,
            repealed_by: None,
            when: None,
            span: whole,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => {
                    subject.name = self.string(p);
                    subject.span = Span::new(self.file, whole.start, subject.name.span.end + 1);
                }
                Rule::code_clause => subject.code = self.strings(p).into_iter().next(),
                Rule::subject_when => {
                    let c = p.into_inner().find(|q| q.as_rule() == Rule::condition);
                    subject.when = c.map(|c| self.condition(c));
                }
                Rule::aka_list => subject.aliases = self.strings(p),
                Rule::includes_stmt => {
                    let (kind, name) = self.subject_ref(p);
                    subject.includes.push(Include { kind, name });
                }
                Rule::source_stmt => subject.sources.extend(self.strings(p)),
                Rule::from_stmt => subject.from = self.first_date(p),
                Rule::until_stmt => subject.until = self.first_date(p),
                Rule::require_stmt => subject.requires.push(self.require(p)),
                Rule::entry_stmt => {
                    let kind = match p
                        .clone()
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::entry_kind)
                    {
                        Some(k) if k.as_str() == "promote" => EntryKind::Promote,
                        _ => EntryKind::Appoint,
                    };
                    subject.entries.push(Entry {
                        kind,
                        require: self.require(p),
                    });
                }
                Rule::confirm_stmt => {
                    let mut label = None;
                    let mut confirm_source = None;
                    let (mut from, mut until) = (None, None);
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::string => label = Some(self.string(q)),
                            Rule::source_stmt => {
                                confirm_source = self.strings(q).into_iter().next()
                            }
                            Rule::from_stmt => from = self.first_date(q),
                            Rule::until_stmt => until = self.first_date(q),
                            _ => {}
                        }
                    }
                    if let Some(label) = label {
                        subject.confirms.push(Confirm {
                            label,
                            source: confirm_source,
                            from,
                            until,
                        });
                    }
                }
                Rule::no_standard_stmt => subject.no_standard = self.strings(p).into_iter().next(),
                Rule::repealed_stmt => subject.repealed_by = self.strings(p).into_iter().next(),
                _ => {}
            }
        }
        subject
    }

    /// `rank "…"` / `position "…"` inside `includes` and `holds`.
    fn subject_ref(&mut self, pair: Pair<'_, Rule>) -> (SubjectKind, Name) {
        let span = self.span(&pair);
        let mut kind = SubjectKind::Rank;
        let mut name = Name {
            text: String::new(),
            span,
        };
        for q in pair.into_inner() {
            match q.as_rule() {
                Rule::subject_kind if q.as_str() == "position" => kind = SubjectKind::Position,
                Rule::kw_standard => kind = SubjectKind::Standard,
                Rule::string => name = self.string(q),
                _ => {}
            }
        }
        (kind, name)
    }

    fn require(&mut self, pair: Pair<'_, Rule>) -> Require {
        let span = self.span(&pair);
        let mut req = Require {
            label: None,
            test: Test::Condition(Condition::And(Vec::new())),
            when: None,
            train: None,
            source: None,
            from: None,
            until: None,
            exempt: Vec::new(),
            grace: Vec::new(),
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => req.label = Some(self.string(p)),
                Rule::exempt_clause => {
                    let mut reason = None;
                    let mut condition = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::string => reason = Some(self.string(q)),
                            Rule::condition => condition = Some(self.condition(q)),
                            _ => {}
                        }
                    }
                    req.exempt.push(Exemption {
                        reason,
                        condition: condition.expect("grammar: exempt has a condition"),
                    });
                }
                Rule::grace_clause => {
                    if let Some(g) = self.grace(p) {
                        req.grace.push(g);
                    }
                }
                Rule::condition => req.test = Test::Condition(self.condition(p)),
                Rule::case_list => {
                    let mut cases = Vec::new();
                    for item in p.into_inner() {
                        let mut conds = item
                            .into_inner()
                            .filter(|q| q.as_rule() == Rule::condition)
                            .map(|q| self.condition(q));
                        if let (Some(guard), Some(test)) = (conds.next(), conds.next()) {
                            cases.push(crate::syntax::ast::Case { guard, test });
                        }
                    }
                    req.test = Test::Cases(cases);
                }
                Rule::script_condition => {
                    let text = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::script_text)
                        .expect("grammar: script has text");
                    req.test = Test::Script {
                        text: text.as_str().to_string(),
                        span: self.span(&text),
                    };
                }
                Rule::when_clause => {
                    let c = p.into_inner().find(|q| q.as_rule() == Rule::condition);
                    req.when = c.map(|c| self.condition(c));
                }
                Rule::train_clause => req.train = self.strings(p).into_iter().next(),
                Rule::source_stmt => req.source = self.strings(p).into_iter().next(),
                Rule::from_stmt => req.from = self.first_date(p),
                Rule::until_stmt => req.until = self.first_date(p),
                _ => {}
            }
        }
        req
    }

    fn grace(&mut self, pair: Pair<'_, Rule>) -> Option<Grace> {
        let mut reason = None;
        let mut end = None;
        let mut condition = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => reason = Some(self.string(p)),
                Rule::grace_until => end = self.first_date(p).map(GraceEnd::Until),
                Rule::grace_after => {
                    let mut length = None;
                    let mut field = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::age => length = Some(self.duration(q)),
                            Rule::name => field = Some(self.name(q)),
                            _ => {}
                        }
                    }
                    end = Some(GraceEnd::After {
                        length: length.expect("grammar: grace has a length"),
                        field: field.expect("grammar: grace names a field"),
                    });
                }
                Rule::condition => condition = Some(self.condition(p)),
                _ => {}
            }
        }
        Some(Grace {
            reason,
            end: end?,
            condition,
        })
    }

    fn condition(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: condition has an or_expr");
        self.or_expr(inner)
    }

    fn or_expr(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut parts: Vec<Condition> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::and_expr)
            .map(|p| self.and_expr(p))
            .collect();
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Condition::Or(parts)
        }
    }

    fn and_expr(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut parts: Vec<Condition> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::not_expr)
            .map(|p| self.not_expr(p))
            .collect();
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Condition::And(parts)
        }
    }

    fn not_expr(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut result = None;
        for p in pair.into_inner() {
            result = match p.as_rule() {
                Rule::negation => {
                    let inner = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::not_expr)
                        .expect("grammar: not has an operand");
                    Some(Condition::Not(Box::new(self.not_expr(inner))))
                }
                Rule::condition => Some(self.condition(p)),
                Rule::comparison => Some(self.comparison(p)),
                Rule::membership => Some(self.membership(p)),
                Rule::holding => {
                    let (kind, name) = self.subject_ref(p);
                    Some(Condition::Holds { kind, name })
                }
                Rule::planning => {
                    let (kind, name) = self.subject_ref(p);
                    Some(Condition::Planned { kind, name })
                }
                Rule::yearly => Some(self.yearly(p)),
                Rule::emptiness => {
                    let n = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::name)
                        .expect("grammar: is empty has a field");
                    Some(Condition::IsEmpty(self.name(n)))
                }
                Rule::meeting => {
                    let span = self.span(&p);
                    let label = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::string)
                        .map(|q| self.string(q));
                    Some(Condition::Meets(label, span))
                }
                Rule::containment => {
                    let mut field = None;
                    let mut words = Vec::new();
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::name => field = Some(self.name(q)),
                            Rule::string => words.push(self.string(q)),
                            _ => {}
                        }
                    }
                    Some(Condition::Contains {
                        field: field.expect("grammar: contains has a field"),
                        words,
                    })
                }
                Rule::field_test => {
                    let n = p
                        .into_inner()
                        .next()
                        .expect("grammar: field_test has a name");
                    Some(Condition::Field(self.name(n)))
                }
                _ => result,
            };
        }
        result.expect("grammar: not_expr has an operand")
    }

    /// `each of last N years FIELD OP VALUE` / `at least K of last N years …`.
    fn yearly(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut at_least = None;
        let mut last = 0;
        let mut field = None;
        let mut op = Op::Eq;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::at_least_count => {
                    at_least = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::number)
                        .map(|q| q.as_str().parse::<f64>().unwrap_or(0.0).max(0.0) as u32);
                }
                Rule::number => last = p.as_str().parse::<f64>().unwrap_or(0.0).max(0.0) as u32,
                Rule::name => field = Some(self.name(p)),
                Rule::operator => op = self.operator(p),
                Rule::value => value = Some(self.value(p)),
                _ => {}
            }
        }
        Condition::Yearly {
            at_least,
            last,
            field: field.expect("grammar: yearly has a field"),
            op,
            value: value.expect("grammar: yearly has a value"),
        }
    }

    fn comparison(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut field = None;
        let mut op = Op::Eq;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => field = Some(self.name(p)),
                Rule::operator => op = self.operator(p),
                Rule::value => value = Some(self.value(p)),
                _ => {}
            }
        }
        Condition::Compare {
            field: field.expect("grammar: comparison has a field"),
            op,
            value: value.expect("grammar: comparison has a value"),
        }
    }

    fn operator(&mut self, pair: Pair<'_, Rule>) -> Op {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: operator has a child");
        match inner.as_rule() {
            Rule::op_ge => Op::Ge,
            Rule::op_le => Op::Le,
            Rule::op_ne => Op::Ne,
            Rule::op_eq => Op::Eq,
            Rule::op_gt => Op::Gt,
            Rule::op_lt => Op::Lt,
            _ => {
                let written = inner.as_str();
                let (meant, op) = match written {
                    "=>" => (">=", Op::Ge),
                    "=<" => ("<=", Op::Le),
                    "<>" => ("!=", Op::Ne),
                    _ => ("==", Op::Eq),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidOperator,
                        format!("`{written}` is not a comparison operator"),
                    )
                    .label(span, "not an operator")
                    .help(format!(
                        "try `{meant}`; the operators are >=, >, <=, <, == and !="
                    )),
                );
                op
            }
        }
    }

    fn membership(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let mut field = None;
        let mut values = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => field = Some(self.name(p)),
                Rule::value => values.push(self.value(p)),
                _ => {}
            }
        }
        Condition::In {
            field: field.expect("grammar: membership has a field"),
            values,
        }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: value has a child");
        let kind = match inner.as_rule() {
            Rule::date_value => match self.date(inner) {
                Some(d) => ValueKind::Date(d.date),
                None => ValueKind::Text(String::new()),
            },
            Rule::number => ValueKind::Number(inner.as_str().parse().unwrap_or(0.0)),
            Rule::string => {
                let s = self.string(inner);
                return Value {
                    kind: ValueKind::Text(s.text),
                    span: s.span,
                };
            }
            Rule::kw_yes => ValueKind::Bool(true),
            Rule::kw_today => ValueKind::Today,
            _ => ValueKind::Bool(false),
        };
        Value { kind, span }
    }

    /// `target "label" by DATE { … }`.
    fn target(&mut self, pair: Pair<'_, Rule>) -> Target {
        let mut target = Target {
            name: Name {
                text: String::new(),
                span: self.span(&pair),
            },
            by: None,
            sources: Vec::new(),
            from: None,
            until: None,
            clauses: Vec::new(),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => target.name = self.string(p),
                Rule::date_value => target.by = self.date(p),
                Rule::source_stmt => target.sources.extend(self.strings(p)),
                Rule::from_stmt => target.from = self.first_date(p),
                Rule::until_stmt => target.until = self.first_date(p),
                Rule::target_clause => target.clauses.push(self.target_clause(p)),
                _ => {}
            }
        }
        target
    }

    fn target_clause(&mut self, pair: Pair<'_, Rule>) -> TargetClause {
        let span = self.span(&pair);
        let mut amount = Amount::AtLeastShare(100.0);
        let mut population = None;
        let mut have = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::share_bound | Rule::people_bound | Rule::share_between => {
                    let rule = p.as_rule();
                    let mut at_most = false;
                    let mut numbers = Vec::new();
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::bound => {
                                at_most = q
                                    .into_inner()
                                    .next()
                                    .is_some_and(|k| k.as_rule() == Rule::kw_at_most)
                            }
                            Rule::percent => numbers.push(
                                q.as_str()
                                    .trim_end_matches('%')
                                    .parse::<f64>()
                                    .unwrap_or(0.0),
                            ),
                            Rule::number => numbers.push(q.as_str().parse::<f64>().unwrap_or(0.0)),
                            _ => {}
                        }
                    }
                    let first = numbers.first().copied().unwrap_or(0.0);
                    amount = match (rule, at_most) {
                        (Rule::share_between, _) => {
                            Amount::BetweenShares(first, numbers.get(1).copied().unwrap_or(first))
                        }
                        (Rule::people_bound, false) => Amount::AtLeastPeople(first as u32),
                        (Rule::people_bound, true) => Amount::AtMostPeople(first as u32),
                        (_, false) => Amount::AtLeastShare(first),
                        (_, true) => Amount::AtMostShare(first),
                    };
                }
                Rule::where_clause => {
                    population = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::condition)
                        .map(|q| self.condition(q));
                }
                Rule::condition => have = Some(self.condition(p)),
                _ => {}
            }
        }
        TargetClause {
            amount,
            population,
            have: have.expect("grammar: a target clause has `have CONDITION`"),
            span,
        }
    }

    fn example(&mut self, pair: Pair<'_, Rule>) -> Example {
        let mut name = None;
        let mut on = None;
        let mut for_subject = None;
        let mut people: Vec<Vec<(Name, Name)>> = Vec::new();
        let mut expects = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                Rule::date_value => on = self.date(p),
                Rule::example_for => for_subject = Some(self.subject_ref(p)),
                Rule::staff_block => {
                    let mut staff = Vec::new();
                    for entry in p.into_inner().filter(|q| q.as_rule() == Rule::staff_entry) {
                        let mut field = None;
                        let mut value = None;
                        for q in entry.into_inner() {
                            match q.as_rule() {
                                Rule::field_name => field = Some(self.name(q)),
                                Rule::string => value = Some(self.string(q)),
                                _ => {}
                            }
                        }
                        if let (Some(f), Some(v)) = (field, value) {
                            staff.push((f, v));
                        }
                    }
                    people.push(staff);
                }
                Rule::expect_stmt => {
                    if let Some(e) = self.expect(p) {
                        expects.push(e);
                    }
                }
                _ => {}
            }
        }
        let mut people = people.into_iter();
        Example {
            name: name.expect("grammar: example has a name"),
            on,
            for_subject,
            staff: people.next().unwrap_or_default(),
            more_staff: people.collect(),
            expects,
        }
    }

    fn expect(&mut self, pair: Pair<'_, Rule>) -> Option<Expect> {
        let inner = pair.into_inner().find(|p| {
            matches!(
                p.as_rule(),
                Rule::expect_verdict
                    | Rule::expect_status
                    | Rule::expect_target
                    | Rule::expect_eligibility
            )
        })?;
        match inner.as_rule() {
            Rule::expect_eligibility => {
                let s = inner
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::eligibility_status)?;
                Some(Expect::Eligibility(self.name(s)))
            }
            Rule::expect_target => {
                let mut label = None;
                let mut short = 0;
                for q in inner.into_inner() {
                    match q.as_rule() {
                        Rule::string => label = Some(self.string(q)),
                        Rule::number => short = q.as_str().parse().unwrap_or(0),
                        _ => {}
                    }
                }
                Some(Expect::Target {
                    label: label?,
                    short,
                })
            }
            Rule::expect_status => {
                let s = inner
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::person_status)?;
                Some(Expect::Status(self.name(s)))
            }
            _ => {
                let mut verdict = None;
                let mut criterion = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::verdict => verdict = Some(self.name(p)),
                        Rule::name => criterion = Some(self.name(p)),
                        Rule::string => criterion = Some(self.string(p)),
                        _ => {}
                    }
                }
                Some(Expect::Verdict {
                    verdict: verdict?,
                    criterion: criterion?,
                })
            }
        }
    }
}
