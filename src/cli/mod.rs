//! The command line: clap definitions, loading rules and rosters, and the exit code.

/// Prints a line to standard output. A reader that went away (`chuanhoa columns … | head`) is
/// not an error worth a panic, so a failed write is ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Prints a line to standard error; a closed standard error (`2>&1 | head -1`) is not worth a
/// panic either.
macro_rules! complain {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod audit;
mod check;
mod columns;
mod diff;
mod eligible;
mod explain;
mod fmt;
mod serve;
mod test_rules;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::check::{LoadFailure, load};
use crate::date::Date;
use crate::report::Format;
use crate::ruleset::RuleSet;
use crate::source::SourceFile;

/// chuanhoa: audit government staff against the standards of their rank and position.
#[derive(Debug, Parser)]
#[command(name = "chuanhoa", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Which roster to read and how (shared by `audit`, `explain` and `columns`).
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct RosterArgs {
    /// The roster: CSV (UTF-8, UTF-16 or Windows-1258), XLSX / XLS / ODS, JSON or JSON Lines.
    pub roster: PathBuf,
    /// The sheet of a workbook (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// `"Header=field"`: this roster column feeds this field (repeatable).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
}

/// What `columns` and `values` read: a roster, the rules, and the date that picks the rules.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct InspectArgs {
    /// The roster and how to read it.
    #[command(flatten)]
    pub roster: RosterArgs,
    /// Rule files or folders (default: the shipped rules).
    #[arg(long = "rules")]
    pub rules: Vec<PathBuf>,
    /// Audit date, yyyy-mm-dd (default: today): decides which rules, hence fields, count.
    #[arg(long = "as-of", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Language of the messages: vi (default, or CHUANHOA_LANG) or en.
    #[arg(long = "lang", value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
}

/// What `audit` reads and writes.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AuditArgs {
    /// The roster and how to read it.
    #[command(flatten)]
    pub(crate) roster: RosterArgs,
    /// Rule files or folders (default: the shipped rules).
    #[arg(long = "rules")]
    pub(crate) rules: Vec<PathBuf>,
    /// Audit date, yyyy-mm-dd (default: today).
    #[arg(long = "as-of", value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
    /// Output format (default: the one `-o`'s extension names, else table).
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub(crate) output: Option<PathBuf>,
    /// Collective targets to measure: a shipped target file by name (`son-tay-2023`) or a
    /// path (repeatable).
    #[arg(long = "targets", value_name = "NAME|PATH")]
    pub(crate) targets: Vec<String>,
    /// Break the results down by unit, tier, ethnicity, gender, rank, position or age-band.
    #[arg(long = "by", value_parser = parse_group_by)]
    pub(crate) by: Option<crate::aggregate::GroupBy>,
    /// Language of the report's labels: vi (default, or CHUANHOA_LANG) or en.
    #[arg(long = "lang", value_parser = parse_lang)]
    pub(crate) lang: Option<crate::i18n::Lang>,
    /// For sharing outside the HR office: names become `#ROW`, ids are left out, birth dates
    /// become ages (verdicts are those of the real data).
    #[arg(long)]
    pub(crate) redact: bool,
    /// The counts without the list of people (table and json): for rosters of millions.
    #[arg(long = "summary-only")]
    pub(crate) summary_only: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check rule files and print every mistake (exit 2 if any).
    Check {
        /// Rule files or folders (default: the shipped rules).
        paths: Vec<PathBuf>,
        /// Refuse warnings too (exit 2), as CI does on `rules/`.
        #[arg(long = "deny-warnings")]
        deny_warnings: bool,
        /// The date warnings about ended standards are read on (default: today).
        #[arg(long = "as-of", value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Audit a roster against the rules.
    Audit(AuditArgs),
    /// Explain one person criterion by criterion.
    Explain {
        /// The roster and how to read it.
        #[command(flatten)]
        roster: RosterArgs,
        /// The person's id.
        #[arg(long, conflicts_with = "row", required_unless_present = "row")]
        id: Option<String>,
        /// The person's row number as the spreadsheet shows it.
        #[arg(long)]
        row: Option<u32>,
        /// Rule files or folders (default: the shipped rules).
        #[arg(long = "rules")]
        rules: Vec<PathBuf>,
        /// Audit date, yyyy-mm-dd (default: today).
        #[arg(long = "as-of", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Language: vi (default, or CHUANHOA_LANG) or en.
        #[arg(long = "lang", value_parser = parse_lang)]
        lang: Option<crate::i18n::Lang>,
    },
    /// Who may be appointed to a post or promoted to a rank, who is one training away, and
    /// why the others are not eligible.
    #[command(group(clap::ArgGroup::new("question").required(true).args(["post", "planned"])))]
    Eligible {
        /// The roster and how to read it.
        #[command(flatten)]
        roster: RosterArgs,
        /// The post asked about: `--for position "Trưởng phòng"` or `--for rank "Chuyên viên chính"`.
        #[arg(long = "for", num_args = 2, value_names = ["KIND", "NAME"])]
        post: Vec<String>,
        /// Every person against the post(s) they are planned for (column `Chức danh quy hoạch`).
        #[arg(long)]
        planned: bool,
        /// Rule files or folders (default: the shipped rules).
        #[arg(long = "rules")]
        rules: Vec<PathBuf>,
        /// The date asked about, yyyy-mm-dd (default: today): ages, time in post and rating
        /// years move to it; trainings are not assumed. `--as-of` is the same flag, as in `audit`.
        #[arg(long = "at", visible_alias = "as-of", value_parser = parse_date)]
        at: Option<Date>,
        /// Output format: table, json or xlsx (default: the one `-o`'s extension names, else table).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Language: vi (default, or CHUANHOA_LANG) or en.
        #[arg(long = "lang", value_parser = parse_lang)]
        lang: Option<crate::i18n::Lang>,
        /// For sharing outside the HR office: names become `#ROW`, ids are left out.
        #[arg(long)]
        redact: bool,
    },
    /// A local web page: drop a roster, see the report, download xlsx / html (127.0.0.1 only,
    /// unless --listen says otherwise); also `POST /api/audit`.
    Serve {
        /// The port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on (default 127.0.0.1: this machine only).
        #[arg(long)]
        listen: Option<std::net::IpAddr>,
        /// Rule files or folders (default: the shipped rules).
        #[arg(long = "rules")]
        rules: Vec<PathBuf>,
        /// The largest roster accepted, in megabytes.
        #[arg(long = "max-upload-mb", default_value_t = 50)]
        max_upload_mb: usize,
    },
    /// What a rule edit or a later date changes: on a roster, every person whose verdict
    /// changes; without one, the ranks, positions and criteria that differ.
    Diff(diff::DiffArgs),
    /// Show which roster column feeds which field, and which fields are missing.
    Columns(InspectArgs),
    /// List, per column, the values that could not be read, with counts and suggestions.
    Values(InspectArgs),
    /// Rewrite rule files in the canonical layout (`--check`: only say which differ, with a
    /// diff, exit 1).
    Fmt {
        /// Rule files or folders (default: `rules/`).
        paths: Vec<PathBuf>,
        /// Change nothing; exit 1 and print a diff when a file is not in the canonical layout.
        #[arg(long)]
        check: bool,
    },
    /// Run the `example` blocks of rule files.
    Test {
        /// Rule files or folders (default: the shipped rules).
        paths: Vec<PathBuf>,
        /// Also say, per criterion, whether some example makes it met and some unmet, and
        /// whether each `exempt` and `grace` clause is exercised; list the gaps.
        #[arg(long)]
        coverage: bool,
        /// Fail (exit 1) when coverage is below this percentage (implies --coverage).
        #[arg(long = "min-coverage", value_name = "PERCENT")]
        min_coverage: Option<f64>,
    },
}

/// How a run ended; maps to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done (gaps are results, not errors): 0.
    Done,
    /// The audit ran but rows were rejected, or examples failed: 1.
    Partial,
    /// Bad rules or bad arguments: 2.
    Invalid,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Done => 0,
            Outcome::Partial => 1,
            Outcome::Invalid => 2,
        })
    }
}

/// Writes a report to `output` (atomically) or to standard output, and says how the run ended:
/// 0 when every row was read (`complete`), 1 when rows were rejected, 2 when the report could
/// not be written. A reader that went away (`| head`) is not a failure.
fn emit(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    complete: bool,
) -> Outcome {
    use std::io::Write as _;
    let written = match output {
        Some(path) => crate::report::write_atomically(path, write),
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            write(&mut lock).and_then(|_| lock.flush())
        }
    };
    let written = written.or_else(|e| match (output, e.kind()) {
        (None, std::io::ErrorKind::BrokenPipe) => Ok(()),
        _ => Err(e),
    });
    if let Err(e) = written {
        match output {
            Some(path) => complain!("error: cannot write `{}`: {e}", path.display()),
            None => complain!("error: cannot write the report: {e}"),
        }
        return Outcome::Invalid;
    }
    if complete {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}

/// The rules of `paths` (or the shipped ones) in force on `as_of`, reasons in `lang`; the
/// diagnostics are printed when they do not check.
fn plan_for(
    paths: &[PathBuf],
    as_of: Date,
    lang: crate::i18n::Lang,
) -> Result<crate::plan::Plan, Outcome> {
    let (rules, name) = load_rules(paths)?;
    let mut plan = crate::plan::Plan::for_date(&rules, as_of, name);
    plan.lang = lang;
    Ok(plan)
}

/// Audits the roster, printing why when it cannot be read.
fn audited(
    plan: &crate::plan::Plan,
    roster: &RosterArgs,
) -> Result<crate::audit::AuditOutput, Outcome> {
    audit::audit_roster(plan, roster).map_err(|message| {
        complain!("error: {message}");
        Outcome::Invalid
    })
}

/// `--lang vi|en`.
fn parse_lang(text: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::parse(text).ok_or_else(|| format!("`{text}`: the languages are vi and en"))
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Check {
            paths,
            deny_warnings,
            as_of,
        } => check::run(&paths, deny_warnings, as_of.unwrap_or_else(Date::today)),
        Command::Audit(args) => audit::run(&args),
        Command::Explain {
            roster,
            id,
            row,
            rules,
            as_of,
            lang,
        } => explain::run(
            &roster,
            &rules,
            as_of.unwrap_or_else(Date::today),
            id.as_deref(),
            row,
            crate::i18n::Lang::choose(lang),
        ),
        Command::Eligible {
            roster,
            post,
            planned,
            rules,
            at,
            format,
            output,
            lang,
            redact,
        } => eligible::run(
            &roster,
            &rules,
            &eligible::Question {
                post: &post,
                planned,
                at: at.unwrap_or_else(Date::today),
                redact,
            },
            format,
            output.as_deref(),
            crate::i18n::Lang::choose(lang),
        ),
        Command::Serve {
            port,
            listen,
            rules,
            max_upload_mb,
        } => serve::run(&rules, port, listen, max_upload_mb),
        Command::Columns(a) => columns::run(
            &a.roster,
            &a.rules,
            a.as_of.unwrap_or_else(Date::today),
            crate::i18n::Lang::choose(a.lang),
        ),
        Command::Values(a) => columns::run_values(
            &a.roster,
            &a.rules,
            a.as_of.unwrap_or_else(Date::today),
            crate::i18n::Lang::choose(a.lang),
        ),
        Command::Diff(args) => diff::run(&args),
        Command::Fmt { paths, check } => fmt::run(&paths, check),
        Command::Test {
            paths,
            coverage,
            min_coverage,
        } => test_rules::run(&paths, coverage || min_coverage.is_some(), min_coverage),
    }
}

fn parse_group_by(text: &str) -> Result<crate::aggregate::GroupBy, String> {
    crate::aggregate::GroupBy::parse(text).ok_or_else(|| {
        format!("`{text}`: write unit, tier, ethnicity, gender, rank, position or age-band")
    })
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| format!("`{text}` is not a date; write yyyy-mm-dd"))
}

/// Colour only on a terminal and without NO_COLOR.
pub(crate) fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Reads the rule files: the given files and every `*.rules` below the given folders (sorted),
/// or the shipped rules when none is given.
pub(crate) fn read_rule_files(paths: &[PathBuf]) -> Result<(Vec<SourceFile>, String), String> {
    if paths.is_empty() {
        return Ok((
            crate::builtin_rules::builtin_files(),
            "built-in".to_string(),
        ));
    }
    let mut files = Vec::new();
    let mut seen = Vec::new();
    for path in paths {
        let mut found = Vec::new();
        collect_rule_paths(path, &mut found)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if found.is_empty() {
            return Err(format!("`{}` holds no .rules file", path.display()));
        }
        for p in found {
            // a file named twice (a folder and a file in it) is read once
            let real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if seen.contains(&real) {
                continue;
            }
            seen.push(real);
            let text = rule_text(&p)?;
            files.push(SourceFile::new(p.display().to_string(), text));
        }
    }
    let name = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Ok((files, name))
}

/// A rule file's text: UTF-8, a BOM and CRLF line ends accepted (Windows editors write
/// both); a file in another encoding gets a message naming it rather than a parse error.
pub(crate) fn rule_text(path: &Path) -> Result<String, String> {
    use crate::roster::encoding::{TextEncoding, sniff};
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let not_utf8 = |encoding: &str| {
        format!(
            "`{}` is not UTF-8 (it looks like {encoding}); save the rule file as UTF-8",
            path.display()
        )
    };
    match sniff(&bytes) {
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => return Err(not_utf8("UTF-16")),
        TextEncoding::Windows1258 => return Err(not_utf8("Windows-1258")),
        TextEncoding::Utf8 => {}
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(format!(
                "`{}` line {line}: a byte that is not UTF-8; save the rule file as UTF-8",
                path.display()
            ))
        }
    }
}

pub(crate) fn collect_rule_paths(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() || e.extension().is_some_and(|x| x == "rules") {
                collect_rule_paths(&e, out)?;
            }
        }
    } else {
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Loads and checks rules, printing every diagnostic on failure.
pub(crate) fn load_rules(paths: &[PathBuf]) -> Result<(RuleSet, String), Outcome> {
    load_rules_with_targets(paths, &[])
}

/// Loads and checks rules and the target files `--targets` names (a shipped target file by
/// name, or a path), printing every diagnostic on failure.
pub(crate) fn load_rules_with_targets(
    paths: &[PathBuf],
    targets: &[String],
) -> Result<(RuleSet, String), Outcome> {
    let fail = |e: String| {
        complain!("error: {e}");
        Outcome::Invalid
    };
    let (mut files, mut name) = read_rule_files(paths).map_err(fail)?;
    for spec in targets {
        let path = Path::new(spec);
        if path.exists() {
            let (more, _) = read_rule_files(&[path.to_path_buf()]).map_err(fail)?;
            files.extend(more);
        } else if let Some(file) = crate::builtin_rules::builtin_target_file(spec) {
            files.push(file);
        } else {
            let shipped: Vec<String> = crate::builtin_rules::builtin_target_files()
                .iter()
                .map(|f| {
                    Path::new(&f.name)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            return Err(fail(format!(
                "--targets `{spec}` is neither a file nor a shipped target file; shipped: {}",
                shipped.join(", ")
            )));
        }
        name.push_str(&format!(" + targets {spec}"));
    }
    load(files).map(|r| (r, name)).map_err(|failure| {
        print_failure(failure);
        Outcome::Invalid
    })
}

fn print_failure(
    LoadFailure {
        sources,
        diagnostics,
    }: LoadFailure,
) {
    let n = diagnostics.len();
    complain!("{}", diagnostics.render(&sources, use_color(), 100));
    complain!("{n} error{} in the rules", if n == 1 { "" } else { "s" });
}

/// `--format`'s values: each format under its lower-case name, with a line of help.
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Format::Table,
            Format::Json,
            Format::Jsonl,
            Format::Csv,
            Format::Xlsx,
            Format::Html,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let (name, help) = match self {
            Format::Table => ("table", "A one-screen summary, then the people with gaps"),
            Format::Json => ("json", "One JSON object (DESIGN §4)"),
            Format::Jsonl => ("jsonl", "One JSON person object per line"),
            Format::Csv => ("csv", "One CSV row per finding"),
            Format::Xlsx => (
                "xlsx",
                "A workbook: summary, detail, training plan, rejected rows (needs `-o`)",
            ),
            Format::Html => (
                "html",
                "One self-contained web page: summary, charts, targets, training plan, people \
                 (needs `-o`)",
            ),
        };
        Some(clap::builder::PossibleValue::new(name).help(help))
    }
}
