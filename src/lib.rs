//! chuanhoa checks Vietnamese government staff against the legal standards of their rank and
//! position.
//!
//! ```text
//! rules/*.rules ──parse──▶ AST ──check──▶ RuleSet ──plan (as-of date)──▶ Plan
//! roster.csv ──read + normalize──▶ StaffRow ───────────────────────────────┴─▶ evaluate ──▶ PersonResult ──▶ report
//! ```
//!
//! The library API, which the command line (`cli`, the binary's front end) and `serve` both
//! stand on:
//! - rules: [`check::load`] on [`source::SourceFile`]s (or [`builtin_rules::builtin_files`])
//!   → [`ruleset::RuleSet`]; [`plan::Plan::for_date`] → the rules in force on one day;
//! - rosters: [`audit::RosterSource`] (a path, or bytes and a file name) with
//!   [`audit::RosterOptions`]; a roster that cannot be read is a typed [`roster::RosterError`];
//! - auditing: [`audit::audit_stream`] (batches handed on in roster order, memory flat),
//!   [`audit::audit_source`] / [`audit::audit_file`] (everyone kept);
//! - reports: [`report::AuditReport`] written in any [`report::Format`];
//! - regulation change: [`diff`], [`coverage`], [`examples::run_examples`],
//!   [`check::warnings`], [`syntax::format`].
//!
//! Everything else is `pub(crate)`.

pub mod aggregate;
pub mod audit;
pub mod builtin_rules;
pub mod check;
pub mod cli;
pub mod coverage;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub(crate) mod eligibility;
pub mod evaluate;
pub mod examples;
pub mod finding;
pub mod i18n;
pub(crate) mod normalize;
pub mod plan;
pub(crate) mod render;
pub mod report;
pub mod roster;
pub mod ruleset;
pub(crate) mod script;
pub(crate) mod seen_ids;
pub mod serve;
pub mod source;
pub(crate) mod spool;
pub mod staff;
pub(crate) mod suggest;
pub mod syntax;
pub mod targets;
