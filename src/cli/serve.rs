//! `chuanhoa serve`: loads the rule sets once, then runs the local web page until Ctrl-C.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::serve::{ServeState, serve};

use super::{Outcome, load_rules_with_targets};

/// Serves on `listen` (127.0.0.1 unless given) and `port`.
pub(crate) fn run(
    rules: &[PathBuf],
    port: u16,
    listen: Option<IpAddr>,
    max_upload_mb: usize,
) -> Outcome {
    let mut sets = BTreeMap::new();
    match load_rules_with_targets(rules, &[]) {
        Ok(set) => sets.insert(String::new(), set),
        Err(o) => return o,
    };
    for file in crate::builtin_rules::builtin_target_files() {
        let Some(name) = Path::new(&file.name).file_stem() else {
            continue;
        };
        let name = name.to_string_lossy().into_owned();
        match load_rules_with_targets(rules, std::slice::from_ref(&name)) {
            Ok(set) => sets.insert(name, set),
            Err(o) => return o,
        };
    }
    let addr = SocketAddr::new(listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)), port);
    let state = ServeState::new(sets, max_upload_mb.saturating_mul(1024 * 1024));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            complain!("error: cannot start the server: {e}");
            return Outcome::Invalid;
        }
    };
    match runtime.block_on(serve(state, addr)) {
        Ok(()) => Outcome::Done,
        Err(e) => {
            complain!("error: cannot listen on {addr}: {e}");
            Outcome::Invalid
        }
    }
}
