//! Embeds every `rules/*.rules` file in the binary, sorted by name, and every
//! `rules/targets/*.rules` file (the shipped targets, chosen with `--targets NAME`).

use std::fmt::Write as _;
use std::path::Path;

/// `(file name, include_str!(path))` lines for every `.rules` file of a folder, sorted.
fn embed(dir: &Path, code: &mut String) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".rules"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=rules/targets");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut code = String::from(
        "/// (file name, text) of every shipped rule file.\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    embed(&dir, &mut code);
    code.push_str("];\n");
    code.push_str(
        "/// (file name, text) of every shipped target file.\npub static BUILTIN_TARGETS: &[(&str, &str)] = &[\n",
    );
    embed(&dir.join("targets"), &mut code);
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(out, code).expect("write builtin_rules.rs");
}
