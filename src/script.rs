//! The sandboxed rhai engine behind `script` criteria: built once, no I/O, bounded work.

use rhai::{Engine, EvalAltResult, Position};

use crate::source::Span;

/// Most operations one criterion script may run before it is stopped.
const MAX_OPERATIONS: u64 = 100_000;

/// A rhai engine with limits and without printing, module loading or `eval`.
pub fn sandboxed_engine() -> Engine {
    let mut engine = Engine::new();
    engine.set_max_operations(MAX_OPERATIONS);
    engine.set_max_expr_depths(64, 32);
    engine.set_max_string_size(10_000);
    engine.set_max_array_size(1_000);
    engine.set_max_map_size(1_000);
    engine.set_max_call_levels(16);
    engine.disable_symbol("eval");
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});
    engine
}

/// Maps a rhai position (1-based line and character inside the snippet) to a span in the rule
/// file, given where the snippet's text starts.
pub fn span_in_rules(snippet: &str, snippet_span: Span, pos: Position) -> Span {
    let Some(line) = pos.line() else {
        return snippet_span;
    };
    let col = pos.position().unwrap_or(1);
    let mut offset = snippet_span.start;
    for (i, text) in snippet.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = text
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            let width = text[within..].chars().next().map_or(0, char::len_utf8);
            return Span::new(snippet_span.file, offset + within, offset + within + width);
        }
        offset += text.len();
    }
    snippet_span
}

/// A script run-time error in one line.
pub fn describe_error(err: &EvalAltResult) -> String {
    let text = err.to_string();
    match text.find(" (line") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
