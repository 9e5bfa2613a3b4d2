//! Every `fixtures/check/err_*.rules` renders its diagnostics into a snapshot.

use crate::common::diagnostics_of;

#[test]
fn rule_mistakes_render_with_place_and_help() {
    insta::glob!("fixtures/check/err_*.rules", |path| {
        let input = std::fs::read_to_string(path).unwrap();
        let rendered = diagnostics_of(path);
        assert_ne!(rendered, "no diagnostics", "{} must fail", path.display());
        insta::with_settings!({ description => input, omit_expression => true }, {
            insta::assert_snapshot!(rendered);
        });
    });
}

/// Every `fixtures/check/warn_*.rules` loads, and renders its warnings (on 25/11/2026) into a
/// snapshot.
#[test]
fn rule_warnings_render_with_place_and_help() {
    insta::glob!("fixtures/check/warn_*.rules", |path| {
        let input = std::fs::read_to_string(path).unwrap();
        let rendered = crate::common::warnings_of(path, "2026-11-25");
        assert_ne!(rendered, "no warnings", "{} must warn", path.display());
        insta::with_settings!({ description => input, omit_expression => true }, {
            insta::assert_snapshot!(rendered);
        });
    });
}

/// The shipped rules carry no warning today (CI runs `check --deny-warnings rules/`), and
/// `--deny-warnings` refuses a file that has one.
#[test]
fn shipped_rules_have_no_warnings_and_deny_warnings_refuses_them() {
    let rules = crate::common::builtin_rules_with_targets();
    let warnings = chuanhoa::check::warnings(&rules, chuanhoa::date::Date::today());
    assert!(
        warnings.is_empty(),
        "{}",
        warnings.render(&rules.sources, false, 100)
    );
    let (code, out, err) =
        crate::common::run(&["check", "--deny-warnings", "rules/", "rules/targets"]);
    assert_eq!(code, 0, "{out}{err}");
    let fixture = "tests/fixtures/check/warn_includes.rules";
    let (code, out, err) = crate::common::run(&["check", fixture]);
    assert_eq!(code, 0, "a warning alone does not fail `check`");
    assert!(out.contains("ok with warnings"), "{out}");
    assert!(err.contains("warning[weaker-include]"), "{err}");
    let (code, out, err) = crate::common::run(&["check", "--deny-warnings", fixture]);
    assert_eq!(code, 2);
    assert!(out.contains("refused"), "{out}");
    assert!(
        err.contains("2 warnings (refused: --deny-warnings)"),
        "{err}"
    );
}
