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
