//! `chuanhoa fmt`: for every shipped rule file and for generated ones, the formatted text
//! parses to the same rules (the AST without its spans), keeps every comment, and formatting it
//! again changes nothing.

use chuanhoa::source::{FileId, SourceFile};
use chuanhoa::syntax::format::format_rules;
use proptest::prelude::*;

use crate::common::{root, run};

/// The AST of a text, printed without its spans (byte offsets move when the layout changes).
fn ast_without_spans(text: &str) -> String {
    let file = SourceFile::new("x.rules", text.to_string());
    let (ast, lowered) = chuanhoa::syntax::parse_file(FileId(0), &file).expect("parses");
    assert!(lowered.is_empty(), "no mistakes in the text");
    let printed = format!("{ast:?}");
    let mut out = String::with_capacity(printed.len());
    let mut rest = printed.as_str();
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        out.push_str("Span");
        let close = rest[at..].find('}').expect("a span closes");
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The comments of a text, in order (a `#` outside quotes and scripts).
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_script = false;
    for line in text.lines() {
        let mut in_string = false;
        for (i, c) in line.char_indices() {
            match c {
                '`' if !in_string => in_script = !in_script,
                '"' if !in_script => in_string = !in_string,
                '#' if !in_string && !in_script => {
                    out.push(line[i..].trim_end().to_string());
                    break;
                }
                _ => {}
            }
        }
    }
    out
}

fn assert_formats_faithfully(name: &str, text: &str) {
    let formatted = format_rules(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        ast_without_spans(&formatted),
        ast_without_spans(text),
        "{name}: the formatted text means something else:\n{formatted}"
    );
    assert_eq!(
        comments(&formatted),
        comments(text),
        "{name}: comments lost or moved"
    );
    let again = format_rules(&formatted).unwrap();
    assert_eq!(again, formatted, "{name}: not idempotent");
}

#[test]
fn every_shipped_file_formats_to_the_same_rules() {
    for f in chuanhoa::builtin_rules::builtin_files()
        .into_iter()
        .chain(chuanhoa::builtin_rules::builtin_target_files())
    {
        assert_formats_faithfully(&f.name, &f.text);
    }
}

#[test]
fn fmt_check_passes_on_the_shipped_rules_and_fails_with_a_diff_otherwise() {
    let (code, out, err) = run(&["fmt", "--check", "rules/"]);
    assert_eq!(
        code, 0,
        "rules/ is in the canonical layout (run `chuanhoa fmt rules/`)\n{out}{err}"
    );
    let dir = std::env::temp_dir().join(format!("chuanhoa-fmt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("messy.rules");
    let messy = "scale education { \"Trung cấp\"  \"Đại học\" }\nfield education: education\nrank \"Chuyên viên\" {  # giữ chú thích\n  require education >= \"Đại học\"\n}\n";
    std::fs::write(&file, messy).unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = run(&["fmt", "--check", path]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("-  require education >= \"Đại học\""), "{out}");
    assert!(
        out.contains("+    require education >= \"Đại học\""),
        "{out}"
    );
    assert!(
        err.contains("1 of 1 file is not in the canonical layout"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        messy,
        "--check writes nothing"
    );
    let (code, out, _) = run(&["fmt", path]);
    assert_eq!(code, 0);
    assert!(out.contains("1 of 1 files rewritten"), "{out}");
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert!(
        formatted.contains("rank \"Chuyên viên\" { # giữ chú thích\n"),
        "{formatted}"
    );
    let (code, _, _) = run(&["fmt", "--check", path]);
    assert_eq!(code, 0);
    // a file that does not parse is left alone, with the diagnostic
    std::fs::write(&file, "rank \"A\" { require x => 1 }\n").unwrap();
    let (code, _, err) = run(&["fmt", path]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid-operator"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "rank \"A\" { require x => 1 }\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = root();
}

// ---- generated rule files -----------------------------------------------------------------

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("education".to_string()),
        Just("age".to_string()),
        Just("political_theory".to_string()),
        Just("major".to_string()),
        Just("rank_date".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"Đại học\"".to_string()),
        Just("\"Trung cấp\"".to_string()),
        Just("\"Cao cấp LLCT - hành chính\"".to_string()),
        Just("\"sư phạm tiếng dân tộc thiểu số\"".to_string()),
        Just(
            "\"NĐ 170/2025/NĐ-CP, Điều 29 khoản 7 điểm a, sửa đổi bởi NĐ 300/2026/NĐ-CP [V]\""
                .to_string()
        ),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        (0u32..99).prop_map(|n| n.to_string()),
        Just("2025-07-01".to_string()),
        Just("yes".to_string()),
        Just("today".to_string()),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (
            name(),
            prop_oneof![Just(">="), Just("<"), Just("=="), Just("!="), Just("≥")],
            value()
        )
            .prop_map(|(n, o, v)| format!("{n} {o} {v}")),
        (name(), prop::collection::vec(text(), 1..6))
            .prop_map(|(n, vs)| format!("{n} in [{}]", vs.join(", "))),
        (name(), prop::collection::vec(text(), 1..8))
            .prop_map(|(n, vs)| format!("{n} contains [{}]", vs.join(","))),
        name(),
        text().prop_map(|t| format!("holds position {t}")),
        name().prop_map(|n| format!("{n} is\u{1}empty")),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|cs| cs.join(" and ")),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|cs| cs.join(" or ")),
            inner.clone().prop_map(|c| format!("({c})")),
            inner.prop_map(|c| format!("not ({c})")),
        ]
    })
}

fn clause() -> impl Strategy<Value = String> {
    prop_oneof![
        condition().prop_map(|c| format!("when {c}")),
        Just("train \"ĐT-ĐH\"".to_string()),
        (text(), condition()).prop_map(|(t, c)| format!("exempt {t} if {c}")),
        (text(), condition()).prop_map(|(t, c)| format!("grace {t} until 2030-12-31 if {c}")),
        Just("grace 12 months after rank_date".to_string()),
        text().prop_map(|t| format!("source {t}")),
        Just("from 2025-07-01".to_string()),
        Just("until 2027-07-01".to_string()),
    ]
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::option::of(text()), condition(), prop::collection::vec(clause(), 0..4))
            .prop_map(|(l, c, cl)| format!(
                "require {}{c} {}",
                l.map(|l| format!("{l} ")).unwrap_or_default(),
                cl.join(" ")
            )),
        1 => (text(), condition()).prop_map(|(l, c)| format!("appoint {l} {c}")),
        1 => text().prop_map(|t| format!("source {t}")),
        1 => text().prop_map(|t| format!("includes rank {t}")),
        1 => (text(), text()).prop_map(|(a, b)| format!("confirm {a} source {b}")),
    ]
}

fn item() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            text(),
            prop::collection::vec(text(), 0..12),
            prop::collection::vec(statement(), 0..5)
        )
            .prop_map(|(n, aka, body)| {
                let aka = if aka.is_empty() {
                    String::new()
                } else {
                    format!(" aka {}", aka.join(", "))
                };
                format!("position {n}{aka} {{ {} }}", body.join(" "))
            }),
        (prop::collection::vec((text(), prop::collection::vec(text(), 0..9)), 1..5)).prop_map(
            |levels| {
                let levels: Vec<String> = levels
                    .into_iter()
                    .map(|(l, aka)| {
                        if aka.is_empty() {
                            l
                        } else {
                            format!("{l} aka {}", aka.join(", "))
                        }
                    })
                    .collect();
                format!("scale education {{ {} }}", levels.join(" "))
            }
        ),
        (name(), prop::collection::vec(text(), 1..9))
            .prop_map(|(n, cols)| format!("field {n}: text column {}", cols.join(", "))),
        (text(), prop::collection::vec(statement(), 0..4))
            .prop_map(|(n, body)| format!("standard {n} {{ {} }}", body.join(" "))),
        (text(), condition(), condition(), condition()).prop_map(|(n, g, t, w)| format!(
            "rank {n} when {w} {{ includes standard {n} require case {g}: {t} case {w}: {t} }}"
        )),
        Just("use builtin".to_string()),
        (text(), prop::collection::vec((name(), text()), 1..9)).prop_map(|(n, entries)| {
            let staff: Vec<String> = entries.iter().map(|(f, v)| format!("{f}: {v}")).collect();
            format!(
                "example {n} on 2026-11-25 {{ staff {{ {} }} expect status meets }}",
                staff.join(", ")
            )
        }),
    ]
}

/// A rule file: the items' tokens joined by random blanks, line breaks and comments.
fn rule_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(item(), 1..5),
        prop::collection::vec(0u8..8, 64),
    )
        .prop_map(|(items, seps)| {
            let text = items.join("\n");
            let mut out = String::new();
            let mut k = 0;
            // every blank outside quotes becomes one of several separators
            let mut in_string = false;
            for c in text.chars() {
                if c == '"' {
                    in_string = !in_string;
                }
                if c == ' ' && !in_string {
                    let sep = seps[k % seps.len()];
                    k += 1;
                    out.push_str(match sep {
                        0 => "  ",
                        1 => "\n        ",
                        2 => " # chú thích cuối dòng\n",
                        3 => "\n\n  # chú thích riêng dòng\n  ",
                        4 => "\t",
                        _ => " ",
                    });
                } else {
                    out.push(c);
                }
            }
            // `is empty` is one keyword: its blank is not a separator
            out.replace('\u{1}', " ")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_files_format_to_the_same_rules(text in rule_file()) {
        assert_formats_faithfully("generated", &text);
    }
}
