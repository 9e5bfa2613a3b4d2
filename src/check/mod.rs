//! AST → RuleSet: resolves every name, checks types, periods, includes and scripts, and
//! collects every problem instead of stopping at the first.

mod conditions;
mod declarations;
mod examples;
mod includes;
mod periods;
mod subjects;
mod targets;
mod warnings;

pub use warnings::warnings;

pub(crate) use subjects::PLANNED_FIELD;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ruleset::{Builtin, Field, FieldKind, RuleSet};
use crate::source::{SourceFile, SourceMap};
use crate::syntax::ast;
use crate::syntax::parse_file;

/// Rules that failed to load: the files (for rendering) and every diagnostic.
#[derive(Debug)]
pub struct LoadFailure {
    /// The files read.
    pub sources: SourceMap,
    /// What is wrong with them.
    pub diagnostics: Diagnostics,
}

/// Parses and checks a set of rule files: the one entry point from text to a `RuleSet`.
pub fn load(files: Vec<SourceFile>) -> Result<RuleSet, LoadFailure> {
    let mut sources = SourceMap::new();
    let ids: Vec<_> = files.into_iter().map(|f| sources.add(f)).collect();
    let mut diagnostics = Diagnostics::new();
    let mut asts = Vec::new();
    let mut ids = ids;
    let mut with_builtin = false;
    while let Some(id) = ids.first().copied() {
        ids.remove(0);
        match parse_file(id, sources.get(id)) {
            Ok((ast, lowered)) => {
                diagnostics.extend(lowered);
                // `use builtin`: the shipped files join once, those not already given
                if ast.use_builtin && !with_builtin {
                    with_builtin = true;
                    let given: Vec<String> = sources.iter().map(|(_, f)| f.name.clone()).collect();
                    for f in crate::builtin_rules::builtin_files() {
                        if !given.contains(&f.name) {
                            ids.push(sources.add(f));
                        }
                    }
                }
                asts.push(ast);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let checked = check(sources.clone(), &asts);
    match checked {
        Ok(rules) if diagnostics.is_empty() => Ok(rules),
        Ok(_) => Err(LoadFailure {
            sources,
            diagnostics,
        }),
        Err(more) => {
            diagnostics.extend(more.into_sorted());
            Err(LoadFailure {
                sources,
                diagnostics,
            })
        }
    }
}

/// Checks parsed files together (names resolve across files).
pub(crate) fn check(sources: SourceMap, files: &[ast::RuleFile]) -> Result<RuleSet, Diagnostics> {
    let mut checker = Checker::new(sources);
    checker.declare(files);
    checker.subjects(files);
    checker.check_periods();
    checker.check_spellings();
    checker.check_includes();
    checker.targets(files);
    checker.examples(files);
    checker.check_holds();
    if checker.diagnostics.is_empty() {
        Ok(checker.rules)
    } else {
        Err(checker.diagnostics)
    }
}

/// State shared by the passes.
struct Checker {
    rules: RuleSet,
    diagnostics: Diagnostics,
    /// Scale name → id.
    scale_ids: HashMap<String, usize>,
    /// Training code/title key → id.
    training_ids: HashMap<String, usize>,
    engine: rhai::Engine,
    /// `holds rank "…"` names, checked once every rank and position is known.
    pending_holds: Vec<(crate::syntax::ast::SubjectKind, String, ast::Name)>,
    /// True while a target's conditions are resolved (`meets` is allowed there only).
    in_target: bool,
}

impl Checker {
    fn new(sources: SourceMap) -> Self {
        Checker {
            rules: RuleSet {
                sources,
                scales: Vec::new(),
                fields: builtin_fields(),
                retirement: None,
                trainings: Vec::new(),
                subjects: Vec::new(),
                examples: Vec::new(),
                targets: Vec::new(),
            },
            diagnostics: Diagnostics::new(),
            scale_ids: HashMap::new(),
            training_ids: HashMap::new(),
            engine: crate::script::sandboxed_engine(),
            pending_holds: Vec::new(),
            in_target: false,
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn location(&self, span: crate::source::Span) -> String {
        self.rules.sources.location(span)
    }

    fn field_names(&self) -> Vec<&str> {
        self.rules.fields.iter().map(|f| f.name.as_str()).collect()
    }
}

/// The fields every roster may carry, with the headers HR offices use for them.
fn builtin_fields() -> Vec<Field> {
    let make = |name: &str, builtin, columns: &[&str]| Field {
        name: name.to_string(),
        kind: FieldKind::Text,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        empty_means: None,
        derived: None,
        builtin: Some(builtin),
        span: None,
        by_year: None,
        year_of: None,
        starts: None,
    };
    vec![
        make(
            "id",
            Builtin::Id,
            &[
                "Mã cán bộ",
                "Mã CB",
                "Mã CBCCVC",
                "Số hiệu",
                "Số hiệu CBCC",
                "Số hiệu công chức",
                "Mã định danh",
                "Mã nhân sự",
                "ID",
            ],
        ),
        make(
            "name",
            Builtin::Name,
            &["Họ và tên", "Họ tên", "Họ và tên khai sinh", "full_name"],
        ),
        make(
            "rank",
            Builtin::Rank,
            &[
                "Ngạch",
                "Ngạch công chức",
                "Tên ngạch",
                "Ngạch, chức danh",
                "Chức danh nghề nghiệp",
                "Hạng chức danh nghề nghiệp",
                "Ngạch/Chức danh nghề nghiệp",
            ],
        ),
        make(
            "rank_code",
            Builtin::RankCode,
            &[
                "Mã ngạch",
                "Mã số ngạch",
                "Mã ngạch/CDNN",
                "Mã CDNN",
                "Mã chức danh nghề nghiệp",
                "Mã số",
            ],
        ),
        make(
            "positions",
            Builtin::Positions,
            &[
                "Chức vụ",
                "Chức vụ, chức danh",
                "Chức vụ hiện tại",
                "position",
            ],
        ),
        make(
            "unit",
            Builtin::Unit,
            &[
                "Đơn vị",
                "Đơn vị công tác",
                "Cơ quan",
                "Cơ quan, đơn vị",
                "Phòng ban",
            ],
        ),
    ]
}
