//! Rule text → parse and check (and, when it checks clean, the plan of a date): never a panic,
//! a hang or a stack overflow, whatever the text.
#![no_main]

use chuanhoa::check::load;
use chuanhoa::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rules) = load(vec![SourceFile::new("fuzz.rules", text.to_string())]) {
        let date = chuanhoa::date::Date::parse_iso("2025-12-31").expect("a date");
        let _ = chuanhoa::plan::Plan::for_date(&rules, date, "fuzz");
    }
});
