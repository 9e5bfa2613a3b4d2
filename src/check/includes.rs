//! The `includes` graph: every target exists, and no chain of includes comes back to where it
//! started (the whole cycle is shown).

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::normalize::text_key;
use crate::suggest::help_for;
use crate::syntax::ast::SubjectKind;

use super::Checker;

type Node = (SubjectKind, String);

impl Checker {
    pub(super) fn check_includes(&mut self) {
        let mut edges: HashMap<Node, Vec<Node>> = HashMap::new();
        let mut names: HashMap<Node, String> = HashMap::new();
        for s in &self.rules.subjects {
            let node = (s.kind, text_key(&s.name));
            names.insert(node.clone(), s.name.clone());
            edges
                .entry(node)
                .or_default()
                .extend(s.includes.iter().cloned());
        }
        let mut problems = Vec::new();
        for s in &self.rules.subjects {
            for (i, (kind, key)) in s.includes.iter().enumerate() {
                if names.contains_key(&(*kind, key.clone())) {
                    continue;
                }
                let (written, at) = s
                    .include_names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| (key.clone(), s.span));
                let candidates: Vec<&str> = self
                    .rules
                    .subjects
                    .iter()
                    .filter(|t| t.kind == *kind)
                    .map(|t| t.name.as_str())
                    .collect();
                let code = match kind {
                    SubjectKind::Rank => Code::UnknownRank,
                    SubjectKind::Position => Code::UnknownPosition,
                };
                let what = format!("{}s", kind.keyword());
                problems.push(
                    Diagnostic::error(
                        code,
                        format!(
                            "{} `{}` includes {} `{written}`, which is not declared",
                            s.kind.keyword(),
                            s.name,
                            kind.keyword()
                        ),
                    )
                    .label(at, format!("no such {}", kind.keyword()))
                    .maybe_help(help_for(&written, &what, &candidates)),
                );
            }
        }
        // cycles: depth-first search, reporting each cycle once from its smallest node
        let mut nodes: Vec<&Node> = edges.keys().collect();
        nodes.sort();
        let mut reported: Vec<Vec<Node>> = Vec::new();
        for start in nodes {
            let mut path = vec![start.clone()];
            find_cycles(start, &edges, &mut path, &mut reported);
        }
        for cycle in reported {
            let first = &cycle[0];
            let Some(subject) = self
                .rules
                .subjects
                .iter()
                .find(|s| s.kind == first.0 && text_key(&s.name) == first.1)
            else {
                continue;
            };
            let chain: Vec<String> = cycle
                .iter()
                .chain(std::iter::once(first))
                .map(|(k, key)| {
                    format!(
                        "{} `{}`",
                        k.keyword(),
                        names
                            .get(&(*k, key.clone()))
                            .map_or(key.as_str(), String::as_str)
                    )
                })
                .collect();
            problems.push(
                Diagnostic::error(
                    Code::IncludeCycle,
                    format!("`includes` go round in a circle: {}", chain.join(" → ")),
                )
                .label(subject.span, "the circle starts here")
                .help("remove one `includes` of the circle"),
            );
        }
        self.diagnostics.extend(problems);
    }
}

fn find_cycles(
    node: &Node,
    edges: &HashMap<Node, Vec<Node>>,
    path: &mut Vec<Node>,
    found: &mut Vec<Vec<Node>>,
) {
    let Some(next) = edges.get(node) else { return };
    for n in next {
        if n == &path[0] {
            // report each cycle once: from its smallest node
            if path.iter().min() == Some(&path[0]) && !found.contains(path) {
                found.push(path.clone());
            }
        } else if !path.contains(n) {
            path.push(n.clone());
            find_cycles(n, edges, path, found);
            path.pop();
        }
    }
}

impl Checker {
    /// Every `holds rank "…"` / `holds position "…"` names a declared rank or position.
    pub(super) fn check_holds(&mut self) {
        let pending = std::mem::take(&mut self.pending_holds);
        for (kind, key, name) in pending {
            let declared = self
                .rules
                .subjects
                .iter()
                .any(|s| s.kind == kind && text_key(&s.name) == key);
            if declared {
                continue;
            }
            let candidates: Vec<&str> = self
                .rules
                .subjects
                .iter()
                .filter(|t| t.kind == kind)
                .map(|t| t.name.as_str())
                .collect();
            let what = format!("{}s", kind.keyword());
            let help = help_for(&name.text, &what, &candidates);
            let code = match kind {
                SubjectKind::Rank => Code::UnknownRank,
                SubjectKind::Position => Code::UnknownPosition,
            };
            self.error(
                Diagnostic::error(
                    code,
                    format!("`{}` is not a declared {}", name.text, kind.keyword()),
                )
                .label(name.span, format!("no such {}", kind.keyword()))
                .maybe_help(help),
            );
        }
    }
}
