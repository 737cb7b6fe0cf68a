//! Evaluation over a [`DocumentIndex`] with XPath 1.0 semantics: node-sets are sorted
//! ids (document order), comparisons involving node-sets are existential, predicates
//! that yield numbers select by position.
//!
//! Recursion follows the expression tree only, whose depth the parser caps; the
//! document is walked with index ranges and links, never recursively.

use std::collections::HashSet;

use super::index::{DocumentIndex, NodeKind, NONE};
use super::syntax::{ArithOp, Axis, CompareOp, Expr, Function, NodeTest, Path, Start, Step};
use super::XPathError;

/// An intermediate value; node-sets hold ids in document order without duplicates.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Nodes(Vec<u32>),
    Str(String),
    Num(f64),
    Bool(bool),
}

#[derive(Debug, Clone, Copy)]
struct Context {
    node: u32,
    position: usize,
    size: usize,
}

pub(crate) struct Evaluator<'i, 'd> {
    pub index: &'i DocumentIndex<'d>,
    pub vars: &'i dyn Fn(&str) -> Option<String>,
}

fn error(column: usize, message: impl Into<String>) -> XPathError {
    XPathError {
        column,
        message: message.into(),
    }
}

impl<'d> Evaluator<'_, 'd> {
    pub(crate) fn evaluate(&self, expr: &Expr) -> Result<Val, XPathError> {
        self.eval(
            expr,
            Context {
                node: 0,
                position: 1,
                size: 1,
            },
        )
    }

    fn eval(&self, expr: &Expr, cx: Context) -> Result<Val, XPathError> {
        Ok(match expr {
            Expr::Or(left, right) => Val::Bool(self.boolean(left, cx)? || self.boolean(right, cx)?),
            Expr::And(left, right) => {
                Val::Bool(self.boolean(left, cx)? && self.boolean(right, cx)?)
            }
            Expr::Compare(op, left, right) => {
                let left = self.eval(left, cx)?;
                let right = self.eval(right, cx)?;
                Val::Bool(self.compare(*op, &left, &right))
            }
            Expr::Arith(op, left, right) => {
                let left = self.number(&self.eval(left, cx)?);
                let right = self.number(&self.eval(right, cx)?);
                Val::Num(match op {
                    ArithOp::Add => left + right,
                    ArithOp::Subtract => left - right,
                    ArithOp::Multiply => left * right,
                    ArithOp::Divide => left / right,
                    ArithOp::Modulo => left % right,
                })
            }
            Expr::Negate(inner) => Val::Num(-self.number(&self.eval(inner, cx)?)),
            Expr::Union(left, right, column) => {
                match (self.eval(left, cx)?, self.eval(right, cx)?) {
                    (Val::Nodes(mut left), Val::Nodes(right)) => {
                        left.extend(right);
                        normalize(&mut left);
                        Val::Nodes(left)
                    }
                    _ => return Err(error(*column, "'|' joins node-sets only")),
                }
            }
            Expr::Literal(text) => Val::Str(text.clone()),
            Expr::Number(value) => Val::Num(*value),
            Expr::Variable { name, column } => match (self.vars)(name) {
                Some(value) => Val::Str(value),
                None => return Err(error(*column, format!("unknown variable ${name}"))),
            },
            Expr::Call {
                function,
                args,
                column,
            } => self.call(*function, args, *column, cx)?,
            Expr::Path(path) => Val::Nodes(self.path(path, cx)?),
        })
    }

    fn boolean(&self, expr: &Expr, cx: Context) -> Result<bool, XPathError> {
        Ok(to_boolean(&self.eval(expr, cx)?))
    }

    fn path(&self, path: &Path, cx: Context) -> Result<Vec<u32>, XPathError> {
        let mut nodes = match &path.start {
            Start::Root => vec![0],
            Start::Context => vec![cx.node],
            Start::Filter(primary, predicates, column) => match self.eval(primary, cx)? {
                Val::Nodes(nodes) => self.filter_all(nodes, predicates)?,
                _ => {
                    return Err(error(
                        *column,
                        "a path or predicate needs a node-set, not a string, number or boolean",
                    ))
                }
            },
        };
        let mut steps = path.steps.iter().peekable();
        while let Some(step) = steps.next() {
            // `//name[…]` is `descendant::name[…]` when no predicate depends on position:
            // one range scan instead of a child scan from every node.
            if step.axis == Axis::DescendantOrSelf
                && step.test == NodeTest::Node
                && step.predicates.is_empty()
            {
                if let Some(next) = steps.peek() {
                    if next.axis == Axis::Child && !next.predicates.iter().any(positional) {
                        let merged = Step {
                            axis: Axis::Descendant,
                            test: next.test.clone(),
                            predicates: Vec::new(),
                        };
                        nodes = self.step(&merged, &nodes)?;
                        nodes = self.filter_all(nodes, &next.predicates)?;
                        steps.next();
                        continue;
                    }
                }
            }
            nodes = self.step(step, &nodes)?;
        }
        Ok(nodes)
    }

    /// Predicates applied to a whole node-set in document order (filter expressions,
    /// and the merged `//` step whose predicates do not look at positions).
    fn filter_all(&self, mut nodes: Vec<u32>, predicates: &[Expr]) -> Result<Vec<u32>, XPathError> {
        for predicate in predicates {
            nodes = self.filter(&nodes, predicate)?;
        }
        Ok(nodes)
    }

    fn filter(&self, nodes: &[u32], predicate: &Expr) -> Result<Vec<u32>, XPathError> {
        let size = nodes.len();
        let mut kept = Vec::new();
        for (index, &node) in nodes.iter().enumerate() {
            let position = index + 1;
            let cx = Context {
                node,
                position,
                size,
            };
            let keep = match self.eval(predicate, cx)? {
                Val::Num(wanted) => wanted == position as f64,
                other => to_boolean(&other),
            };
            if keep {
                kept.push(node);
            }
        }
        Ok(kept)
    }

    fn step(&self, step: &Step, input: &[u32]) -> Result<Vec<u32>, XPathError> {
        let mut out = Vec::new();
        let mut selected = Vec::new();
        for &node in input {
            selected.clear();
            self.axis(node, step.axis, &step.test, &mut selected);
            if step.predicates.is_empty() {
                out.extend_from_slice(&selected);
                continue;
            }
            // Positions count along the axis (outwards for reverse axes).
            let mut candidates = std::mem::take(&mut selected);
            for predicate in &step.predicates {
                candidates = self.filter(&candidates, predicate)?;
            }
            out.extend_from_slice(&candidates);
            selected = candidates;
        }
        normalize(&mut out);
        Ok(out)
    }

    /// Pushes the nodes of `axis` from `node` that pass `test`, in axis order.
    fn axis(&self, node: u32, axis: Axis, test: &NodeTest, out: &mut Vec<u32>) {
        let index = self.index;
        let entry = index.entry(node);
        let mut push = |id: u32| {
            if self.test(id, axis, test) {
                out.push(id);
            }
        };
        match axis {
            Axis::Child => {
                let mut child = entry.first_child;
                while child != NONE {
                    push(child);
                    child = index.entry(child).next_sibling;
                }
            }
            Axis::Descendant | Axis::DescendantOrSelf => {
                if axis == Axis::DescendantOrSelf {
                    push(node);
                }
                for id in node + 1..entry.end {
                    if !matches!(index.entry(id).kind, NodeKind::Attribute(_)) {
                        push(id);
                    }
                }
            }
            Axis::Myself => push(node),
            Axis::Parent => {
                if entry.parent != NONE {
                    push(entry.parent);
                }
            }
            Axis::Ancestor | Axis::AncestorOrSelf => {
                if axis == Axis::AncestorOrSelf {
                    push(node);
                }
                let mut current = entry.parent;
                while current != NONE {
                    push(current);
                    current = index.entry(current).parent;
                }
            }
            Axis::FollowingSibling | Axis::PrecedingSibling => {
                if matches!(entry.kind, NodeKind::Attribute(_)) {
                    return;
                }
                let forward = axis == Axis::FollowingSibling;
                let mut current = if forward {
                    entry.next_sibling
                } else {
                    entry.previous_sibling
                };
                while current != NONE {
                    push(current);
                    let next = index.entry(current);
                    current = if forward {
                        next.next_sibling
                    } else {
                        next.previous_sibling
                    };
                }
            }
            Axis::Attribute => {
                if entry.first_attribute != NONE {
                    for id in entry.first_attribute..entry.first_attribute + entry.attribute_count {
                        push(id);
                    }
                }
            }
        }
    }

    fn test(&self, id: u32, axis: Axis, test: &NodeTest) -> bool {
        let kind = self.index.entry(id).kind;
        match test {
            NodeTest::Node => true,
            NodeTest::Text => matches!(kind, NodeKind::Text(_)),
            NodeTest::Name { ns, local } => {
                // The principal node type: attributes on the attribute axis, else elements.
                let name = match (axis, kind) {
                    (Axis::Attribute, NodeKind::Attribute(attr)) => &attr.name,
                    (Axis::Attribute, _) => return false,
                    (_, NodeKind::Element(element)) => &element.name,
                    _ => return false,
                };
                ns.is_none_or(|uri| name.ns.as_deref() == Some(uri))
                    && local.as_ref().is_none_or(|local| **local == *name.local)
            }
        }
    }

    fn string(&self, value: &Val) -> String {
        match value {
            Val::Nodes(nodes) => nodes
                .first()
                .map(|&id| self.index.string_value(id))
                .unwrap_or_default(),
            Val::Str(text) => text.clone(),
            Val::Num(number) => format_number(*number),
            Val::Bool(flag) => flag.to_string(),
        }
    }

    fn number(&self, value: &Val) -> f64 {
        match value {
            Val::Num(number) => *number,
            Val::Bool(flag) => f64::from(u8::from(*flag)),
            Val::Str(text) => parse_number(text),
            Val::Nodes(_) => parse_number(&self.string(value)),
        }
    }

    fn compare(&self, op: CompareOp, left: &Val, right: &Val) -> bool {
        match (left, right) {
            (Val::Nodes(left), Val::Nodes(right)) => self.compare_node_sets(op, left, right),
            (Val::Nodes(nodes), other) => self.compare_node_set(op, nodes, other, false),
            (other, Val::Nodes(nodes)) => self.compare_node_set(op, nodes, other, true),
            _ => self.compare_atomic(op, left, right),
        }
    }

    fn compare_node_sets(&self, op: CompareOp, left: &[u32], right: &[u32]) -> bool {
        if left.is_empty() || right.is_empty() {
            return false;
        }
        let strings = |nodes: &[u32]| -> HashSet<String> {
            nodes
                .iter()
                .map(|&id| self.index.string_value(id))
                .collect()
        };
        match op {
            CompareOp::Eq => {
                let right = strings(right);
                left.iter()
                    .any(|&id| right.contains(&self.index.string_value(id)))
            }
            CompareOp::Ne => {
                let (left, right) = (strings(left), strings(right));
                !(left.len() == 1 && right.len() == 1 && left == right)
            }
            _ => {
                let numbers = |nodes: &[u32]| -> Vec<f64> {
                    nodes
                        .iter()
                        .map(|&id| parse_number(&self.index.string_value(id)))
                        .filter(|n| !n.is_nan())
                        .collect()
                };
                let (left, right) = (numbers(left), numbers(right));
                let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
                let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if left.is_empty() || right.is_empty() {
                    return false;
                }
                match op {
                    CompareOp::Lt => min(&left) < max(&right),
                    CompareOp::Le => min(&left) <= max(&right),
                    CompareOp::Gt => max(&left) > min(&right),
                    _ => max(&left) >= min(&right),
                }
            }
        }
    }

    /// A node-set against a string, number or boolean; `swapped` when the node-set was
    /// on the right, which matters for `<` and `>`.
    fn compare_node_set(&self, op: CompareOp, nodes: &[u32], other: &Val, swapped: bool) -> bool {
        let ordered = |a: Val, b: &Val| {
            if swapped {
                self.compare_atomic(op, b, &a)
            } else {
                self.compare_atomic(op, &a, b)
            }
        };
        match other {
            Val::Bool(_) => ordered(Val::Bool(!nodes.is_empty()), other),
            Val::Num(_) => nodes
                .iter()
                .any(|&id| ordered(Val::Num(parse_number(&self.index.string_value(id))), other)),
            _ => nodes
                .iter()
                .any(|&id| ordered(Val::Str(self.index.string_value(id)), other)),
        }
    }

    fn compare_atomic(&self, op: CompareOp, left: &Val, right: &Val) -> bool {
        match op {
            CompareOp::Eq | CompareOp::Ne => {
                let equal = match (left, right) {
                    (Val::Bool(_), _) | (_, Val::Bool(_)) => to_boolean(left) == to_boolean(right),
                    (Val::Num(_), _) | (_, Val::Num(_)) => self.number(left) == self.number(right),
                    _ => self.string(left) == self.string(right),
                };
                equal == (op == CompareOp::Eq)
            }
            CompareOp::Lt => self.number(left) < self.number(right),
            CompareOp::Le => self.number(left) <= self.number(right),
            CompareOp::Gt => self.number(left) > self.number(right),
            CompareOp::Ge => self.number(left) >= self.number(right),
        }
    }

    /// The nodes an optional argument names: the argument's node-set, or the context node.
    fn nodes_argument(
        &self,
        args: &[Expr],
        column: usize,
        name: &str,
        cx: Context,
    ) -> Result<Vec<u32>, XPathError> {
        match args.first() {
            None => Ok(vec![cx.node]),
            Some(arg) => match self.eval(arg, cx)? {
                Val::Nodes(nodes) => Ok(nodes),
                _ => Err(error(column, format!("{name}() needs a node-set argument"))),
            },
        }
    }

    fn string_argument(&self, args: &[Expr], at: usize, cx: Context) -> Result<String, XPathError> {
        match args.get(at) {
            Some(arg) => Ok(self.string(&self.eval(arg, cx)?)),
            None => Ok(self.index.string_value(cx.node)),
        }
    }

    fn call(
        &self,
        function: Function,
        args: &[Expr],
        column: usize,
        cx: Context,
    ) -> Result<Val, XPathError> {
        Ok(match function {
            Function::Last => Val::Num(cx.size as f64),
            Function::Position => Val::Num(cx.position as f64),
            Function::Count => {
                Val::Num(self.nodes_argument(args, column, "count", cx)?.len() as f64)
            }
            Function::String => Val::Str(self.string_argument(args, 0, cx)?),
            Function::Number => match args.first() {
                Some(arg) => Val::Num(self.number(&self.eval(arg, cx)?)),
                None => Val::Num(parse_number(&self.index.string_value(cx.node))),
            },
            Function::Boolean => Val::Bool(self.boolean_argument(args, cx)?),
            Function::Not => Val::Bool(!self.boolean_argument(args, cx)?),
            Function::True => Val::Bool(true),
            Function::False => Val::Bool(false),
            Function::Contains => {
                let (haystack, needle) = (
                    self.string_argument(args, 0, cx)?,
                    self.string_argument(args, 1, cx)?,
                );
                Val::Bool(haystack.contains(&needle))
            }
            Function::StartsWith => {
                let (text, prefix) = (
                    self.string_argument(args, 0, cx)?,
                    self.string_argument(args, 1, cx)?,
                );
                Val::Bool(text.starts_with(&prefix))
            }
            Function::NormalizeSpace => {
                let text = self.string_argument(args, 0, cx)?;
                Val::Str(text.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
            }
            Function::LocalName | Function::Name => {
                let nodes = self.nodes_argument(args, column, "local-name", cx)?;
                let name = nodes.first().map_or_else(String::new, |&id| {
                    self.node_name(id, function == Function::Name)
                });
                Val::Str(name)
            }
            Function::StringLength => {
                Val::Num(self.string_argument(args, 0, cx)?.chars().count() as f64)
            }
            Function::Concat => {
                let mut out = String::new();
                for index in 0..args.len() {
                    out.push_str(&self.string_argument(args, index, cx)?);
                }
                Val::Str(out)
            }
            Function::Sum => {
                let nodes = self.nodes_argument(args, column, "sum", cx)?;
                Val::Num(
                    nodes
                        .iter()
                        .map(|&id| parse_number(&self.index.string_value(id)))
                        .sum(),
                )
            }
            Function::SubstringBefore | Function::SubstringAfter => {
                let (text, pattern) = (
                    self.string_argument(args, 0, cx)?,
                    self.string_argument(args, 1, cx)?,
                );
                let found = text.find(&pattern);
                Val::Str(match (found, function == Function::SubstringBefore) {
                    (Some(at), true) => text[..at].to_owned(),
                    (Some(at), false) => text[at + pattern.len()..].to_owned(),
                    (None, _) => String::new(),
                })
            }
            Function::Substring => {
                let text = self.string_argument(args, 0, cx)?;
                let start = round(self.number(&self.eval(&args[1], cx)?));
                let end = match args.get(2) {
                    Some(length) => start + round(self.number(&self.eval(length, cx)?)),
                    None => f64::INFINITY,
                };
                let picked = text
                    .chars()
                    .enumerate()
                    .filter(|(index, _)| {
                        let position = (*index + 1) as f64;
                        position >= start && position < end
                    })
                    .map(|(_, ch)| ch)
                    .collect();
                Val::Str(picked)
            }
        })
    }

    fn boolean_argument(&self, args: &[Expr], cx: Context) -> Result<bool, XPathError> {
        match args.first() {
            Some(arg) => self.boolean(arg, cx),
            None => Ok(false),
        }
    }

    fn node_name(&self, id: u32, qualified: bool) -> String {
        let (prefix, local) = match self.index.entry(id).kind {
            NodeKind::Element(element) => (element.name.prefix(), &element.name.local),
            NodeKind::Attribute(attr) => (attr.prefix.as_ref(), &attr.name.local),
            NodeKind::Root(_) | NodeKind::Text(_) => return String::new(),
        };
        match prefix {
            Some(prefix) if qualified => format!("{prefix}:{local}"),
            _ => local.to_string(),
        }
    }
}

/// Sorts into document order and drops duplicates; cheap when already sorted.
fn normalize(nodes: &mut Vec<u32>) {
    if !nodes.windows(2).all(|pair| pair[0] < pair[1]) {
        nodes.sort_unstable();
        nodes.dedup();
    }
}

/// Whether a predicate may select by position: it mentions position()/last() (outside
/// nested paths' own predicates) or may evaluate to a number.
fn positional(expr: &Expr) -> bool {
    fn mentions_position(expr: &Expr) -> bool {
        match expr {
            Expr::Call { function, args, .. } => {
                matches!(function, Function::Position | Function::Last)
                    || args.iter().any(mentions_position)
            }
            Expr::Or(a, b)
            | Expr::And(a, b)
            | Expr::Compare(_, a, b)
            | Expr::Arith(_, a, b)
            | Expr::Union(a, b, _) => mentions_position(a) || mentions_position(b),
            Expr::Negate(inner) => mentions_position(inner),
            Expr::Path(path) => match &path.start {
                Start::Filter(primary, _, _) => mentions_position(primary),
                _ => false,
            },
            Expr::Literal(_) | Expr::Number(_) | Expr::Variable { .. } => false,
        }
    }
    let numeric = match expr {
        Expr::Number(_) | Expr::Arith(..) | Expr::Negate(_) => true,
        Expr::Call { function, .. } => matches!(
            function,
            Function::Last
                | Function::Position
                | Function::Count
                | Function::Number
                | Function::StringLength
                | Function::Sum
        ),
        _ => false,
    };
    numeric || mentions_position(expr)
}

pub(crate) fn to_boolean(value: &Val) -> bool {
    match value {
        Val::Nodes(nodes) => !nodes.is_empty(),
        Val::Str(text) => !text.is_empty(),
        Val::Num(number) => *number != 0.0 && !number.is_nan(),
        Val::Bool(flag) => *flag,
    }
}

/// XPath's round(): halves go up.
fn round(value: f64) -> f64 {
    (value + 0.5).floor()
}

/// XPath's number(string): optional minus, digits with an optional fraction, nothing else.
pub(crate) fn parse_number(text: &str) -> f64 {
    let trimmed = text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let valid = !digits.is_empty()
        && digits != "."
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1;
    if valid {
        trimmed.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// XPath's string(number): no exponent, integers without a fraction.
pub(crate) fn format_number(number: f64) -> String {
    if number.is_nan() {
        "NaN".to_owned()
    } else if number.is_infinite() {
        if number > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_owned()
    } else if number == 0.0 {
        "0".to_owned()
    } else {
        format!("{number}")
    }
}
