//! Scales, levels, fields, derived fields and trainings: what criteria refer to.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::normalize::text_key;
use crate::ruleset::{
    ByYear, DerivedSpec, Field, FieldId, FieldKind, Level, Moment, RetirementRule,
    RetirementSchedule, Scale, SexKey, Training,
};
use crate::suggest::help_for;
use crate::syntax::ast::{self, FieldType, Item};

/// The years a `by year` field can be read for: ratings of the last years before any date an
/// office audits or plans for.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 2000..=2050;

use super::Checker;

impl Checker {
    /// Declares scales first (fields need them), then trainings, fields and derived fields.
    pub(super) fn declare(&mut self, files: &[ast::RuleFile]) {
        for item in files.iter().flat_map(|f| &f.items) {
            if let Item::Scale(s) = item {
                self.scale(s);
            }
        }
        for item in files.iter().flat_map(|f| &f.items) {
            match item {
                Item::Training(t) => self.training(t),
                Item::Field(f) => self.field(f),
                _ => {}
            }
        }
        for item in files.iter().flat_map(|f| &f.items) {
            if let Item::Retirement(r) = item {
                self.retirement(r);
            }
        }
        for item in files.iter().flat_map(|f| &f.items) {
            if let Item::Derived(d) = item {
                self.derived(d);
            }
        }
        self.column_conflicts();
    }

    fn scale(&mut self, s: &ast::Scale) {
        if let Some(&first) = self.scale_ids.get(&s.name.text) {
            let _ = first;
            self.error(
                Diagnostic::error(
                    Code::DuplicateScale,
                    format!("scale `{}` is declared twice", s.name.text),
                )
                .label(s.name.span, "declared again here")
                .help("give each scale one declaration; add levels to the first one"),
            );
            return;
        }
        let mut scale = Scale {
            name: s.name.text.clone(),
            label: s
                .label
                .as_ref()
                .map_or_else(|| s.name.text.clone(), |l| l.text.clone()),
            levels: Vec::new(),
            index: HashMap::new(),
        };
        let mut next_order: u8 = 0;
        for level in &s.levels {
            let order = match &level.equals {
                Some(other) => match scale.lookup(&text_key(&other.text)) {
                    Some(i) => scale.levels[i as usize].order,
                    None => {
                        let names = scale.level_names();
                        let help = help_for(&other.text, "levels declared above it", &names);
                        self.error(
                            Diagnostic::error(
                                Code::UnknownLevel,
                                format!(
                                    "`{}` is not a level of scale `{}` declared above this one",
                                    other.text, scale.name
                                ),
                            )
                            .label(other.span, "not an earlier level")
                            .maybe_help(help),
                        );
                        next_order
                    }
                },
                None => {
                    next_order = next_order.saturating_add(1);
                    next_order
                }
            };
            let index = scale.levels.len() as u16;
            for spelling in std::iter::once(&level.name).chain(&level.aliases) {
                let key = text_key(&spelling.text);
                if let Some(&prev) = scale.index.get(&key) {
                    // `prev == index`: the spelling repeats one of this very level
                    let prev_name = scale
                        .levels
                        .get(prev as usize)
                        .map_or_else(|| level.name.text.clone(), |l| l.name.clone());
                    self.error(
                        Diagnostic::error(
                            Code::DuplicateLevel,
                            format!(
                                "`{}` already names level `{prev_name}` of scale `{}`",
                                spelling.text, scale.name
                            ),
                        )
                        .label(spelling.span, "named twice")
                        .help("each spelling may stand for one level only"),
                    );
                } else {
                    scale.index.insert(key, index);
                }
            }
            scale.levels.push(Level {
                name: level.name.text.clone(),
                aliases: level.aliases.iter().map(|a| a.text.clone()).collect(),
                order,
            });
        }
        self.scale_ids
            .insert(scale.name.clone(), self.rules.scales.len());
        self.rules.scales.push(scale);
    }

    fn training(&mut self, t: &ast::Training) {
        let id = self.rules.trainings.len();
        let keys: Vec<String> = std::iter::once(&t.code)
            .chain(t.title.as_ref())
            .map(|n| text_key(&n.text))
            .collect();
        if self.training_ids.contains_key(&keys[0]) {
            self.error(
                Diagnostic::error(
                    Code::DuplicateTraining,
                    format!("training `{}` is declared twice", t.code.text),
                )
                .label(t.code.span, "declared again here"),
            );
            return;
        }
        for key in keys {
            self.training_ids.entry(key).or_insert(id);
        }
        self.rules.trainings.push(Training {
            code: t.code.text.clone(),
            title: t
                .title
                .as_ref()
                .map_or_else(|| t.code.text.clone(), |n| n.text.clone()),
            months: t.months,
        });
    }

    fn field(&mut self, f: &ast::Field) {
        let existing = self.rules.field(&f.name.text);
        if let Some(id) = existing {
            let is_builtin = self.rules.fields[id].builtin.is_some();
            if is_builtin && f.ty.is_none() && f.empty_means.is_none() {
                // `field rank column "…"` adds headers to a built-in field
                let extra = f.columns.iter().map(|c| c.text.clone());
                self.rules.fields[id].columns.extend(extra);
                return;
            }
            let what = if is_builtin {
                format!(
                    "`{}` is a built-in field; only `column` may be added to it",
                    f.name.text
                )
            } else {
                format!("field `{}` is declared twice", f.name.text)
            };
            let mut d = Diagnostic::error(Code::DuplicateField, what)
                .label(f.name.span, "declared again here");
            if let Some(span) = self.rules.fields[id].span {
                d = d.help(format!("first declared at {}", self.location(span)));
            }
            self.error(d);
            return;
        }
        let Some((ty, ty_span)) = &f.ty else {
            self.error(
                Diagnostic::error(Code::MissingType, format!("field `{}` has no type", f.name.text))
                    .label(f.name.span, "needs `: TYPE`")
                    .help("write `field NAME: TYPE`, where TYPE is a scale name, `date`, `number`, `text` or `yes/no`"),
            );
            return;
        };
        let kind = match ty {
            FieldType::Date => FieldKind::Date,
            FieldType::Number => FieldKind::Number,
            FieldType::Text => FieldKind::Text,
            FieldType::YesNo => FieldKind::YesNo,
            FieldType::Scale(name) => match self.scale_ids.get(&name.text) {
                Some(&id) => FieldKind::Scale(id),
                None => {
                    let names: Vec<&str> =
                        self.rules.scales.iter().map(|s| s.name.as_str()).collect();
                    let help = help_for(&name.text, "scales", &names)
                        .map(|h| format!("{h}; the other types are date, number, text and yes/no"));
                    let d = Diagnostic::error(
                        Code::UnknownScale,
                        format!("`{}` is not a scale or a type", name.text),
                    )
                    .label(*ty_span, "unknown type")
                    .maybe_help(help);
                    self.error(d);
                    return;
                }
            },
        };
        let empty_means = match (&f.empty_means, kind) {
            (None, _) => None,
            (Some(level), FieldKind::Scale(scale_id)) => {
                let scale = &self.rules.scales[scale_id];
                match scale.lookup(&text_key(&level.text)) {
                    Some(i) => Some(i),
                    None => {
                        let d = unknown_level(scale, level);
                        self.error(d);
                        None
                    }
                }
            }
            (Some(level), _) => {
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        "`empty means` is only for fields that hold a level",
                    )
                    .label(level.span, "this field is not on a scale"),
                );
                None
            }
        };
        if f.starts.is_some() && kind != FieldKind::Date {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!(
                        "`{}` says when a post starts, so it must hold a date",
                        f.name.text
                    ),
                )
                .label(f.name.span, "not a date field"),
            );
        }
        let base = Field {
            name: f.name.text.clone(),
            kind,
            columns: f.columns.iter().map(|c| c.text.clone()).collect(),
            empty_means,
            derived: None,
            builtin: None,
            span: Some(f.name.span),
            by_year: None,
            year_of: None,
            starts: f.starts,
        };
        match f.per_year {
            None => self.rules.fields.push(base),
            Some(span) => self.yearly_field(f, base, span),
        }
    }

    /// A `by year` field: the field itself (read only through `each of last N years`) and one
    /// field per year of [`YEARS`], named `NAME_YEAR`, whose columns are the `{year}` templates
    /// with the year written in.
    fn yearly_field(&mut self, f: &ast::Field, mut base: Field, span: crate::source::Span) {
        // a column without `{year}` is reported and left out: it cannot tell the years apart
        let templates: Vec<String> = std::mem::take(&mut base.columns)
            .into_iter()
            .filter(|t| t.contains("{year}"))
            .collect();
        for c in f.columns.iter().filter(|c| !c.text.contains("{year}")) {
            self.error(
                Diagnostic::error(
                    Code::YearlyField,
                    format!("column `{}` of a `by year` field does not say where the year is", c.text),
                )
                .label(c.span, "no `{year}`")
                .help("write the header with `{year}` where the year stands, e.g. \"Xếp loại năm {year}\""),
            );
        }
        if f.columns.is_empty() {
            self.error(
                Diagnostic::error(
                    Code::YearlyField,
                    format!("`by year` field `{}` has no `column`", f.name.text),
                )
                .label(span, "needs columns with `{year}`"),
            );
        }
        let id = self.rules.fields.len();
        let (first, last) = (*YEARS.start(), *YEARS.end());
        base.by_year = Some(ByYear {
            first,
            first_field: id + 1,
            count: (last - first + 1) as u32,
        });
        let name = base.name.clone();
        let one_year = |year: i32| Field {
            name: format!("{name}_{year}"),
            columns: templates
                .iter()
                .map(|t| t.replace("{year}", &year.to_string()))
                .collect(),
            by_year: None,
            year_of: Some((id, year)),
            starts: None,
            ..base.clone()
        };
        let years: Vec<Field> = YEARS.map(one_year).collect();
        self.rules.fields.push(base);
        self.rules.fields.extend(years);
    }

    fn derived(&mut self, d: &ast::Derived) {
        if self.rules.field(&d.name.text).is_some() {
            self.error(
                Diagnostic::error(
                    Code::DuplicateField,
                    format!("field `{}` is declared twice", d.name.text),
                )
                .label(d.name.span, "declared again here"),
            );
            return;
        }
        let (Some(start), Some(end)) = (self.moment(&d.start), self.moment(&d.end)) else {
            return;
        };
        self.rules.fields.push(Field {
            name: d.name.text.clone(),
            kind: FieldKind::Number,
            columns: Vec::new(),
            empty_means: None,
            derived: Some(DerivedSpec {
                unit: d.unit,
                start,
                end,
            }),
            builtin: None,
            span: Some(d.name.span),
            by_year: None,
            year_of: None,
            starts: None,
        });
    }

    /// Resolves a moment of a derived field: a date field, a date, today or retirement.
    fn moment(&mut self, anchor: &ast::Anchor) -> Option<Moment> {
        match anchor {
            ast::Anchor::Today => Some(Moment::Today),
            ast::Anchor::Date(d) => Some(Moment::Date(d.date)),
            ast::Anchor::Retirement(span) => {
                if self.rules.retirement.is_none() {
                    self.error(
                        Diagnostic::error(
                            Code::UnknownField,
                            "`retirement` needs a retirement schedule",
                        )
                        .label(*span, "no `retirement of … by … { … }` is declared")
                        .help(
                            "declare the schedule once, e.g. `retirement of birth_date by sex { \"Nam\": … }`",
                        ),
                    );
                    return None;
                }
                Some(Moment::Retirement)
            }
            ast::Anchor::Field(name) => self.date_field(name).map(Moment::Field),
        }
    }

    /// A field that must hold dates.
    pub(super) fn date_field(&mut self, name: &ast::Name) -> Option<FieldId> {
        let id = self.field_ref(name)?;
        if self.rules.fields[id].kind != FieldKind::Date {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!("`{}` is not a date field", name.text),
                )
                .label(name.span, "years and months are counted from a date")
                .help("declare it as `field NAME: date`"),
            );
            return None;
        }
        Some(id)
    }

    fn retirement(&mut self, r: &ast::Retirement) {
        if self.rules.retirement.is_some() {
            self.error(
                Diagnostic::error(
                    Code::DuplicateField,
                    "the retirement schedule is declared twice",
                )
                .label(r.span, "declared again here")
                .help("keep one `retirement` declaration; date its lines instead"),
            );
            return;
        }
        let birth = self.date_field(&r.birth);
        let Some(sex) = self.field_ref(&r.sex) else {
            return;
        };
        let sex_kind = self.rules.fields[sex].kind;
        let mut rules: Vec<RetirementRule> = Vec::new();
        for line in &r.lines {
            let key = match sex_kind {
                FieldKind::Scale(s) => {
                    let scale = &self.rules.scales[s];
                    match scale.lookup(&text_key(&line.sex.text)) {
                        Some(level) => SexKey::Level(level),
                        None => {
                            let d = unknown_level(scale, &line.sex);
                            self.error(d);
                            continue;
                        }
                    }
                }
                FieldKind::Text => SexKey::Text(text_key(&line.sex.text)),
                _ => {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!("`{}` holds neither text nor levels", r.sex.text),
                        )
                        .label(r.sex.span, "the sex field must be a scale or text field"),
                    );
                    return;
                }
            };
            if line.step.months == 0 && line.first.months != line.last.months {
                self.error(
                    Diagnostic::error(
                        Code::InvalidAmount,
                        format!(
                            "the retirement age of `{}` rises 0 months a year, so it never goes from {} to {} months",
                            line.sex.text, line.first.months, line.last.months
                        ),
                    )
                    .label(line.step.span, "rises by nothing")
                    .help("write the yearly step (NĐ 135/2020: 3 months for men, 4 for women)"),
                );
                continue;
            }
            if rules.iter().any(|other| other.sex == key) {
                self.error(
                    Diagnostic::error(
                        Code::DuplicateLevel,
                        format!("`{}` has two retirement lines", line.sex.text),
                    )
                    .label(line.sex.span, "second line for the same sex"),
                );
                continue;
            }
            rules.push(RetirementRule {
                sex: key,
                sex_name: line.sex.text.clone(),
                before: line.before.months,
                year: line.year as i32,
                first: line.first.months,
                step: line.step.months,
                last: line.last.months,
            });
        }
        if let Some(birth) = birth {
            self.rules.retirement = Some(RetirementSchedule { birth, sex, rules });
        }
    }

    /// Two fields claiming one roster header would make the mapping depend on order.
    fn column_conflicts(&mut self) {
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut problems = Vec::new();
        for (id, field) in self.rules.fields.iter().enumerate() {
            let names = std::iter::once(&field.name).chain(&field.columns);
            for column in names {
                let key = text_key(column);
                match owner.get(&key) {
                    Some(&other) if other != id => problems.push((id, column.clone(), other)),
                    _ => {
                        owner.insert(key, id);
                    }
                }
            }
        }
        for (id, column, other) in problems {
            let field = &self.rules.fields[id];
            let other_name = self.rules.fields[other].name.clone();
            if let Some(span) = field.span {
                let d = Diagnostic::error(
                    Code::DuplicateField,
                    format!(
                        "column `{column}` is claimed by fields `{}` and `{other_name}`",
                        field.name
                    ),
                )
                .label(span, "this field claims it too")
                .help("a roster header may feed one field only");
                self.error(d);
            }
        }
    }
}

/// The "not a level" diagnostic with its suggestion.
pub(super) fn unknown_level(scale: &Scale, written: &ast::Name) -> Diagnostic {
    let names = scale.level_names();
    let spellings = scale.spellings();
    let suggestion = crate::suggest::did_you_mean(&written.text, spellings.iter().copied());
    let list = format!("levels: {}", names.join(", "));
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`? {list}"),
        None => list,
    };
    Diagnostic::error(
        Code::UnknownLevel,
        format!(
            "`{}` is not a level of scale `{}`",
            written.text, scale.name
        ),
    )
    .label(written.span, format!("not a level of `{}`", scale.name))
    .help(help)
}
