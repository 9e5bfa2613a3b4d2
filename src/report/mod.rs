//! Report writers, one per format, and the atomic write every file output goes through.

pub mod csv;
pub mod json;
pub mod table;
pub mod xlsx;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Output formats of `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A one-screen summary, then the people with gaps.
    Table,
    /// One JSON object (DESIGN §4).
    Json,
    /// One JSON person object per line.
    Jsonl,
    /// One CSV row per finding.
    Csv,
    /// A workbook: summary, detail, training plan, rejected rows (needs `-o`).
    Xlsx,
}

/// Writes a file by writing a temporary file beside it and renaming it into place, so a
/// reader never sees half a report.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut out = BufWriter::new(fs::File::create(&tmp)?);
        write(&mut out)?;
        out.flush()?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
