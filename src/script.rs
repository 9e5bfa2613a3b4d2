//! The sandboxed rhai engine behind `script` criteria: built once, no I/O, bounded work.

use std::cell::Cell;
use std::time::{Duration, Instant};

use rhai::{Dynamic, Engine, EvalAltResult, Position};

use crate::source::Span;

/// Most operations one criterion script may run before it is stopped.
const MAX_OPERATIONS: u64 = 100_000;

/// Longest one criterion script may run for one person: operations are bounded, but a few
/// operations (a large string built, a long loop of cheap steps) can still take long.
pub(crate) const MAX_TIME: Duration = Duration::from_millis(50);

thread_local! {
    /// When the script running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `f` (one script evaluation) with the wall-time bound [`MAX_TIME`] armed on this
/// thread; a script over it stops with the error `time limit`.
pub(crate) fn with_time_limit<T>(f: impl FnOnce() -> T) -> T {
    with_deadline(Instant::now() + MAX_TIME, f)
}

fn with_deadline<T>(at: Instant, f: impl FnOnce() -> T) -> T {
    DEADLINE.with(|d| d.set(Some(at)));
    let out = f();
    DEADLINE.with(|d| d.set(None));
    out
}

/// True when `err` is the stop of [`with_time_limit`].
pub(crate) fn is_time_limit(err: &EvalAltResult) -> bool {
    matches!(err, EvalAltResult::ErrorTerminated(token, _) if token.clone().into_string().is_ok_and(|t| t == "time limit"))
}

/// A rhai engine with limits and without printing, module loading or `eval`.
pub(crate) fn sandboxed_engine() -> Engine {
    let mut engine = Engine::new();
    engine.set_max_operations(MAX_OPERATIONS);
    engine.on_progress(|operations| {
        if operations % 64 != 0 {
            return None;
        }
        let late = DEADLINE.with(|d| d.get().is_some_and(|at| Instant::now() > at));
        late.then(|| Dynamic::from("time limit".to_string()))
    });
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
pub(crate) fn span_in_rules(snippet: &str, snippet_span: Span, pos: Position) -> Span {
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
pub(crate) fn describe_error(err: &EvalAltResult) -> String {
    let text = err.to_string();
    match text.find(" (line") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::{is_time_limit, sandboxed_engine, with_deadline};

    #[test]
    fn a_script_past_its_deadline_stops_with_time_limit() {
        let engine = sandboxed_engine();
        let script = "let x = 0; for i in 0..10000 { x += i; } x > 0";
        let late = with_deadline(Instant::now(), || engine.eval::<bool>(script));
        assert!(late.as_ref().is_err_and(|e| is_time_limit(e)), "{late:?}");
        // without a deadline (or well before it) the same script answers
        assert_eq!(engine.eval::<bool>(script).ok(), Some(true));
    }
}
