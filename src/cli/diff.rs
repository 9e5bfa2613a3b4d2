//! `chuanhoa diff`: what an edit of the rules, or the passing of time, changes — on a roster
//! (every person whose verdict changes) or, without one, in the rules themselves.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::report::Format;

use super::{Outcome, RosterArgs, load_rules};

/// What `diff` compares and how it reports.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DiffArgs {
    /// The roster to audit twice; without one, the rules themselves are compared.
    pub(crate) roster: Option<PathBuf>,
    /// The sheet of a workbook (default: the first).
    #[arg(long)]
    pub(crate) sheet: Option<String>,
    /// `"Header=field"`: this roster column feeds this field (repeatable).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub(crate) map: Vec<String>,
    /// The rules before the edit: files or folders, repeatable (default: the shipped rules).
    #[arg(long = "old", value_name = "PATH")]
    pub(crate) old: Vec<PathBuf>,
    /// The rules after the edit: files or folders, repeatable (default: the same as --old).
    #[arg(long = "new", value_name = "PATH")]
    pub(crate) new: Vec<PathBuf>,
    /// The date the old rules are read on, yyyy-mm-dd (default: today).
    #[arg(long = "as-of", value_parser = super::parse_date)]
    pub(crate) as_of: Option<Date>,
    /// The date the new rules are read on (default: the same as --as-of).
    #[arg(long = "to", value_parser = super::parse_date)]
    pub(crate) to: Option<Date>,
    /// Output format: table, json or xlsx (default: the one `-o`'s extension names, else table).
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub(crate) output: Option<PathBuf>,
    /// Language: vi (default, or CHUANHOA_LANG) or en.
    #[arg(long = "lang", value_parser = super::parse_lang)]
    pub(crate) lang: Option<Lang>,
    /// Exit 1 when something changes (as `git diff --exit-code`); otherwise 0 either way.
    #[arg(long = "exit-code")]
    pub(crate) exit_code: bool,
}

/// Compares; 0 (or 1 with `--exit-code` and a change), 2 on bad rules, roster or arguments.
pub(crate) fn run(args: &DiffArgs) -> Outcome {
    let lang = Lang::choose(args.lang);
    let as_of = args.as_of.unwrap_or_else(Date::today);
    let to = args.to.unwrap_or(as_of);
    let new_paths = if args.new.is_empty() {
        &args.old
    } else {
        &args.new
    };
    if args.new.is_empty() && args.old.is_empty() && to == as_of {
        complain!(
            "error: nothing to compare: give --old and --new rules, or --to a second date (e.g. --as-of 2025-06-30 --to 2025-07-01)"
        );
        return Outcome::Invalid;
    }
    let format = match super::audit::output_format(args.format, args.output.as_deref()) {
        Ok(f @ (Format::Table | Format::Json)) => f,
        Ok(Format::Xlsx) if args.roster.is_some() => Format::Xlsx,
        Ok(other) => {
            complain!(
                "error: diff writes table, json{}, not {}",
                if args.roster.is_some() {
                    " or xlsx"
                } else {
                    ""
                },
                other.name()
            );
            return Outcome::Invalid;
        }
        Err(message) => {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    };
    if let Some(output) = &args.output {
        let rules: Vec<PathBuf> = args.old.iter().chain(&args.new).cloned().collect();
        let roster = args.roster.clone().unwrap_or_default();
        if let Err(message) = super::audit::refuse_overwriting_inputs(output, &roster, &rules) {
            complain!("error: {message}");
            return Outcome::Invalid;
        }
    }
    let plan = |paths: &[PathBuf], date: Date, eligibility: bool| -> Result<Plan, Outcome> {
        let (rules, name) = load_rules(paths)?;
        let mut plan = if eligibility {
            Plan::for_eligibility(&rules, date, name)
        } else {
            Plan::for_date(&rules, date, name)
        };
        plan.lang = lang;
        Ok(plan)
    };
    let output = args.output.as_deref();
    let Some(roster) = &args.roster else {
        let (old, new) = match (plan(&args.old, as_of, true), plan(new_paths, to, true)) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(e), _) | (_, Err(e)) => return e,
        };
        let diff = crate::diff::rules_diff(&old, &new);
        let write = |w: &mut dyn Write| match format {
            Format::Json => crate::report::diff::write_rules_json(w, &diff),
            _ => crate::report::diff::write_rules_table(w, &diff, lang),
        };
        return finish(output, write, diff.is_empty(), args.exit_code);
    };
    let (old, new) = match (plan(&args.old, as_of, false), plan(new_paths, to, false)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let roster_args = RosterArgs {
        roster: roster.clone(),
        sheet: args.sheet.clone(),
        map: args.map.clone(),
    };
    let (old_out, new_out) = match (
        super::audited(&old, &roster_args),
        super::audited(&new, &roster_args),
    ) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let diff = crate::diff::impact(
        roster.display().to_string(),
        (&old, &old_out),
        (&new, &new_out),
    );
    let write = |w: &mut dyn Write| match format {
        Format::Json => crate::report::diff::write_impact_json(w, &diff),
        Format::Xlsx => {
            let bytes =
                crate::report::diff::impact_workbook(&diff, lang).map_err(std::io::Error::other)?;
            w.write_all(&bytes)
        }
        _ => crate::report::diff::write_impact_table(w, &diff, lang),
    };
    finish(output, write, diff.is_empty(), args.exit_code)
}

/// Writes the report; the exit code says whether anything changed only with `--exit-code`.
fn finish(
    output: Option<&Path>,
    write: impl Fn(&mut dyn Write) -> std::io::Result<()>,
    unchanged: bool,
    exit_code: bool,
) -> Outcome {
    match super::emit(output, write, true) {
        Outcome::Done if exit_code && !unchanged => Outcome::Partial,
        other => other,
    }
}
