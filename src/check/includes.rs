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
                    SubjectKind::Standard => Code::UnknownStandard,
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
        // cycles: one per strongly connected component, from its smallest node; linear in the
        // size of the graph (a diamond of includes 30 levels deep is not walked path by path)
        let reported = cycles(&edges);
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

/// One cycle of each strongly connected component that has one (Tarjan's algorithm, without
/// recursion), starting at the component's smallest node.
fn cycles(edges: &HashMap<Node, Vec<Node>>) -> Vec<Vec<Node>> {
    let mut nodes: Vec<&Node> = edges.keys().collect();
    nodes.sort();
    let index_of: HashMap<&Node, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            edges[*n]
                .iter()
                .filter_map(|m| index_of.get(m).copied())
                .collect()
        })
        .collect();
    let n = nodes.len();
    let (mut index, mut low) = (vec![usize::MAX; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next) = (Vec::new(), 0);
    let mut components: Vec<Vec<usize>> = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its successor list)
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut at)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*at) {
                *at += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    let mut found = Vec::new();
    let mut member = vec![false; n];
    for component in components {
        let start = *component.iter().min().expect("a component has a node");
        if component.len() == 1 && !succ[start].contains(&start) {
            continue;
        }
        for &c in &component {
            member[c] = true;
        }
        let in_component = |x: usize| member[x];
        // a path from `start` back to it inside the component (breadth first: the shortest)
        let mut came_from: HashMap<usize, usize> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut last = None;
        'search: while let Some(v) = queue.pop_front() {
            for &w in &succ[v] {
                if w == start {
                    last = Some(v);
                    break 'search;
                }
                if in_component(w) && !came_from.contains_key(&w) {
                    came_from.insert(w, v);
                    queue.push_back(w);
                }
            }
        }
        for &c in &component {
            member[c] = false;
        }
        let Some(mut v) = last else { continue };
        let mut path = vec![v];
        while v != start {
            v = came_from[&v];
            path.push(v);
        }
        path.reverse();
        found.push(path.into_iter().map(|i| nodes[i].clone()).collect());
    }
    found.sort();
    found
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
                SubjectKind::Standard => Code::UnknownStandard,
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
