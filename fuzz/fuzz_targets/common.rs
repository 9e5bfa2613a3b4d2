//! What the roster targets share: the plan of the shipped rules, built once.

use std::sync::OnceLock;

use chuanhoa::audit::{RosterOptions, RosterSource, audit_source};
use chuanhoa::plan::Plan;

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let rules = chuanhoa::check::load(chuanhoa::builtin_rules::builtin_files())
            .unwrap_or_else(|_| panic!("the shipped rules check clean"));
        Plan::for_date(
            &rules,
            chuanhoa::date::Date::parse_iso("2025-12-31").expect("a date"),
            "built-in",
        )
    })
}

/// Reads `data` as a roster file named `name` and audits it: every row audited or rejected.
pub fn audit_bytes(name: &str, data: &[u8]) {
    let source = RosterSource::Bytes {
        name,
        bytes: data.to_vec(),
    };
    if let Ok(out) = audit_source(plan(), source, &RosterOptions::default()) {
        assert_eq!(out.people.len() + out.rejected.len(), out.total);
    }
}
