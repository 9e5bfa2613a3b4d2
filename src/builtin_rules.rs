//! The shipped `rules/` folder, embedded in the binary at build time (see `build.rs`), used
//! when `--rules` is not given.

use crate::source::SourceFile;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The shipped rule files, in sorted order, named `rules/<file>`.
pub fn builtin_files() -> Vec<SourceFile> {
    BUILTIN_RULES
        .iter()
        .map(|(name, text)| SourceFile::new(format!("rules/{name}"), *text))
        .collect()
}
