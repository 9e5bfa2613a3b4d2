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

/// The shipped target files (`rules/targets/`), named `rules/targets/<file>`.
pub fn builtin_target_files() -> Vec<SourceFile> {
    BUILTIN_TARGETS
        .iter()
        .map(|(name, text)| SourceFile::new(format!("rules/targets/{name}"), *text))
        .collect()
}

/// A shipped target file by its name without `.rules` (`son-tay-2023`).
pub(crate) fn builtin_target_file(name: &str) -> Option<SourceFile> {
    BUILTIN_TARGETS
        .iter()
        .find(|(file, _)| file.strip_suffix(".rules") == Some(name))
        .map(|(file, text)| SourceFile::new(format!("rules/targets/{file}"), *text))
}
