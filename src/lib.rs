//! chuanhoa checks Vietnamese government staff against the legal standards of their rank and
//! position.
//!
//! ```text
//! rules/*.rules ──parse──▶ AST ──check──▶ RuleSet ──plan (as-of date)──▶ Plan
//! roster.csv ──read + normalize──▶ StaffRow ───────────────────────────────┴─▶ evaluate ──▶ PersonResult ──▶ report
//! ```

pub mod aggregate;
pub mod audit;
pub mod builtin_rules;
pub mod check;
pub mod cli;
pub mod coverage;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod eligibility;
pub mod evaluate;
pub mod examples;
pub mod finding;
pub mod i18n;
pub mod normalize;
pub mod plan;
pub mod render;
pub mod report;
pub mod roster;
pub mod ruleset;
pub mod script;
pub mod serve;
pub mod source;
pub mod staff;
pub mod suggest;
pub mod syntax;
pub mod targets;
