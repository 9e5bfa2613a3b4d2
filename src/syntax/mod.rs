//! Source text → AST: the pest grammar, its error messages, and the lowering into `ast`.

pub(crate) mod ast;
pub mod format;
pub(crate) mod grammar;
pub(crate) mod lower;

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::grammar::{Rule, RulesParser, rule_label};

/// Parses one rule file. A syntax error stops this file (pest cannot recover); mistakes the
/// grammar accepts on purpose come back as diagnostics beside the AST.
pub fn parse_file(
    id: FileId,
    file: &SourceFile,
) -> Result<(ast::RuleFile, Vec<Diagnostic>), Diagnostic> {
    if let Some(at) = too_deep(&file.text) {
        return Err(Diagnostic::error(
            Code::NestingTooDeep,
            format!("conditions are nested more than {MAX_NESTING} deep"),
        )
        .label(Span::new(id, at, at + 1), "too deep here")
        .help("split the condition into several `require` lines or name parts with `derived`; no standard needs this depth"));
    }
    let mut pairs =
        RulesParser::parse(Rule::rule_file, &file.text).map_err(|e| syntax_error(id, file, e))?;
    let root = pairs.next().expect("grammar: rule_file matched");
    let mut lowerer = lower::Lowerer::new(id);
    let ast = lowerer.rule_file(root);
    Ok((ast, lowerer.diagnostics))
}

/// How deep parentheses and `not` may nest in a condition: far beyond any real standard, far
/// below what the parser, the checker and the evaluator (which recurse) can take on a thread's
/// stack.
pub(crate) const MAX_NESTING: usize = 64;

/// The byte offset where parentheses and `not` (outside strings, scripts and comments) first
/// nest deeper than [`MAX_NESTING`], if they do.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut nots) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            quote @ (b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b'n' if text[i..].starts_with("not")
                && bytes
                    .get(i + 3)
                    .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_')
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                nots += 1;
                i += 3;
                if depth + nots > MAX_NESTING {
                    return Some(i - 3);
                }
                continue;
            }
            b if b.is_ascii_whitespace() => {}
            _ => nots = 0,
        }
        if depth + nots > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Turns a pest failure into a diagnostic worded for a rule author.
fn syntax_error(id: FileId, file: &SourceFile, err: pest::error::Error<Rule>) -> Diagnostic {
    let (start, end) = match err.location {
        InputLocation::Pos(p) => (p, p),
        InputLocation::Span((s, e)) => (s, e),
    };
    let found = found_at(&file.text, start);
    let message = match &err.variant {
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => expected_message(positives, negatives, &found),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let end = if end == start {
        (start + found_len(&file.text, start)).min(file.text.len())
    } else {
        end
    };
    Diagnostic::error(Code::Syntax, message).label(Span::new(id, start, end), "here")
}

/// What stands at a position, for "but found …".
fn found_at(text: &str, pos: usize) -> String {
    let rest = text.get(pos..).unwrap_or("");
    match rest.chars().next() {
        None => "end of file".to_string(),
        Some('\n') | Some('\r') => "end of line".to_string(),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            format!("`{word}`")
        }
        Some(c) => format!("`{c}`"),
    }
}

fn found_len(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    match rest.chars().next() {
        None | Some('\n') | Some('\r') => 0,
        Some(c) if c.is_alphanumeric() || c == '_' => rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(i, _)| i),
        Some(c) => c.len_utf8(),
    }
}

/// "expected a name or `{`, but found `x`".
fn expected_message(positives: &[Rule], negatives: &[Rule], found: &str) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for r in positives {
        let l = rule_label(*r);
        if !labels.contains(&l) {
            labels.push(l);
        }
    }
    if labels.is_empty() {
        let bad: Vec<&str> = negatives.iter().map(|r| rule_label(*r)).collect();
        if bad.is_empty() {
            return format!("unexpected {found}");
        }
        return format!("unexpected {}", bad.join(", "));
    }
    let list = match labels.len() {
        1 => labels[0].to_string(),
        n => format!("{} or {}", labels[..n - 1].join(", "), labels[n - 1]),
    };
    format!("expected {list}, but found {found}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{Condition, Item, Test};

    fn parse(text: &str) -> Result<(ast::RuleFile, Vec<Diagnostic>), Diagnostic> {
        parse_file(FileId(0), &SourceFile::new("t.rules", text))
    }

    #[test]
    fn parses_every_construct() {
        let text = r#"
            # comment
            from 2021-08-01
            scale education "Trình độ" { "Trung cấp" aka "TC" "Đại học" aka "ĐH", "CN" "Cử nhân" equals "Đại học" }
            field education: education column "Trình độ chuyên môn", "TĐCM" empty means "Trung cấp"
            field birth_date: date column "Ngày sinh"
            field hard_area: yes/no
            field rank column "Ngạch"
            derived age = years since birth_date
            training "BD-QLNN-CV" "Bồi dưỡng QLNN" months 2
            rank "Chuyên viên" code "01.003" aka "CV" {
                source "TT 2/2021 [S]"
                until 2030-01-01
                require education >= "Đại học" when not hard_area train "BD-QLNN-CV"
                require "tuổi" age < 60 and (hard_area or education in ["TC", "ĐH"]) source "x" from 2022-01-01
                require "script" script `staff.age >= 5`
            }
            position "Trưởng phòng" { includes rank "Chuyên viên" }
            example "e" on 2025-12-31 { staff { rank: "CV", education: "ĐH" } expect met education expect status meets }
        "#;
        let (file, diags) = parse(text).expect("parses");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(file.items.len(), 10);
        assert!(file.from.is_some());
        let Item::Subject(rank) = &file.items[7] else {
            panic!("rank")
        };
        assert_eq!(rank.requires.len(), 3);
        assert!(matches!(
            rank.requires[1].test,
            Test::Condition(Condition::And(_))
        ));
        assert!(matches!(rank.requires[2].test, Test::Script { .. }));
    }

    #[test]
    fn accepted_mistakes_become_diagnostics() {
        let (_, diags) = parse(
            "rank \"A\" { require x => \"B\" from 01/08/2021 }\nrank \"B\" { require x = 5 }\n",
        )
        .expect("parses");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                Code::InvalidOperator,
                Code::InvalidDate,
                Code::InvalidOperator
            ]
        );
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        let err = parse("scale education { \"A\" ").unwrap_err();
        assert_eq!(err.code, Code::Syntax);
        assert!(err.message.contains("`}`"), "{}", err.message);
        assert!(err.message.ends_with("end of file"), "{}", err.message);
        let err = parse("rank \"A\" { requre x >= 1 }").unwrap_err();
        assert!(err.message.contains("`require`"), "{}", err.message);
        assert!(err.message.contains("`requre`"), "{}", err.message);
    }

    #[test]
    fn keywords_are_not_names() {
        assert!(parse("rank \"A\" { require from >= 1 }").is_err());
        assert!(parse("rank \"A\" { require fromage >= 1 }").is_ok());
        // a field declaration may name a built-in field that is a keyword
        assert!(parse("field rank column \"Ngạch\"").is_ok());
    }
}
