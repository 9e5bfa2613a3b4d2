//! RuleSet + audit date → Plan: the rules in force on that day, flattened for fast evaluation.
//! Levels are small integers, fields are column indexes, scripts are compiled ASTs; subjects
//! are found by a hash of their normalised name or code once per row, never per criterion.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use rhai::{Dynamic, EvalAltResult, ImmutableString, Map};

use crate::date::Date;
use crate::normalize::{ascii_fold, text_key_memo as text_key};
use crate::render::const_text;
use crate::ruleset::{
    Cond, Deadline, Exemption, Field, FieldId, FieldKind, GracePeriod, RetirementSchedule, RuleSet,
    Scale, Test, Training, TrainingId, field_inputs,
};
use crate::syntax::ast::{Op, SubjectKind};

/// A rank or position in force, with every criterion it brings (its own and included ones).
#[derive(Debug, Clone)]
pub struct PlanSubject {
    /// Rank or position.
    pub kind: SubjectKind,
    /// Name.
    pub name: String,
    /// Code.
    pub code: Option<String>,
    /// Text key of the name (for `holds rank "…"`).
    pub key: String,
    /// Indexes into [`Plan::criteria`], own first, without repeats.
    pub criteria: Vec<u32>,
    /// Why it brings no criteria on the audit date, when it does not: declared without a
    /// national standard, ended without a successor, or not yet in force.
    pub(crate) no_standard: Option<NoStandard>,
    /// Its own `appoint` / `promote` conditions in force (indexes into [`Plan::criteria`]):
    /// read by eligibility, never by the audit.
    pub entries: Vec<u32>,
    /// Its `confirm` items in force: conditions of entering it the office confirms.
    pub confirms: Vec<crate::ruleset::ConfirmItem>,
    /// `when CONDITION` of its header (and as written): for a person it does not hold for,
    /// the title is as if no rule named it.
    pub(crate) when: Option<(Cond, String)>,
}

/// A title or position a person holds that has no standard to audit on the audit date, and why;
/// such a person is reported apart from titles the rules never knew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoStandard {
    /// Which case it is.
    pub kind: NoStandardKind,
    /// The reason, in the words reports print.
    pub reason: String,
}

/// The cases of [`NoStandard`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NoStandardKind {
    /// `no standard "reason"`: the rules say no national standard exists.
    Declared,
    /// Its last version ended before the audit date and nothing in the rules replaces it.
    Ended,
    /// Its first version starts after the audit date.
    NotYetInForce,
}

/// One criterion in force.
#[derive(Debug, Clone)]
pub struct PlanCriterion {
    /// Name shown in reports.
    pub name: String,
    /// `rank Chuyên viên`: the declaration it belongs to.
    pub rule: String,
    /// What must hold.
    pub(crate) test: Test,
    /// When it applies.
    pub(crate) when: Option<Cond>,
    /// Training that closes a gap.
    pub training: Option<TrainingId>,
    /// Who is exempt.
    pub(crate) exemptions: Vec<Exemption>,
    /// Grace periods.
    pub(crate) grace: Vec<GracePeriod>,
    /// Citation.
    pub source: Option<String>,
    /// What is required, as shown in reports.
    pub required: String,
    /// For a criterion of `case`s: what each case requires, as shown for the people it decides.
    pub case_required: Vec<String>,
    /// Fields the test reads, for `actual`.
    pub fields: Vec<FieldId>,
    /// `file:line:col` of the `require`.
    pub location: String,
    /// True for an `appoint` / `promote` condition (eligibility only).
    pub entry: bool,
    /// The `when` condition as written (for `diff`).
    pub when_written: Option<String>,
    /// When the criterion is in force (within its rank's or position's period).
    pub period: crate::ruleset::Period,
}

/// The compiled rules for one audit date. `Send + Sync`, shared by every worker thread.
pub struct Plan {
    /// The audit date.
    pub as_of: Date,
    /// Name of the rule set (built-in, or the paths given).
    pub rules_name: String,
    /// Every field.
    pub fields: Vec<Field>,
    /// The retirement-age schedule, when declared.
    pub(crate) retirement: Option<RetirementSchedule>,
    /// Every scale.
    pub scales: Vec<Scale>,
    /// Exact spellings of each scale's levels (fast path before normalisation).
    pub exact_levels: Vec<HashMap<Box<str>, u16>>,
    /// Trainings.
    pub(crate) trainings: Vec<Training>,
    /// Ranks and positions in force.
    pub subjects: Vec<PlanSubject>,
    /// Criteria in force.
    pub criteria: Vec<PlanCriterion>,
    /// For each field, its place in `StaffRow::cells`: only the fields the criteria in force
    /// read are kept (every field when a script is in force, since a script may read any).
    pub slots: Vec<Option<u32>>,
    /// The fields that have a slot, in slot order.
    pub slot_fields: Vec<FieldId>,
    ranks: HashMap<String, u32>,
    positions: HashMap<String, u32>,
    /// Positions by a spelling of the rules as written (name, `aka`, code, also in lower and
    /// upper case): a roster cell spelled so is found without normalising it; each maps where
    /// its normalised key does.
    exact_positions: HashMap<Box<str>, u32>,
    /// The same look-ups by diacritic-folded key, for rosters exported without diacritics; a key
    /// two names share maps to None (ambiguous: never guessed).
    folded_ranks: HashMap<String, Option<u32>>,
    folded_positions: HashMap<String, Option<u32>>,
    /// Each scale's levels by diacritic-folded spelling (None when two levels share it).
    folded_levels: Vec<HashMap<String, Option<u16>>>,
    /// The script engine, with `at_least` registered.
    pub engine: rhai::Engine,
    /// The collective targets in force on the audit date.
    pub targets: Vec<crate::ruleset::Target>,
    /// True when built for eligibility: the fields of `appoint` / `promote` conditions and the
    /// planned posts get a slot too.
    pub eligibility: bool,
    /// The language of the reasons findings carry (Vietnamese unless set).
    pub lang: crate::i18n::Lang,
}

impl Plan {
    /// Compiles `rules` for the audit date `as_of`.
    pub fn for_date(rules: &RuleSet, as_of: Date, rules_name: impl Into<String>) -> Plan {
        Plan::build(rules, as_of, rules_name.into(), false)
    }

    /// Compiles `rules` for eligibility questions on `as_of`: like [`Plan::for_date`], with
    /// the roster fields the `appoint` / `promote` conditions read.
    pub fn for_eligibility(rules: &RuleSet, as_of: Date, rules_name: impl Into<String>) -> Plan {
        Plan::build(rules, as_of, rules_name.into(), true)
    }

    fn build(rules: &RuleSet, as_of: Date, rules_name: String, eligibility: bool) -> Plan {
        let in_force: Vec<usize> = (0..rules.subjects.len())
            .filter(|&i| rules.subjects[i].period.contains(as_of))
            .collect();
        let mut by_key: HashMap<(SubjectKind, String), usize> = HashMap::default();
        for &i in &in_force {
            let s = &rules.subjects[i];
            by_key.insert((s.kind, text_key(&s.name)), i);
        }
        // every criterion in force, once, in subject order
        let mut criteria = Vec::new();
        let mut first_criterion: HashMap<usize, (u32, u32)> = HashMap::default();
        for &i in &in_force {
            let s = &rules.subjects[i];
            let start = criteria.len() as u32;
            for c in s.criteria.iter().filter(|c| c.period.contains(as_of)) {
                criteria.push(compile_criterion(rules, s.kind, &s.name, c, as_of, false));
            }
            first_criterion.insert(i, (start, criteria.len() as u32));
        }
        let mut entries: HashMap<usize, Vec<u32>> = HashMap::default();
        for &i in &in_force {
            let s = &rules.subjects[i];
            for c in s.entries.iter().filter(|c| c.period.contains(as_of)) {
                entries.entry(i).or_default().push(criteria.len() as u32);
                criteria.push(compile_criterion(rules, s.kind, &s.name, c, as_of, true));
            }
        }
        let mut subjects = Vec::new();
        let mut ranks = HashMap::default();
        let mut positions = HashMap::default();
        let mut expanded = expand_includes(rules, &in_force, &by_key, &first_criterion);
        for &i in &in_force {
            let s = &rules.subjects[i];
            let list = expanded.remove(&i).unwrap_or_default();
            // a named standard is only ever included, never matched by a roster row
            let index = match s.kind {
                SubjectKind::Rank => Some(&mut ranks),
                SubjectKind::Position => Some(&mut positions),
                SubjectKind::Standard => None,
            };
            if let Some(index) = index {
                index_spellings(index, subjects.len() as u32, [s]);
            }
            subjects.push(PlanSubject {
                kind: s.kind,
                name: s.name.clone(),
                code: s.code.clone(),
                key: text_key(&s.name),
                criteria: list,
                when: s.when.clone(),
                entries: entries.remove(&i).unwrap_or_default(),
                confirms: s
                    .confirms
                    .iter()
                    .filter(|c| c.period.contains(as_of))
                    .cloned()
                    .collect(),
                no_standard: s.no_standard.as_ref().map(|reason| NoStandard {
                    kind: NoStandardKind::Declared,
                    reason: format!(
                        "{reason}{}",
                        s.source
                            .as_ref()
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default()
                    ),
                }),
            });
        }
        // titles the rules know but that have no version in force on this day: a person holding
        // one is told why, not counted with the titles the rules never knew
        for (versions, no_standard) in out_of_force(rules, as_of, &by_key) {
            let s = &rules.subjects[versions[0]];
            let index = match s.kind {
                SubjectKind::Rank => Some(&mut ranks),
                SubjectKind::Position => Some(&mut positions),
                SubjectKind::Standard => None,
            };
            let all = versions.iter().map(|&v| &rules.subjects[v]);
            if let Some(index) = index {
                index_spellings(index, subjects.len() as u32, all);
            }
            subjects.push(PlanSubject {
                kind: s.kind,
                name: s.name.clone(),
                code: s.code.clone(),
                key: text_key(&s.name),
                criteria: Vec::new(),
                no_standard: Some(no_standard),
                entries: Vec::new(),
                confirms: Vec::new(),
                when: None,
            });
        }
        let exact_levels = rules.scales.iter().map(exact_spellings).collect();
        let folded_levels = rules
            .scales
            .iter()
            .map(|scale| folded(scale.index.iter().map(|(k, v)| (k.as_str(), *v))))
            .collect();
        let folded_ranks = folded(ranks.iter().map(|(k, v): (&String, &u32)| (k.as_str(), *v)));
        let folded_positions = folded(
            positions
                .iter()
                .map(|(k, v): (&String, &u32)| (k.as_str(), *v)),
        );
        let mut exact_positions: HashMap<Box<str>, u32> = HashMap::default();
        for d in rules
            .subjects
            .iter()
            .filter(|d| d.kind == SubjectKind::Position)
        {
            for spelling in std::iter::once(&d.name).chain(&d.aliases).chain(&d.code) {
                for variant in [
                    spelling.clone(),
                    spelling.to_lowercase(),
                    spelling.to_uppercase(),
                ] {
                    if let Some(&id) = positions.get(&text_key(&variant)) {
                        exact_positions
                            .entry(variant.into_boxed_str())
                            .or_insert(id);
                    }
                }
            }
        }
        let mut engine = crate::script::sandboxed_engine();
        register_helpers(&mut engine, rules);
        let mut plan = Plan {
            as_of,
            eligibility,
            lang: crate::i18n::Lang::default(),
            rules_name,
            fields: rules.fields.clone(),
            retirement: rules.retirement.clone(),
            scales: rules.scales.clone(),
            exact_levels,
            trainings: rules.trainings.clone(),
            subjects,
            criteria,
            slots: Vec::new(),
            slot_fields: Vec::new(),
            ranks,
            positions,
            exact_positions,
            folded_ranks,
            folded_positions,
            folded_levels,
            targets: rules
                .targets
                .iter()
                .filter(|t| t.period.contains(as_of))
                .cloned()
                .collect(),
            engine,
        };
        let any_script = plan
            .criteria
            .iter()
            .any(|c| matches!(c.test, Test::Script { .. }));
        let used = plan.fields_used();
        plan.slot_fields = (0..plan.fields.len())
            .filter(|f| any_script || used.contains(f))
            .collect();
        plan.slots = vec![None; plan.fields.len()];
        for (slot, &f) in plan.slot_fields.iter().enumerate() {
            plan.slots[f] = Some(slot as u32);
        }
        plan
    }

    /// A person's cell for a field; None when the field is not kept (no criterion reads it).
    pub(crate) fn cell<'s>(
        &self,
        staff: &'s crate::staff::StaffRow,
        field: FieldId,
    ) -> Option<&'s crate::staff::Cell> {
        self.slots
            .get(field)
            .copied()
            .flatten()
            .and_then(|s| staff.cells.get(s as usize))
    }

    /// The rank in force that a roster text names (by name, alias or code), with or without
    /// its diacritics.
    pub fn find_rank(&self, text: &str) -> Option<u32> {
        let key = crate::normalize::text_key_memo(text);
        self.ranks.get(&key).copied().or_else(|| {
            without_diacritics(&key).and_then(|k| self.folded_ranks.get(&k)?.as_ref().copied())
        })
    }

    /// The rank a name written with misplaced or missing accents names ("Kê toán viên chính",
    /// "Giaó viên mầm non"): the one rank whose name or alias is the same once every diacritic
    /// is folded. Only for a name [`Plan::find_rank`] did not find; the caller says it guessed.
    pub fn find_rank_misaccented(&self, text: &str) -> Option<u32> {
        let key = crate::normalize::text_key_memo(text);
        self.folded_ranks.get(&ascii_fold(&key))?.as_ref().copied()
    }

    /// The rank a code cell names: the code as written, one written as a number by Excel
    /// ("1.003"), or one of several codes written together ("15.109 V.07.01.01",
    /// "V.07.03.29/15a.204").
    pub fn find_rank_code(&self, code: &str) -> Option<u32> {
        if code.is_empty() {
            return None;
        }
        self.find_rank(code)
            .or_else(|| self.find_code_as_number(code))
            .or_else(|| {
                code.split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | ';' | '(' | ')'))
                    .filter(|t| !t.is_empty() && *t != code)
                    .find_map(|t| self.find_rank(t).or_else(|| self.find_code_as_number(t)))
            })
    }

    /// A code Excel turned into a number: "01.003" typed into a number cell reads back as
    /// "1.003".
    fn find_code_as_number(&self, code: &str) -> Option<u32> {
        let (head, tail) = code.split_once('.')?;
        if head.len() == 1 && head.bytes().all(|b| b.is_ascii_digit()) && !tail.is_empty() {
            self.find_rank(&format!("0{code}"))
        } else {
            None
        }
    }

    /// The position in force that a roster text names, with or without its diacritics.
    pub fn find_position(&self, text: &str) -> Option<u32> {
        if let Some(&id) = self.exact_positions.get(text) {
            return Some(id);
        }
        let key = crate::normalize::text_key_memo(text);
        self.positions.get(&key).copied().or_else(|| {
            self.folded_positions
                .get(&ascii_fold(&key))
                .copied()
                .flatten()
        })
    }

    /// The level of a scale a normalised key written without any diacritics names, when only
    /// one level has that spelling once diacritics are folded. A key with some diacritics is a
    /// typo, not an export, and is left to "did you mean".
    pub(crate) fn find_level_folded(&self, scale: usize, key: &str) -> Option<u16> {
        let folded = without_diacritics(key)?;
        self.folded_levels
            .get(scale)
            .and_then(|m| m.get(&folded).copied().flatten())
    }

    /// `rank Chuyên viên (01.003)` style label of a subject.
    pub(crate) fn subject_label(&self, id: u32) -> String {
        let s = &self.subjects[id as usize];
        match &s.code {
            Some(code) => format!("{} ({code})", s.name),
            None => s.name.clone(),
        }
    }

    /// What a finding's criterion required of this person: the deciding case's requirement
    /// for a criterion of `case`s, else the criterion's.
    pub(crate) fn required_of(&self, f: &crate::finding::Finding) -> &str {
        let c = &self.criteria[f.criterion as usize];
        f.case
            .and_then(|i| c.case_required.get(i as usize))
            .unwrap_or(&c.required)
    }

    /// A criterion's name as a report shows it: in Vietnamese, a criterion named after its
    /// field (`education`) is shown by the field's first roster header ("Trình độ chuyên môn");
    /// labels written in the rules and English reports keep the name.
    pub(crate) fn criterion_label(&self, criterion: u32) -> &str {
        self.name_label(&self.criteria[criterion as usize].name)
    }

    /// [`Plan::criterion_label`] for a criterion known by its name.
    pub(crate) fn name_label<'a>(&'a self, name: &'a str) -> &'a str {
        if self.lang != crate::i18n::Lang::Vi {
            return name;
        }
        self.fields
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.columns.first())
            .map_or(name, String::as_str)
    }

    /// The date field that says when a person took up their rank (`starts rank`) or post
    /// (`starts position`).
    pub(crate) fn starts_field(&self, kind: SubjectKind) -> Option<FieldId> {
        self.fields.iter().position(|f| f.starts == Some(kind))
    }

    /// The field that feeds a built-in role.
    pub(crate) fn builtin(&self, b: crate::ruleset::Builtin) -> Option<FieldId> {
        self.fields.iter().position(|f| f.builtin == Some(b))
    }

    /// The roster fields one criterion reads: its test, `when`, exemptions and grace periods,
    /// with derived fields replaced by the fields they are computed from.
    pub(crate) fn criterion_inputs(&self, c: &PlanCriterion) -> Vec<FieldId> {
        let mut fields = c.fields.clone();
        if let Some(w) = &c.when {
            w.fields(self.as_of, &mut fields);
        }
        for e in &c.exemptions {
            e.cond.fields(self.as_of, &mut fields);
        }
        for g in &c.grace {
            if let Some(cond) = &g.cond {
                cond.fields(self.as_of, &mut fields);
            }
            if let Deadline::After { field, .. } = g.deadline {
                fields.push(field);
            }
        }
        let mut inputs = Vec::new();
        for &f in &fields {
            field_inputs(&self.fields, self.retirement.as_ref(), f, &mut inputs);
        }
        inputs
    }

    /// Fields the criteria and targets in force read: the columns a roster must have for a full
    /// audit.
    pub(crate) fn fields_used(&self) -> Vec<FieldId> {
        let mut used = Vec::new();
        if self.eligibility
            && let Some(planned) = self
                .fields
                .iter()
                .position(|f| f.name == crate::check::PLANNED_FIELD)
        {
            used.push(planned);
        }
        for c in self
            .criteria
            .iter()
            .filter(|c| self.eligibility || !c.entry)
        {
            for f in self.criterion_inputs(c) {
                if !used.contains(&f) {
                    used.push(f);
                }
            }
        }
        let mut read = Vec::new();
        for (when, _) in self.subjects.iter().filter_map(|s| s.when.as_ref()) {
            when.fields(self.as_of, &mut read);
        }
        for clause in self.targets.iter().flat_map(|t| &t.clauses) {
            clause.have.fields(self.as_of, &mut read);
            if let Some(p) = &clause.population {
                p.fields(self.as_of, &mut read);
            }
        }
        for &f in &read {
            let mut inputs = Vec::new();
            field_inputs(&self.fields, self.retirement.as_ref(), f, &mut inputs);
            for i in inputs {
                if !used.contains(&i) {
                    used.push(i);
                }
            }
        }
        used.sort();
        used
    }
}

/// Indexes every name, alias and code of the given declarations to the plan subject `id`; a
/// spelling already taken (by a subject in force) keeps its subject.
fn index_spellings<'a>(
    index: &mut HashMap<String, u32>,
    id: u32,
    declarations: impl IntoIterator<Item = &'a crate::ruleset::Subject>,
) {
    for d in declarations {
        for spelling in std::iter::once(&d.name).chain(&d.aliases).chain(&d.code) {
            index.entry(text_key(spelling)).or_insert(id);
        }
    }
}

/// The ranks and positions with no version in force on `as_of`, each as its versions (the one
/// the reason speaks of first) and the reason: ended (the latest version that ended) or not yet
/// in force (the earliest version to come).
fn out_of_force(
    rules: &RuleSet,
    as_of: Date,
    in_force: &HashMap<(SubjectKind, String), usize>,
) -> Vec<(Vec<usize>, NoStandard)> {
    let mut groups: Vec<((SubjectKind, String), Vec<usize>)> = Vec::new();
    for (i, s) in rules.subjects.iter().enumerate() {
        let key = (s.kind, text_key(&s.name));
        if in_force.contains_key(&key) {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, versions)) => versions.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut versions)| {
            let ended_last = versions
                .iter()
                .copied()
                .filter(|&v| rules.subjects[v].period.until.is_some_and(|u| u < as_of))
                .max_by_key(|&v| rules.subjects[v].period.until);
            let first_to_come = versions
                .iter()
                .copied()
                .min_by_key(|&v| rules.subjects[v].period.from);
            let lead = ended_last.or(first_to_come).unwrap_or(versions[0]);
            versions.retain(|&v| v != lead);
            versions.insert(0, lead);
            let reason = match ended_last {
                Some(v) => ended_reason(&rules.subjects[v]),
                None => not_yet_reason(&rules.subjects[lead]),
            };
            (versions, reason)
        })
        .collect()
}

/// "chuẩn của chức vụ `…` hết hiệu lực từ D (bãi bỏ: …); chưa có quy định thay thế…".
fn ended_reason(s: &crate::ruleset::Subject) -> NoStandard {
    let end = s
        .period
        .until
        .and_then(Date::next_day)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let by = match (&s.repealed_by, &s.source) {
        (Some(text), _) => format!("theo {text}"),
        (None, Some(source)) => {
            format!("chuẩn theo {source}; văn bản chấm dứt không ghi trong quy tắc")
        }
        (None, None) => "văn bản chấm dứt không ghi trong quy tắc".to_string(),
    };
    NoStandard {
        kind: NoStandardKind::Ended,
        reason: format!(
            "chuẩn của {} `{}` hết hiệu lực từ {end} ({by}); chưa có quy định thay thế trong bộ quy tắc",
            s.kind.word_vi(),
            s.name
        ),
    }
}

/// "chuẩn của … `…` có hiệu lực từ D (…); trước ngày đó bộ quy tắc không có chuẩn".
fn not_yet_reason(s: &crate::ruleset::Subject) -> NoStandard {
    let start = s.period.from.map(|d| d.to_string()).unwrap_or_default();
    NoStandard {
        kind: NoStandardKind::NotYetInForce,
        reason: format!(
            "chuẩn của {} `{}` có hiệu lực từ {start}{}; trước ngày đó bộ quy tắc không có chuẩn cho chức danh này",
            s.kind.word_vi(),
            s.name,
            s.source
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ),
    }
}

/// For every subject in force: its own criteria first, then those of the subjects it includes
/// (depth first, each once) — each subject expanded once and reused by every subject that
/// includes it, so a long chain or a deep diamond of `includes` costs the size of the answer,
/// not the number of paths. No recursion: a chain of thousands cannot exhaust the stack.
fn expand_includes(
    rules: &RuleSet,
    in_force: &[usize],
    by_key: &HashMap<(SubjectKind, String), usize>,
    ranges: &HashMap<usize, (u32, u32)>,
) -> HashMap<usize, Vec<u32>> {
    let mut done: HashMap<usize, Vec<u32>> = HashMap::default();
    let mut in_progress: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for &root in in_force {
        let mut work = vec![root];
        while let Some(&subject) = work.last() {
            if done.contains_key(&subject) {
                work.pop();
                continue;
            }
            let targets: Vec<usize> = rules.subjects[subject]
                .includes
                .iter()
                .filter_map(|key| by_key.get(key).copied())
                .collect();
            // a cycle (refused by `check`) is cut where it closes
            let pending: Vec<usize> = targets
                .iter()
                .copied()
                .filter(|t| !done.contains_key(t) && !in_progress.contains(t))
                .collect();
            if in_progress.insert(subject) && !pending.is_empty() {
                work.extend(pending.into_iter().rev());
                continue;
            }
            if !pending.is_empty() {
                // its includes are being expanded further up: cut the cycle here
                in_progress.remove(&subject);
            }
            let mut list: Vec<u32> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            if let Some(&(start, end)) = ranges.get(&subject) {
                list.extend(start..end);
                seen.extend(start..end);
            }
            for t in targets {
                if let Some(sub) = done.get(&t) {
                    for &c in sub {
                        if seen.insert(c) {
                            list.push(c);
                        }
                    }
                }
            }
            in_progress.remove(&subject);
            done.insert(subject, list);
            work.pop();
        }
    }
    done
}

fn compile_criterion(
    rules: &RuleSet,
    kind: SubjectKind,
    owner: &str,
    c: &crate::ruleset::Criterion,
    as_of: Date,
    entry: bool,
) -> PlanCriterion {
    let mut fields = Vec::new();
    let mut case_required = Vec::new();
    match &c.test {
        Test::Cond(cond) => cond.fields(as_of, &mut fields),
        Test::Cases(cases) => {
            for case in cases {
                case.test.fields(as_of, &mut fields);
                case.guard.fields(as_of, &mut fields);
                let test = Test::Cond(case.test.clone());
                case_required.push(format!(
                    "{} ({})",
                    required_text(rules, &test, &case.written),
                    case.guard_written
                ));
            }
        }
        Test::Script { .. } => {}
    }
    let required = if case_required.is_empty() {
        required_text(rules, &c.test, &c.written)
    } else {
        case_required.join("; ")
    };
    PlanCriterion {
        name: c.name.clone(),
        rule: format!("{} {owner}", kind.keyword()),
        test: c.test.clone(),
        when: c.when.clone(),
        training: c.training,
        exemptions: c.exemptions.clone(),
        grace: c.grace.clone(),
        source: c.source.clone(),
        required,
        case_required,
        fields,
        location: c.origin.location.clone(),
        entry,
        when_written: c.when_written.clone(),
        period: c.period,
    }
}

/// What a report shows as `required`: the level for the usual `field >= "Level"`, the
/// operator and value for other single comparisons, the written condition otherwise.
fn required_text(rules: &RuleSet, test: &Test, written: &str) -> String {
    match test {
        Test::Cond(Cond::Compare { field, op, value }) => {
            let shown = const_text(rules, *field, value);
            if *op == Op::Ge {
                shown
            } else {
                format!("{} {shown}", op.symbol())
            }
        }
        _ => written.to_string(),
    }
}

/// The key itself when it carries no diacritic at all (as exports that strip them write it):
/// a plain ASCII check, cheap on the per-row path.
fn without_diacritics(key: &str) -> Option<String> {
    key.is_ascii().then(|| key.to_string())
}

/// A look-up by diacritic-folded key: a folded key two different values share is ambiguous.
fn folded<'a, V: Copy + PartialEq>(
    entries: impl Iterator<Item = (&'a str, V)>,
) -> HashMap<String, Option<V>> {
    let mut map: HashMap<String, Option<V>> = HashMap::default();
    for (key, value) in entries {
        map.entry(ascii_fold(key))
            .and_modify(|v| {
                if *v != Some(value) {
                    *v = None;
                }
            })
            .or_insert(Some(value));
    }
    map
}

/// Spellings matched without normalisation: names and aliases as written, upper and lower case.
fn exact_spellings(scale: &Scale) -> HashMap<Box<str>, u16> {
    let mut map = HashMap::default();
    for (i, level) in scale.levels.iter().enumerate() {
        for s in std::iter::once(&level.name).chain(&level.aliases) {
            for variant in [s.clone(), s.to_lowercase(), s.to_uppercase()] {
                map.entry(variant.into_boxed_str()).or_insert(i as u16);
            }
        }
    }
    map
}

/// `at_least(staff, "education", "Thạc sĩ")` for scripts: compares levels by their order.
fn register_helpers(engine: &mut rhai::Engine, rules: &RuleSet) {
    let scales = Arc::new(rules.scales.clone());
    let field_scale: Arc<HashMap<String, usize>> = Arc::new(
        rules
            .fields
            .iter()
            .filter_map(|f| match f.kind {
                FieldKind::Scale(s) => Some((f.name.clone(), s)),
                _ => None,
            })
            .collect(),
    );
    engine.register_fn(
        "at_least",
        move |staff: Map,
              field: ImmutableString,
              level: ImmutableString|
              -> Result<Dynamic, Box<EvalAltResult>> {
            let Some(&s) = field_scale.get(field.as_str()) else {
                return Err(format!("`{field}` is not a field on a scale").into());
            };
            let scale = &scales[s];
            let order_of = |text: &str| {
                scale
                    .lookup(&text_key(text))
                    .map(|i| scale.levels[i as usize].order)
            };
            let Some(wanted) = order_of(&level) else {
                return Err(format!("`{level}` is not a level of `{}`", scale.name).into());
            };
            match staff.get(field.as_str()) {
                Some(v) if v.is_string() => {
                    let text = v.clone().into_immutable_string().unwrap_or_default();
                    Ok(Dynamic::from(order_of(&text).is_some_and(|o| o >= wanted)))
                }
                _ => Ok(Dynamic::UNIT),
            }
        },
    );
}
