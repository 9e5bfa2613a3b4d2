//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use chuanhoa::audit::AuditOutput;
use chuanhoa::check::load;
use chuanhoa::date::Date;
use chuanhoa::plan::Plan;
use chuanhoa::ruleset::RuleSet;
use chuanhoa::source::SourceFile;

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped rules, checked.
pub fn builtin_rules() -> RuleSet {
    load(chuanhoa::builtin_rules::builtin_files()).expect("shipped rules check clean")
}

/// The shipped rules and every shipped target file, checked together.
pub fn builtin_rules_with_targets() -> RuleSet {
    let mut files = chuanhoa::builtin_rules::builtin_files();
    files.extend(chuanhoa::builtin_rules::builtin_target_files());
    load(files).expect("shipped rules and targets check clean")
}

/// Renders every diagnostic of one rule file without colour at a fixed width.
pub fn diagnostics_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let name = format!(
        "fixtures/check/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    match load(vec![SourceFile::new(name, text)]) {
        Ok(_) => "no diagnostics".to_string(),
        Err(f) => f.diagnostics.render(&f.sources, false, 100),
    }
}

/// Audits a CSV roster in-process.
pub fn audit_csv(rules: &RuleSet, roster: &Path, as_of: &str) -> (Plan, AuditOutput) {
    // the snapshots pin English reasons; tests of the Vietnamese default say so themselves
    let mut plan = Plan::for_date(rules, Date::parse_iso(as_of).unwrap(), "built-in");
    plan.lang = chuanhoa::i18n::Lang::En;
    let out = chuanhoa::audit::audit_file(&plan, roster).expect("roster readable");
    (plan, out)
}

/// Runs the binary with NO_COLOR, in English; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    run_in(args, Some("en"))
}

/// Runs the binary as an officer does: no language set, so Vietnamese.
pub fn run_vi(args: &[&str]) -> (i32, String, String) {
    run_in(args, None)
}

fn run_in(args: &[&str], lang: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chuanhoa"));
    command
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CHUANHOA_LANG");
    if let Some(lang) = lang {
        command.env("CHUANHOA_LANG", lang);
    }
    let out = command.output().expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Renders the warnings of one rule file (which must load) on `as_of`, without colour.
pub fn warnings_of(path: &Path, as_of: &str) -> String {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let name = format!(
        "fixtures/check/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let rules = load(vec![SourceFile::new(name, text)]).expect("warning fixtures load");
    let warnings = chuanhoa::check::warnings(&rules, Date::parse_iso(as_of).unwrap());
    if warnings.is_empty() {
        return "no warnings".to_string();
    }
    warnings.render(&rules.sources, false, 100)
}
