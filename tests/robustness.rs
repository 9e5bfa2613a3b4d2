//! No input makes chuanhoa panic: rule files and rosters mangled in many small ways (bytes
//! dropped, lines repeated or swapped, characters replaced) still give diagnostics or rejected
//! rows. Deterministic: a fixed pseudo-random sequence, so a failure reproduces.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chuanhoa::check::load;
use chuanhoa::date::Date;
use chuanhoa::plan::Plan;
use chuanhoa::source::SourceFile;

use crate::common::{builtin_rules, root};

/// How many damaged inputs to try: `CHUANHOA_MANGLE_ROUNDS` for a longer hunt.
fn rounds(default: usize) -> usize {
    std::env::var("CHUANHOA_MANGLE_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// xorshift: small, deterministic, good enough to pick places to damage.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// One small damage to a text: cut a span, repeat or swap lines, or put in a tricky character.
fn mangle(text: &str, dice: &mut Dice) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let at = dice.next(chars.len());
    match dice.next(6) {
        5 => {
            // repeat a quoted text right after itself: `"a"` → `"a", "a"`
            let from = text[..text.char_indices().nth(at).map_or(0, |(i, _)| i)]
                .rfind('"')
                .unwrap_or(0);
            match text[from + 1..].find('"') {
                Some(len) => format!("{}, {}", &text[..from + len + 2], &text[from..]),
                None => text.to_string(),
            }
        }
        0 => {
            let end = (at + 1 + dice.next(40)).min(chars.len());
            chars[..at].iter().chain(&chars[end..]).collect()
        }
        1 => {
            let lines: Vec<&str> = text.lines().collect();
            let i = dice.next(lines.len());
            let mut out = lines.clone();
            out.insert(i, lines[i]);
            out.join("\n")
        }
        2 => {
            let mut lines: Vec<&str> = text.lines().collect();
            let (i, j) = (dice.next(lines.len()), dice.next(lines.len()));
            lines.swap(i, j);
            lines.join("\n")
        }
        3 => {
            const TRICKY: [&str; 10] = [
                "\"",
                "{",
                "}",
                "`",
                "\u{0}",
                "é\u{301}",
                ",",
                ";",
                "\n",
                "9999-99-99",
            ];
            let mut out: String = chars[..at].iter().collect();
            out.push_str(TRICKY[dice.next(TRICKY.len())]);
            out.extend(&chars[at..]);
            out
        }
        _ => chars[..at].iter().collect(),
    }
}

#[test]
fn mangled_rule_files_give_diagnostics_not_panics() {
    let files = chuanhoa::builtin_rules::builtin_files();
    let mut dice = Dice(0x5eed_cafe);
    for round in 0..rounds(100) {
        let mut set: Vec<SourceFile> = files.clone();
        let victim = dice.next(set.len());
        let damaged = mangle(&set[victim].text, &mut dice);
        set[victim] = SourceFile::new(set[victim].name.clone(), damaged);
        let result = catch_unwind(AssertUnwindSafe(|| match load(set) {
            Ok(rules) => {
                // whatever still checks must also compile and run its examples
                let _ = chuanhoa::examples::run_examples(&rules, Date::today());
            }
            Err(failure) => {
                let _ = failure.diagnostics.render(&failure.sources, false, 100);
            }
        }));
        assert!(
            result.is_ok(),
            "round {round}: a mangled rule file panicked"
        );
    }
}

#[test]
fn mangled_rosters_are_audited_or_rejected_never_a_panic() {
    let rules = builtin_rules();
    let plan = Plan::for_date(&rules, Date::parse_iso("2025-12-31").unwrap(), "built-in");
    let original =
        std::fs::read_to_string(root().join("tests/fixtures/rosters/regression.csv")).unwrap();
    let dir = std::env::temp_dir().join(format!("chuanhoa-mangle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut dice = Dice(0xdead_beef);
    for round in 0..rounds(100) {
        let mut text = original.clone();
        for _ in 0..=dice.next(4) {
            text = mangle(&text, &mut dice);
        }
        let ext = ["csv", "json", "jsonl"][dice.next(3)];
        let path = dir.join(format!("r{round}.{ext}"));
        std::fs::write(&path, &text).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| {
            chuanhoa::audit::audit_file(&plan, &path)
        }));
        match result {
            Err(_) => panic!(
                "round {round}: a mangled roster panicked ({})",
                path.display()
            ),
            Ok(Ok(out)) => assert_eq!(
                out.total,
                out.people.len() + out.rejected.len(),
                "round {round}: every row accounted for"
            ),
            Ok(Err(message)) => assert!(!message.to_string().is_empty()),
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 11: `includes` expand in time linear in the answer — a diamond 30 levels deep (2^30
/// paths) and a chain of 5,000 — with no recursion that a long chain could overflow.
#[test]
fn includes_expand_without_walking_every_path() {
    use chuanhoa::check::load;
    use chuanhoa::source::SourceFile;
    let mut diamond = String::from(
        "scale s { \"a\" \"b\" }\nfield f: s column \"F\"\nposition \"A0\" { require f >= \"a\" source \"x [V]\" }\nposition \"B0\" { require f >= \"b\" source \"x [V]\" }\n",
    );
    for i in 1..=30 {
        for n in ["A", "B"] {
            diamond.push_str(&format!(
                "position \"{n}{i}\" {{ includes position \"A{}\" includes position \"B{}\" source \"x [V]\" }}\n",
                i - 1,
                i - 1
            ));
        }
    }
    let mut chain = String::from(
        "scale s { \"a\" \"b\" }\nfield f: s column \"F\"\nposition \"P0\" { require f >= \"a\" source \"x [V]\" }\n",
    );
    for i in 1..5000 {
        chain.push_str(&format!(
            "position \"P{i}\" {{ includes position \"P{}\" source \"x [V]\" }}\n",
            i - 1
        ));
    }
    for (name, text, top, criteria) in [
        ("diamond.rules", diamond, "A30", 2),
        ("chain.rules", chain, "P4999", 1),
    ] {
        let rules = load(vec![SourceFile::new(name, text)])
            .unwrap_or_else(|_| panic!("{name} checks clean"));
        let plan = chuanhoa::plan::Plan::for_date(
            &rules,
            chuanhoa::date::Date::parse_iso("2025-12-31").unwrap(),
            name,
        );
        let id = plan.find_position(top).unwrap();
        assert_eq!(
            plan.subjects[id as usize].criteria.len(),
            criteria,
            "{name}"
        );
    }
}

/// Issue 11: a script that reads a missing value answers unknown (rhai's `() == "x"` is false,
/// which would have failed everyone without the column).
#[test]
fn a_script_reading_a_missing_value_is_unknown() {
    let (code, out, err) = crate::common::run(&["test", "tests/fixtures/scripts/missing.rules"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("4 passed, 0 failed\n"), "{out}");
}
