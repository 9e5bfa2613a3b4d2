//! The bad-input catalogue: every file in `fixtures/bad/` is run through the binary with the
//! arguments of its `.args` file (`#` lines say what it tests; one argument per line; `{}` is
//! the input), and the exit code, standard output and standard error are snapshotted. No input
//! file may be changed by any run.

use std::path::Path;

use crate::common::{root, run};

/// The input beside an `.args` file: the file with the same name and another extension.
fn input_of(args_file: &Path) -> Option<String> {
    let stem = args_file.file_stem()?.to_string_lossy().into_owned();
    let dir = args_file.parent()?;
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{stem}.")) && !n.ends_with(".args"))
        .filter(|n| {
            Path::new(n)
                .file_stem()
                .is_some_and(|s| s.to_string_lossy() == stem)
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .map(|n| format!("tests/fixtures/bad/{n}"))
}

#[test]
fn bad_inputs() {
    insta::glob!("fixtures/bad/*.args", |path| {
        let spec = std::fs::read_to_string(path).unwrap();
        let description: Vec<&str> = spec.lines().filter_map(|l| l.strip_prefix("# ")).collect();
        let input = input_of(path).expect("every .args file has an input beside it");
        let before = std::fs::read(root().join(&input)).unwrap();
        let args: Vec<String> = spec
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.replace("{}", &input))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&args);
        assert_eq!(
            std::fs::read(root().join(&input)).unwrap(),
            before,
            "{input} was changed by the run"
        );
        insta::with_settings!({
            description => format!("{}\nchuanhoa {}", description.join("\n"), args.join(" ")),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!(
                "exit {code}\n--- stdout ---\n{out}--- stderr ---\n{err}"
            ));
        });
    });
}
