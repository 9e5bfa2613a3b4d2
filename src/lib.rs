//! chuanhoa checks Vietnamese government staff against the legal standards of their rank and
//! position.
//!
//! ```text
//! rules/*.rules ──parse──▶ AST ──check──▶ RuleSet ──plan (as-of date)──▶ Plan
//! roster.csv ──read + normalize──▶ StaffRow ───────────────────────────────┴─▶ evaluate ──▶ PersonResult ──▶ report
//! ```

pub mod check;
pub mod date;
pub mod diagnostic;
pub mod normalize;
pub mod ruleset;
pub mod script;
pub mod source;
pub mod suggest;
pub mod syntax;
