//! `chuanhoa fmt [--check] [PATHS]`: rewrite rule files in the canonical layout, or (`--check`)
//! say which are not, with a diff.

use std::path::{Path, PathBuf};

use crate::source::{SourceFile, SourceMap};
use crate::syntax::format::format_rules;

use super::Outcome;

/// Formats the files (default: `rules/`); with `check`, changes nothing and exits 1 when a
/// file is not in the canonical layout. A file that does not parse is left alone (exit 2).
pub(crate) fn run(paths: &[PathBuf], check: bool) -> Outcome {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("rules")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for path in &paths {
        let mut found = Vec::new();
        if let Err(e) = super::collect_rule_paths(path, &mut found) {
            complain!("error: cannot read `{}`: {e}", path.display());
            return Outcome::Invalid;
        }
        if found.is_empty() {
            complain!("error: `{}` holds no .rules file", path.display());
            return Outcome::Invalid;
        }
        files.extend(found);
    }
    let (mut unformatted, mut rewritten, mut broken) = (0, 0, 0);
    for file in &files {
        let text = match super::rule_text(file) {
            Ok(t) => t,
            Err(message) => {
                complain!("error: {message}");
                broken += 1;
                continue;
            }
        };
        if let Err(rendered) = parses(file, &text) {
            complain!("{rendered}");
            complain!("`{}` does not parse: left as it is", file.display());
            broken += 1;
            continue;
        }
        let formatted = match format_rules(&text) {
            Ok(f) => f,
            Err(message) => {
                complain!("error: `{}`: {message}", file.display());
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        unformatted += 1;
        if check {
            let name = file.display().to_string();
            let diff = similar::TextDiff::from_lines(&text, &formatted);
            say!(
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&name, &format!("{name} (formatted)"))
            );
        } else if let Err(e) = write(file, &formatted) {
            complain!("error: cannot write `{}`: {e}", file.display());
            broken += 1;
        } else {
            rewritten += 1;
            say!("formatted {}", file.display());
        }
    }
    if check && unformatted > 0 {
        complain!(
            "{unformatted} of {} file{} not in the canonical layout; run `chuanhoa fmt`",
            files.len(),
            if files.len() == 1 { " is" } else { "s are" }
        );
    } else if !check {
        say!("{rewritten} of {} files rewritten", files.len());
    }
    if broken > 0 {
        Outcome::Invalid
    } else if check && unformatted > 0 {
        Outcome::Partial
    } else {
        Outcome::Done
    }
}

/// Parses the text (syntax and the mistakes the grammar accepts): formatting a file that does
/// not parse could only lose what the author meant.
fn parses(path: &Path, text: &str) -> Result<(), String> {
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new(
        path.display().to_string(),
        text.to_string(),
    ));
    let diagnostics = match crate::syntax::parse_file(id, sources.get(id)) {
        Ok((_, lowered)) if lowered.is_empty() => return Ok(()),
        Ok((_, lowered)) => lowered,
        Err(d) => vec![d],
    };
    let mut all = crate::diagnostic::Diagnostics::new();
    all.extend(diagnostics);
    Err(all.render(&sources, super::use_color(), 100))
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    crate::report::write_atomically(path, |w| w.write_all(text.as_bytes()))
}
