//! Roster bytes (as a .json file) → read and audit against the shipped rules: every row audited
//! or rejected, never a panic or an allocation the file's size does not justify.
#![no_main]

use std::sync::OnceLock;

use chuanhoa::audit::{RosterOptions, RosterSource, audit_source};
use chuanhoa::plan::Plan;
use libfuzzer_sys::fuzz_target;

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

fuzz_target!(|data: &[u8]| {
    let source = RosterSource::Bytes {
        name: "fuzz.json",
        bytes: data.to_vec(),
    };
    if let Ok(out) = audit_source(plan(), source, &RosterOptions::default()) {
        assert_eq!(out.people.len() + out.rejected.len(), out.total);
    }
});
