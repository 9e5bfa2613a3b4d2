//! Roster bytes (as an .xls file: a compound file of BIFF records) → read and audit against the shipped rules: every row audited
//! or rejected, never a panic or an allocation the file's size does not justify.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::audit_bytes("fuzz.xls", data));
