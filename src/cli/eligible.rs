//! `chuanhoa eligible`: who on a roster may enter a post or rank (`--for`), or the post they are
//! planned for (`--planned`), on a date (`--at`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::eligibility::{Question as Asked, eligibility};
use crate::plan::Plan;
use crate::report::Format;
use crate::report::eligibility::{EligibilityReport, workbook_bytes, write_json, write_table};
use crate::syntax::ast::SubjectKind;

use super::audit::{open_roster, output_format, refuse_overwriting_inputs};
use super::{Outcome, RosterArgs, load_rules_with_targets};

/// What `eligible` asks: `--for KIND NAME` or `--planned`, on a date.
pub(crate) struct Question<'a> {
    /// `[kind, name]` of `--for`, or empty.
    pub post: &'a [String],
    /// `--planned`.
    pub planned: bool,
    /// `--at`.
    pub at: Date,
    /// `--redact`.
    pub redact: bool,
}

/// Answers the question; 0 when every row was read, 1 when some were rejected, 2 on bad input.
pub(crate) fn run(
    roster: &RosterArgs,
    rules: &[PathBuf],
    asked: &Question<'_>,
    format: Option<Format>,
    output: Option<&Path>,
    lang: crate::i18n::Lang,
) -> Outcome {
    let (post, planned, at) = (asked.post, asked.planned, asked.at);
    let format = match output_format(format, output) {
        Ok(Format::Jsonl | Format::Csv) => {
            complain!(
                "error: `eligible` writes a table, JSON, an xlsx workbook or a web page (html)"
            );
            return Outcome::Invalid;
        }
        Ok(f) => f,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    if let Some(path) = output
        && let Err(message) = refuse_overwriting_inputs(path, &roster.roster, rules)
    {
        complain!("error: {message}");
        return Outcome::Invalid;
    }
    let (rules, name) = match load_rules_with_targets(rules, &[]) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let mut plan = Plan::for_eligibility(&rules, at, name);
    plan.lang = lang;
    let question = match (post, planned) {
        (_, true) => Asked::Planned,
        ([kind, name], false) => match find_post(&plan, kind, name) {
            Ok(id) => Asked::For(id),
            Err(message) => {
                complain!("error: {message}");
                return Outcome::Invalid;
            }
        },
        _ => {
            complain!(
                "error: say which post: --for position \"Trưởng phòng\", --for rank \"Chuyên viên chính\", or --planned"
            );
            return Outcome::Invalid;
        }
    };
    let (mut reader, columns) = match open_roster(&plan, roster) {
        Ok(r) => r,
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    let mut records = Vec::new();
    loop {
        let batch = reader.next_batch(crate::audit::BATCH);
        if batch.is_empty() {
            break;
        }
        records.extend(batch.into_records());
    }
    let mut out = eligibility(&rules, &plan, &columns, records, question);
    if asked.redact {
        out.redact();
    }
    let report = EligibilityReport::new(&plan, &out, &columns);
    let roster_name = roster.roster.display().to_string();
    let write = |w: &mut dyn Write| -> io::Result<()> {
        match format {
            Format::Json => write_json(w, &report),
            Format::Xlsx => {
                let bytes = workbook_bytes(&report).map_err(io::Error::other)?;
                w.write_all(&bytes)
            }
            Format::Html => crate::report::eligibility::write_html(w, &roster_name, &report),
            _ => write_table(w, &roster_name, &report),
        }
    };
    super::emit(output, write, out.rejected.is_empty())
}

/// The post or rank `--for KIND NAME` names, with a suggestion when none does.
fn find_post(plan: &Plan, kind: &str, name: &str) -> Result<u32, String> {
    let kind = match kind {
        "position" | "chuc-vu" => SubjectKind::Position,
        "rank" | "ngach" => SubjectKind::Rank,
        other => {
            return Err(format!(
                "--for `{other}`: write `--for position \"NAME\"` or `--for rank \"NAME\"`"
            ));
        }
    };
    let found = match kind {
        SubjectKind::Position => plan.find_position(name),
        SubjectKind::Rank => plan.find_rank(name),
        SubjectKind::Standard => None,
    };
    match found {
        Some(id) => {
            let s = &plan.subjects[id as usize];
            match &s.no_standard {
                Some(n) => Err(format!(
                    "{} `{}` has no standard on {}: {}",
                    kind.keyword(),
                    s.name,
                    plan.as_of,
                    n.reason
                )),
                None => Ok(id),
            }
        }
        None => {
            let names: Vec<&str> = plan
                .subjects
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.name.as_str())
                .collect();
            let hint = crate::suggest::help_for(name, "names", &names).unwrap_or_default();
            Err(format!(
                "no {} `{name}` in the rules in force on {}. {hint}",
                kind.keyword(),
                plan.as_of
            ))
        }
    }
}
