//! `chuanhoa fmt`: one canonical layout for rule files. The text is re-laid from pest's parse
//! tree, token by token: 4 spaces per block, one statement per line, continuation lines 4
//! deeper, lines filled up to 100 characters; long conditions break before `or` / `and` at the
//! outermost level that needs it; `exempt` and `grace` clauses start their own line. Comments
//! (found in the gaps between tokens, the only place the grammar allows them) stay where they
//! were: a comment on its own line stays on its own line before the same token, a comment after
//! code stays at the end of that line. One blank line is kept where the source had one or more
//! between statements. Tokens are never changed, so the formatted file parses to the same rules.

use pest::Parser;
use pest::iterators::Pair;

use crate::syntax::grammar::{Rule, RulesParser};

/// The line width the layout fills up to.
pub(crate) const WIDTH: usize = 100;

/// Indentation of one block level, and of a continuation line.
const INDENT: usize = 4;

/// A comment, with what the layout needs to know about where it stood.
#[derive(Debug)]
struct Comment {
    start: usize,
    text: String,
    /// Nothing but blanks before it on its line.
    own_line: bool,
    /// A blank line between it and what came before.
    blank_before: bool,
}

/// Formats the text of one rule file; Err with pest's message when it does not parse (check
/// it first for a diagnostic).
pub fn format_rules(text: &str) -> Result<String, String> {
    let mut pairs = RulesParser::parse(Rule::rule_file, text).map_err(|e| e.to_string())?;
    let root = pairs.next().ok_or("empty parse")?;
    let mut tokens = Vec::new();
    collect_tokens(root.clone(), &mut tokens);
    let comments = find_comments(text, &tokens);
    let mut f = Formatter {
        text,
        comments,
        next_comment: 0,
        out: String::new(),
        indent: 0,
    };
    for item in root.into_inner() {
        if item.as_rule() == Rule::EOI {
            f.flush_comments(text.len(), true);
        } else {
            f.statement(item);
        }
    }
    f.newline();
    let mut out = f.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.trim().is_empty() {
        out.clear();
    }
    Ok(out)
}

/// True for what a quoted text that follows belongs to: keywords (`require`, `aka`, `source`,
/// …) and `rank` / `position` / `appoint` / `promote`.
fn introduces_text(rule: Rule) -> bool {
    matches!(rule, Rule::subject_kind | Rule::entry_kind) || format!("{rule:?}").starts_with("kw_")
}

/// True for the clauses that may follow a `require` condition.
fn is_clause(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::when_clause
            | Rule::train_clause
            | Rule::exempt_clause
            | Rule::grace_clause
            | Rule::source_stmt
            | Rule::from_stmt
            | Rule::until_stmt
    )
}

/// True for the pairs the formatter writes as one piece of text.
fn is_token(p: &Pair<'_, Rule>) -> bool {
    matches!(
        p.as_rule(),
        Rule::string | Rule::script_condition | Rule::iso_date | Rule::slash_date
    ) || p.clone().into_inner().next().is_none()
}

fn collect_tokens<'a>(p: Pair<'a, Rule>, out: &mut Vec<(usize, usize)>) {
    if is_token(&p) {
        let s = p.as_span();
        if s.end() > s.start() {
            out.push((s.start(), s.end()));
        }
        return;
    }
    for inner in p.into_inner() {
        collect_tokens(inner, out);
    }
}

/// The comments in the gaps between tokens (the grammar allows them nowhere else, so a `#` in
/// a gap always starts one).
fn find_comments(text: &str, tokens: &[(usize, usize)]) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut gap_start = 0;
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in tokens {
        gaps.push((gap_start, s));
        gap_start = e;
    }
    gaps.push((gap_start, text.len()));
    for (from, to) in gaps {
        let gap = &text[from..to];
        let mut i = 0;
        let mut last_end = from;
        while let Some(hash) = gap[i..].find('#') {
            let start = from + i + hash;
            let end = text[start..to].find('\n').map_or(to, |n| start + n);
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let own_line = text[line_start..start].trim().is_empty();
            let before = &text[last_end..start];
            comments.push(Comment {
                start,
                text: text[start..end].trim_end().to_string(),
                own_line,
                blank_before: before.matches('\n').count() >= 2,
            });
            last_end = end;
            i = end - from;
        }
    }
    comments
}

struct Formatter<'t> {
    text: &'t str,
    comments: Vec<Comment>,
    next_comment: usize,
    out: String,
    indent: usize,
}

impl<'t> Formatter<'t> {
    // ---- the output line -----------------------------------------------------------------

    fn line_start(&self) -> usize {
        self.out.rfind('\n').map_or(0, |n| n + 1)
    }

    fn at_line_start(&self) -> bool {
        self.out[self.line_start()..].trim().is_empty()
    }

    /// Characters on the current line.
    fn col(&self) -> usize {
        self.out[self.line_start()..].chars().count()
    }

    /// Ends the current line (nothing when already at the start of one).
    fn newline(&mut self) {
        if !self.at_line_start() {
            let trimmed = self.out.trim_end_matches([' ', '\t']).len();
            self.out.truncate(trimmed);
            self.out.push('\n');
        } else {
            let start = self.line_start();
            self.out.truncate(start);
        }
    }

    /// One empty line (never at the start of the file or right after `{`).
    fn blank_line(&mut self) {
        self.newline();
        let body = self.out.trim_end_matches('\n');
        if body.is_empty() || body.ends_with('{') || self.out.ends_with("\n\n") {
            return;
        }
        self.out.push('\n');
    }

    /// Writes a piece of text: indentation at the start of a line, else one space unless the
    /// punctuation says otherwise.
    fn put(&mut self, text: &str) {
        if self.at_line_start() {
            let start = self.line_start();
            self.out.truncate(start);
            self.out.push_str(&" ".repeat(self.indent));
        } else {
            let glued_after = self.out.ends_with(['(', '[']);
            let glued_before = text.starts_with([',', ')', ']', ':']);
            if !glued_after && !glued_before {
                self.out.push(' ');
            }
        }
        self.out.push_str(text);
    }

    /// Writes every comment that stands before `pos`. At a statement's start, blank lines
    /// before them are kept.
    fn flush_comments(&mut self, pos: usize, statement: bool) {
        while let Some(c) = self.comments.get(self.next_comment) {
            if c.start >= pos {
                break;
            }
            let (text, own_line, blank) = (c.text.clone(), c.own_line, c.blank_before);
            self.next_comment += 1;
            if own_line {
                if statement && blank {
                    self.blank_line();
                }
                self.newline();
                self.put(&text);
            } else {
                // after the code it followed, even when that line has already been ended
                if self.at_line_start() {
                    let start = self.line_start();
                    self.out.truncate(start);
                    if self.out.ends_with('\n') {
                        self.out.pop();
                    }
                }
                self.out.push(' ');
                self.out.push_str(&text);
            }
            self.newline();
        }
    }

    /// True when the source has a blank line just before `pos` (after the last comment).
    fn blank_before(&self, pos: usize) -> bool {
        let before = &self.text[..pos];
        let last = before.trim_end_matches([' ', '\t', '\r', '\n']);
        before[last.len()..].matches('\n').count() >= 2
    }

    /// Writes a token (with the comments before it), breaking the line first when it would
    /// pass the width.
    fn token(&mut self, p: &Pair<'_, Rule>, cont: usize) {
        let span = p.as_span();
        self.flush_comments(span.start(), false);
        let text = span.as_str();
        if text.is_empty() {
            return;
        }
        let width = text.chars().count();
        let glued = text.starts_with([',', ')', ']', ':']);
        if !self.at_line_start() && !glued && self.col() + 1 + width > WIDTH {
            self.newline();
            self.indent_to(cont);
        }
        self.put(text);
    }

    fn indent_to(&mut self, indent: usize) {
        self.indent = indent;
    }

    /// The pair's tokens on one line, as `put` would join them.
    fn flat(p: &Pair<'_, Rule>) -> String {
        let mut tokens = Vec::new();
        flat_tokens(p.clone(), &mut tokens);
        let mut s = String::new();
        for t in tokens {
            if !s.is_empty() && !s.ends_with(['(', '[']) && !t.starts_with([',', ')', ']', ':']) {
                s.push(' ');
            }
            s.push_str(t);
        }
        s
    }

    /// True right after `(` or an operator keyword: what follows belongs there.
    fn just_opened(&self) -> bool {
        let line = self.out[self.line_start()..].trim_end();
        line.ends_with('(')
            || ["or", "and", "not", "if", "when", "where", "have", "has"]
                .iter()
                .any(|k| line.ends_with(&format!(" {k}")) || line.trim_start() == *k)
    }

    /// True when no comment stands inside the pair.
    fn fits_without_comment(&self, p: &Pair<'_, Rule>) -> bool {
        self.comments
            .get(self.next_comment)
            .is_none_or(|c| c.start >= p.as_span().end())
    }

    /// Whether the pair fits on the current line (after a space).
    fn fits(&self, p: &Pair<'_, Rule>) -> bool {
        self.fits_without_comment(p) && self.col() + 1 + Self::flat(p).chars().count() <= WIDTH
    }

    // ---- structure -----------------------------------------------------------------------

    /// A statement: a top-level item or an item of a block, on its own line.
    fn statement(&mut self, p: Pair<'_, Rule>) {
        let start = p.as_span().start();
        let indent = self.indent;
        self.newline();
        if self
            .comments
            .get(self.next_comment)
            .is_some_and(|c| c.start < start)
        {
            self.flush_comments(start, true);
        }
        if self.blank_before(start) {
            self.blank_line();
        }
        self.indent = indent;
        match p.as_rule() {
            Rule::scale_decl
            | Rule::rank_decl
            | Rule::position_decl
            | Rule::standard_decl
            | Rule::target_decl
            | Rule::example_decl
            | Rule::retirement_decl
            | Rule::staff_block => self.block(p),
            Rule::require_stmt | Rule::entry_stmt | Rule::confirm_stmt => self.clauses(p),
            _ => self.words(p, indent + INDENT),
        }
        self.indent = indent;
        self.newline();
    }

    /// `header { items }`, or a `staff { … }` block, which is one line when it fits.
    fn block(&mut self, p: Pair<'_, Rule>) {
        let indent = self.indent;
        let cont = indent + INDENT;
        if p.as_rule() == Rule::staff_block {
            // `staff { a: "x", b: "y" }`: entries fill lines like words
            self.words(p, cont);
            return;
        }
        let mut inner = p.into_inner().peekable();
        // the header, up to the opening brace
        while let Some(q) = inner.peek() {
            if q.as_rule() == Rule::open_brace {
                break;
            }
            let q = inner.next().expect("peeked");
            self.words(q, cont);
        }
        if let Some(open) = inner.next() {
            self.token(&open, cont);
        }
        self.indent = cont;
        for q in inner {
            if q.as_rule() == Rule::close_brace {
                self.flush_comments(q.as_span().start(), true);
                self.indent = indent;
                self.newline();
                self.indent = indent;
                self.token(&q, cont);
            } else {
                self.indent = cont;
                self.statement(q);
            }
        }
        self.indent = indent;
    }

    /// `require [label] CONDITION` and its clauses: a clause stays on the line when it fits,
    /// else starts a continuation line; `exempt` and `grace` always start one.
    fn clauses(&mut self, p: Pair<'_, Rule>) {
        let indent = self.indent;
        let cont = indent + INDENT;
        let mut head = true;
        let first_line = self.out.matches('\n').count();
        let children: Vec<_> = p.into_inner().collect();
        let head_len = children
            .iter()
            .take_while(|q| !is_clause(q.as_rule()))
            .count();
        let mut children = children.into_iter();
        self.seq_items(children.by_ref().take(head_len), cont);
        for q in children {
            let rule = q.as_rule();
            if is_clause(rule) {
                // a clause after a head that took several lines starts its own line
                let head_broke = head && self.out.matches('\n').count() > first_line;
                head = false;
                let own_line =
                    head_broke || matches!(rule, Rule::exempt_clause | Rule::grace_clause);
                if own_line || !self.fits(&q) {
                    self.newline();
                }
                self.indent = cont;
                self.clause(q, cont);
                continue;
            }
            // the grammar puts clauses last
            self.words(q, cont);
        }
        self.indent = indent;
    }

    /// One clause at a continuation indent: its condition (if any) breaks deeper.
    fn clause(&mut self, p: Pair<'_, Rule>, cont: usize) {
        self.seq(p, cont + INDENT);
    }

    /// Tokens filling lines; conditions inside are laid out as conditions.
    fn words(&mut self, p: Pair<'_, Rule>, cont: usize) {
        if is_token(&p) {
            self.token(&p, cont);
        } else {
            self.seq(p, cont);
        }
    }

    /// The children of a pair, filling lines at `cont`: a keyword and the text it introduces
    /// stay on one line; `if CONDITION` moves to a line of its own together; some clauses move
    /// whole.
    fn seq(&mut self, p: Pair<'_, Rule>, cont: usize) {
        self.seq_items(p.into_inner(), cont);
    }

    fn seq_items<'a>(&mut self, items: impl Iterator<Item = Pair<'a, Rule>>, cont: usize) {
        let mut inner = items.peekable();
        while let Some(q) = inner.next() {
            match q.as_rule() {
                Rule::condition => self.condition(q, cont),
                Rule::require_stmt | Rule::entry_stmt | Rule::confirm_stmt => self.clauses(q),
                Rule::kw_if | Rule::kw_when | Rule::kw_where | Rule::kw_have
                    if inner.peek().is_some_and(|c| c.as_rule() == Rule::condition) =>
                {
                    let cond = inner.next().expect("peeked");
                    let width =
                        Self::flat(&q).chars().count() + 1 + Self::flat(&cond).chars().count();
                    if !self.at_line_start() && self.col() + 1 + width > WIDTH {
                        self.newline();
                        self.indent = cont;
                    }
                    let at = self.indent.max(cont);
                    self.token(&q, at);
                    self.condition(cond, at + INDENT);
                }
                _ if introduces_text(q.as_rule())
                    && inner.peek().is_some_and(|n| n.as_rule() == Rule::string) =>
                {
                    let text = inner.next().expect("peeked");
                    let width = q.as_str().chars().count() + 1 + text.as_str().chars().count();
                    if !self.at_line_start() && self.col() + 1 + width > WIDTH {
                        self.newline();
                        self.indent = cont;
                    }
                    self.words(q, cont);
                    self.glued(&text);
                }
                // each `case` of a criterion that does not fit on one line starts a line
                Rule::case_item if !self.fits(&q) && !self.at_line_start() => {
                    self.newline();
                    self.indent = cont;
                    self.words(q, cont);
                }
                Rule::empty_means | Rule::level_equals | Rule::code_clause | Rule::age => {
                    if !self.fits(&q) && !self.at_line_start() {
                        self.newline();
                        self.indent = cont;
                    }
                    self.words(q, cont);
                }
                _ => self.words(q, cont),
            }
        }
    }

    /// A token written on the current line, however long.
    fn glued(&mut self, p: &Pair<'_, Rule>) {
        self.flush_comments(p.as_span().start(), false);
        self.put(p.as_str());
    }

    /// A condition: on the line when it fits; else broken before each `or` (or `and`) of the
    /// outermost level, each part laid out the same way, `brk` deeper.
    fn condition(&mut self, p: Pair<'_, Rule>, brk: usize) {
        if self.fits(&p) || is_token(&p) {
            self.words_flat(p, brk);
            return;
        }
        // on a line of its own it fits: move it there whole
        let width = Self::flat(&p).chars().count();
        if !self.at_line_start()
            && !self.just_opened()
            && brk + width <= WIDTH
            && self.fits_without_comment(&p)
        {
            self.newline();
            self.indent = brk;
            self.words_flat(p, brk);
            return;
        }
        match p.as_rule() {
            Rule::or_expr | Rule::and_expr if p.clone().into_inner().count() > 1 => {
                // the first operand starts a line at the operators' indent when it does not
                // fit where it stands
                if let Some(first) = p.clone().into_inner().next()
                    && !self.at_line_start()
                    && !self.fits(&first)
                {
                    self.newline();
                    self.indent = brk;
                }
                for q in p.into_inner() {
                    let is_operator = matches!(q.as_rule(), Rule::kw_or | Rule::kw_and);
                    if is_operator {
                        self.newline();
                        self.indent = brk;
                        self.token(&q, brk);
                    } else {
                        self.condition(q, brk + INDENT);
                    }
                }
            }
            Rule::condition | Rule::or_expr | Rule::and_expr | Rule::not_expr | Rule::negation => {
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::open_paren | Rule::close_paren | Rule::kw_not => self.token(&q, brk),
                        _ => self.condition(q, brk),
                    }
                }
            }
            _ => self.words(p, brk),
        }
    }

    /// A piece that fits: its tokens one after another.
    fn words_flat(&mut self, p: Pair<'_, Rule>, cont: usize) {
        if is_token(&p) {
            self.token(&p, cont);
        } else {
            for q in p.into_inner() {
                self.words_flat(q, cont);
            }
        }
    }
}

fn flat_tokens<'a>(p: Pair<'a, Rule>, out: &mut Vec<&'a str>) {
    if is_token(&p) {
        if !p.as_str().is_empty() {
            out.push(p.as_str());
        }
        return;
    }
    for q in p.into_inner() {
        flat_tokens(q, out);
    }
}

#[cfg(test)]
mod tests {
    use super::format_rules;

    #[test]
    fn layout_is_canonical_and_comments_stay() {
        let messy = "# head\n\n\nscale   education {\"Trung cấp\"   \"Đại học\"  aka \"ĐH\",\"Cử nhân\"}\n\
            rank \"Chuyên viên\" {   # trailing\n  source \"TT 2/2021/TT-BNV [S]\"\n\n\n\
            # own line\n require education >= \"Đại học\"   train \"ĐT-ĐH\" exempt \"x\" if education == \"Trung cấp\"\n}\n";
        let want = "# head\n\nscale education {\n    \"Trung cấp\"\n    \"Đại học\" aka \"ĐH\", \"Cử nhân\"\n}\n\
            rank \"Chuyên viên\" { # trailing\n    source \"TT 2/2021/TT-BNV [S]\"\n\n    # own line\n    \
            require education >= \"Đại học\" train \"ĐT-ĐH\"\n        exempt \"x\" if education == \"Trung cấp\"\n}\n";
        let got = format_rules(messy).unwrap();
        assert_eq!(got, want, "\n{got}");
        assert_eq!(format_rules(&got).unwrap(), got, "idempotent");
    }

    #[test]
    fn a_long_condition_breaks_before_or_then_and() {
        let text = format!(
            "rank \"A\" {{\n    require \"x\" (education >= \"{a}\" and major contains [\"{b}\"]) or (education >= \"{a}\" and nvsp_certificate and major contains [\"{b}\"])\n}}\n",
            a = "Đại học",
            b = "sư phạm tiếng dân tộc"
        );
        let got = format_rules(&text).unwrap();
        // the second operand is 101 characters on one line: it breaks before its `and`s
        let want = "rank \"A\" {\n    require \"x\" (education >= \"Đại học\" and major contains [\"sư phạm tiếng dân tộc\"])\n        or (education >= \"Đại học\"\n            and nvsp_certificate\n            and major contains [\"sư phạm tiếng dân tộc\"])\n}\n";
        assert_eq!(got, want, "\n{got}");
        assert_eq!(format_rules(&got).unwrap(), got);
    }
}
