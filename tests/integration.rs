//! The one integration-test crate: fixture-driven snapshots and end-to-end CLI runs.

mod audit;
mod bad;
mod catalogue;
mod check;
mod cli;
mod common;
mod dates;
mod diff;
mod eligibility;
mod format;
mod formats;
mod html;
mod language;
mod regression;
mod robustness;
mod rules;
mod serve;
mod stream;
mod targets;
mod workload;
