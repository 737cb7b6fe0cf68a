//! Expected document (with placeholders) vs actual document → every difference, each
//! with a path into both documents.
//!
//! Rules: names compare by namespace URI + local name, never by prefix; namespace
//! declarations, attribute order and whitespace-only text between elements never
//! differ; leaf text compares after trimming; child order matters except for the
//! element names listed in [`CompareOptions::unordered`].
//!
//! The walk is an explicit work stack (no recursion over the tree). Recursion happens
//! only for trial matches of unordered elements without a usable key, one level per
//! nested unordered group, so it is bounded by the document depth.
//!
//! Complexity: ordered children are aligned in linear time (a per-name index of next
//! occurrences replaces LCS); keyed unordered groups are matched through a hash map.
//! Unkeyed groups are indexed by a discriminating leaf (the child whose literal texts
//! tell the most expected elements apart, or the elements' own text): each expected
//! element is tried only against the actual ones sharing its text there, wherever they
//! are in the list, and one that has no literal text there against the unused ones that
//! follow in order. Either way at most [`GREEDY_WINDOW`] trials per element, so equal
//! lists cost one trial per element, in any order. An element left without a partner
//! because an earlier, more permissive one took it (placeholders and allowed extra
//! elements let one actual element match several expected ones) gets it back through a
//! bounded search for an augmenting path, as in bipartite matching, when its text is
//! shared by at most `GREEDY_WINDOW` candidates.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use super::path::{PathId, Paths};
use super::placeholder::{Matcher, PlaceholderError, Template};
use super::tree::{self, significant_text, Attribute, Document, Element, Name};

/// How strict a comparison is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// Elements (and attributes) present only in the actual document are allowed:
    /// an implementation may add backward-compatible fields.
    pub extra_elements: bool,
    /// Repeated elements whose order does not matter.
    pub unordered: Vec<Unordered>,
}

/// Siblings named `element` (local name) are matched as a set; by the text of their
/// child `key` when given, else by trying candidates in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unordered {
    pub element: String,
    pub key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DifferenceKind {
    ElementName,
    Namespace,
    Text,
    Placeholder,
    AttributeValue,
    MissingAttribute,
    ExtraAttribute,
    MissingElement,
    ExtraElement,
    UnknownVariable,
}

impl DifferenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DifferenceKind::ElementName => "element-name",
            DifferenceKind::Namespace => "namespace",
            DifferenceKind::Text => "text",
            DifferenceKind::Placeholder => "placeholder",
            DifferenceKind::AttributeValue => "attribute-value",
            DifferenceKind::MissingAttribute => "missing-attribute",
            DifferenceKind::ExtraAttribute => "extra-attribute",
            DifferenceKind::MissingElement => "missing-element",
            DifferenceKind::ExtraElement => "extra-element",
            DifferenceKind::UnknownVariable => "unknown-variable",
        }
    }
}

impl std::fmt::Display for DifferenceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way the actual document departs from the expectation. For a missing element the
/// actual path is where it should have been (its would-be parent), and vice versa.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: DifferenceKind,
    pub expected_path: String,
    pub actual_path: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// How many unused candidates an unkeyed unordered element is tried against at most.
pub const GREEDY_WINDOW: usize = 32;

/// Compares `actual` against `expected`, whose text and attribute values may hold
/// placeholders; `vars` resolves `{{var NAME}}`. Returns every difference, in document order.
pub fn compare(
    expected: &Document,
    actual: &Document,
    opts: &CompareOptions,
    vars: &dyn Fn(&str) -> Option<String>,
) -> Vec<Difference> {
    let mut comparer = Comparer::new(opts, vars);
    let expected_path = comparer.paths.root(&expected.root);
    let actual_path = comparer.paths.root(&actual.root);
    let mut sink = Sink {
        diffs: Vec::new(),
        stop_at_first: false,
    };
    comparer.compare_tree(expected_path, actual_path, &mut sink);
    sink.diffs
}

struct Sink {
    diffs: Vec<Difference>,
    /// Trial matches only need to know whether there is any difference.
    stop_at_first: bool,
}

impl Sink {
    fn done(&self) -> bool {
        self.stop_at_first && !self.diffs.is_empty()
    }
}

enum Work {
    Pair { expected: PathId, actual: PathId },
    Report(Difference),
}

/// How the children of two paired elements line up (indices into `children`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Pair(usize, usize),
    /// Paired by a trial that found no difference: nothing left to compare.
    Matched(usize, usize),
    Missing(usize),
    Extra(usize),
}

enum ValueOutcome {
    Equal,
    /// A literal expected value differs.
    Differs,
    /// A value with placeholders does not match.
    NoMatch,
    UnknownVariable(String),
    Invalid(String),
}

struct Comparer<'d, 'o> {
    opts: &'o CompareOptions,
    vars: &'o dyn Fn(&str) -> Option<String>,
    /// Unordered element name and key child name: a handful, so a scan beats hashing
    /// every child's name.
    unordered: Vec<(&'o str, Option<&'o str>)>,
    /// Compiled templates by expected text, so each distinct text compiles once.
    matchers: HashMap<String, Rc<Result<Matcher, PlaceholderError>>>,
    paths: Paths<'d>,
}

impl<'d, 'o> Comparer<'d, 'o> {
    fn new(opts: &'o CompareOptions, vars: &'o dyn Fn(&str) -> Option<String>) -> Self {
        Comparer {
            opts,
            vars,
            unordered: opts
                .unordered
                .iter()
                .map(|u| (u.element.as_str(), u.key.as_deref()))
                .collect(),
            matchers: HashMap::new(),
            paths: Paths::new(),
        }
    }

    fn compare_tree(&mut self, expected: PathId, actual: PathId, sink: &mut Sink) {
        let mut stack = vec![Work::Pair { expected, actual }];
        while let Some(work) = stack.pop() {
            if sink.done() {
                break;
            }
            match work {
                Work::Report(diff) => sink.diffs.push(diff),
                Work::Pair { expected, actual } => {
                    let children = self.compare_pair(expected, actual, sink);
                    stack.extend(children.into_iter().rev());
                }
            }
        }
    }

    fn difference(
        &mut self,
        kind: DifferenceKind,
        expected_path: PathId,
        actual_path: PathId,
        expected: Option<String>,
        actual: Option<String>,
    ) -> Difference {
        Difference {
            kind,
            expected_path: self.paths.render(expected_path),
            actual_path: self.paths.render(actual_path),
            expected,
            actual,
        }
    }

    /// Compares one pair's own name, attributes and text (into `sink`) and returns the
    /// work for its children, in document order.
    fn compare_pair(&mut self, ep: PathId, ap: PathId, sink: &mut Sink) -> Vec<Work> {
        let (e, a) = (self.paths.element(ep), self.paths.element(ap));
        if e.name.local != a.name.local {
            let diff = self.difference(
                DifferenceKind::ElementName,
                ep,
                ap,
                Some(e.name.local.to_string()),
                Some(a.name.local.to_string()),
            );
            sink.diffs.push(diff);
            return Vec::new();
        }
        if e.name.ns != a.name.ns {
            let diff = self.difference(
                DifferenceKind::Namespace,
                ep,
                ap,
                Some(describe_ns(&e.name)),
                Some(describe_ns(&a.name)),
            );
            sink.diffs.push(diff);
        }
        self.compare_attributes(ep, ap, sink);

        let expected_text = significant_text(e);
        let expected_text: &str = &expected_text;
        let expected_leaf = !e.has_element_children();
        if expected_leaf && expected_text.contains("{{") && Template::parse(expected_text).is_any()
        {
            return Vec::new();
        }
        let actual_text = significant_text(a);
        let actual_text: &str = &actual_text;
        if !(expected_text.is_empty() && actual_text.is_empty()) {
            let outcome = self.check_value(expected_text, actual_text);
            if let Some(diff) = self.value_difference(
                outcome,
                DifferenceKind::Text,
                ep,
                ap,
                None,
                expected_text,
                actual_text,
            ) {
                sink.diffs.push(diff);
            }
        }
        // Two leaves (most pairs of an answer) have no children to align.
        if sink.done() || (expected_leaf && !a.has_element_children()) {
            return Vec::new();
        }
        let steps = self.align_children(ep, ap);
        let mut work = Vec::with_capacity(steps.len());
        for step in steps {
            match step {
                Step::Pair(ei, ai) => {
                    let expected = self.paths.child(ep, ei);
                    let actual = self.paths.child(ap, ai);
                    work.push(Work::Pair { expected, actual });
                }
                Step::Matched(..) => {}
                Step::Missing(ei) => {
                    let missing = self.paths.child(ep, ei);
                    let name = self.paths.element(missing).name.local.to_string();
                    let diff = self.difference(
                        DifferenceKind::MissingElement,
                        missing,
                        ap,
                        Some(name),
                        None,
                    );
                    work.push(Work::Report(diff));
                }
                Step::Extra(ai) => {
                    if self.opts.extra_elements {
                        continue;
                    }
                    let extra = self.paths.child(ap, ai);
                    let name = self.paths.element(extra).name.local.to_string();
                    let diff =
                        self.difference(DifferenceKind::ExtraElement, ep, extra, None, Some(name));
                    work.push(Work::Report(diff));
                }
            }
        }
        work
    }

    fn compare_attributes(&mut self, ep: PathId, ap: PathId, sink: &mut Sink) {
        let (e, a) = (self.paths.element(ep), self.paths.element(ap));
        if e.attrs.is_empty() && a.attrs.is_empty() {
            return;
        }
        let index = AttributeIndex::new(&a.attrs);
        let mut matched = vec![false; a.attrs.len()];
        for expected in &e.attrs {
            let local = &expected.name.local;
            let Some(position) = index.find(&a.attrs, &expected.name) else {
                let path = self.paths.render_attribute(ep, local);
                sink.diffs.push(Difference {
                    kind: DifferenceKind::MissingAttribute,
                    expected_path: path,
                    actual_path: self.paths.render_attribute(ap, local),
                    expected: Some(expected.value.clone()),
                    actual: None,
                });
                continue;
            };
            matched[position] = true;
            let actual = &a.attrs[position];
            let outcome = match (&expected.qname_value, &actual.qname_value) {
                (Some(expected_qname), Some(actual_qname)) if !expected.value.contains("{{") => {
                    if expected_qname == actual_qname {
                        ValueOutcome::Equal
                    } else {
                        let diff = Difference {
                            kind: DifferenceKind::AttributeValue,
                            expected_path: self.paths.render_attribute(ep, local),
                            actual_path: self.paths.render_attribute(ap, local),
                            expected: Some(format!("{} = {}", expected.value, expected_qname)),
                            actual: Some(format!("{} = {}", actual.value, actual_qname)),
                        };
                        sink.diffs.push(diff);
                        continue;
                    }
                }
                _ => self.check_value(&expected.value, &actual.value),
            };
            if let Some(diff) = self.value_difference(
                outcome,
                DifferenceKind::AttributeValue,
                ep,
                ap,
                Some(local),
                &expected.value,
                &actual.value,
            ) {
                sink.diffs.push(diff);
            }
        }
        if self.opts.extra_elements {
            return;
        }
        for (actual, _) in a.attrs.iter().zip(&matched).filter(|(_, seen)| !**seen) {
            let local = &actual.name.local;
            sink.diffs.push(Difference {
                kind: DifferenceKind::ExtraAttribute,
                expected_path: self.paths.render_attribute(ep, local),
                actual_path: self.paths.render_attribute(ap, local),
                expected: None,
                actual: Some(actual.value.clone()),
            });
        }
    }

    fn check_value(&mut self, expected: &str, actual: &str) -> ValueOutcome {
        if !expected.contains("{{") {
            return if expected == actual {
                ValueOutcome::Equal
            } else {
                ValueOutcome::Differs
            };
        }
        let compiled = match self.matchers.get(expected) {
            Some(compiled) => compiled.clone(),
            None => {
                let compiled = Rc::new(Template::parse(expected).compile(self.vars));
                self.matchers.insert(expected.to_owned(), compiled.clone());
                compiled
            }
        };
        match compiled.as_ref() {
            Ok(Matcher::Literal(text)) if text == actual => ValueOutcome::Equal,
            Ok(matcher) if matcher.matches(actual) => ValueOutcome::Equal,
            Ok(_) if Template::parse(expected).is_literal() => ValueOutcome::Differs,
            Ok(_) => ValueOutcome::NoMatch,
            Err(PlaceholderError::UnknownVariable(name)) => {
                ValueOutcome::UnknownVariable(name.clone())
            }
            Err(err) => ValueOutcome::Invalid(err.to_string()),
        }
    }

    /// The difference for a compared value, if any; `attribute` names the attribute,
    /// None for element text.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call shape for text and attribute values"
    )]
    fn value_difference(
        &mut self,
        outcome: ValueOutcome,
        literal_kind: DifferenceKind,
        ep: PathId,
        ap: PathId,
        attribute: Option<&str>,
        expected: &str,
        actual: &str,
    ) -> Option<Difference> {
        let (kind, expected_shown) = match outcome {
            ValueOutcome::Equal => return None,
            ValueOutcome::Differs => (literal_kind, expected.to_owned()),
            ValueOutcome::NoMatch => (DifferenceKind::Placeholder, expected.to_owned()),
            ValueOutcome::UnknownVariable(name) => (
                DifferenceKind::UnknownVariable,
                format!("{{{{var {name}}}}}"),
            ),
            ValueOutcome::Invalid(message) => (
                DifferenceKind::Placeholder,
                format!("{expected} ({message})"),
            ),
        };
        let (expected_path, actual_path) = match attribute {
            Some(local) => (
                self.paths.render_attribute(ep, local),
                self.paths.render_attribute(ap, local),
            ),
            None => (self.paths.render(ep), self.paths.render(ap)),
        };
        Some(Difference {
            kind,
            expected_path,
            actual_path,
            expected: Some(expected_shown),
            actual: Some(actual.to_owned()),
        })
    }

    fn align_children(&mut self, ep: PathId, ap: PathId) -> Vec<Step> {
        let (e, a) = (self.paths.element(ep), self.paths.element(ap));
        let expected = element_children(e);
        let actual = element_children(a);
        if self.unordered.is_empty() {
            return align_ordered(&expected, &actual, self.opts.extra_elements);
        }
        let mut groups: Vec<(&str, Vec<Child<'d>>, Vec<Child<'d>>)> = Vec::new();
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        let mut split =
            |children: Vec<Child<'d>>,
             side: usize,
             groups: &mut Vec<(&'d str, Vec<Child<'d>>, Vec<Child<'d>>)>| {
                let mut ordered = Vec::new();
                for child in children {
                    let name: &'d str = &child.1.name.local;
                    if self.unordered_key(name).is_none() {
                        ordered.push(child);
                        continue;
                    }
                    let group = *group_of.entry(name).or_insert_with(|| {
                        groups.push((name, Vec::new(), Vec::new()));
                        groups.len() - 1
                    });
                    if side == 0 {
                        groups[group].1.push(child);
                    } else {
                        groups[group].2.push(child);
                    }
                }
                ordered
            };
        let expected_ordered = split(expected, 0, &mut groups);
        let actual_ordered = split(actual, 1, &mut groups);
        let mut steps = align_ordered(&expected_ordered, &actual_ordered, self.opts.extra_elements);
        for (name, expected_group, actual_group) in groups {
            let key = self.unordered_key(name).flatten();
            steps.extend(self.match_group(key, &expected_group, &actual_group, ep, ap));
        }
        steps
    }

    /// Whether elements named `name` are unordered, and by which key child.
    fn unordered_key(&self, name: &str) -> Option<Option<&'o str>> {
        self.unordered
            .iter()
            .find(|(element, _)| *element == name)
            .map(|(_, key)| *key)
    }

    /// The key an expected element is matched by: its key child's text when that is
    /// literal or a known `{{var}}`.
    fn expected_key(&self, element: &Element, key: &str) -> Option<String> {
        let text = significant_text(element.child(key)?);
        let text = text.trim();
        if !text.contains("{{") {
            return Some(text.to_owned());
        }
        let template = Template::parse(text);
        if template.is_literal() {
            return Some(text.to_owned());
        }
        template.var_name().and_then(|name| (self.vars)(name))
    }

    fn match_group(
        &mut self,
        key: Option<&str>,
        expected: &[Child<'d>],
        actual: &[Child<'d>],
        ep: PathId,
        ap: PathId,
    ) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut used = vec![false; actual.len()];
        let mut pending = Vec::new();
        match key {
            Some(key) => {
                let mut by_key: HashMap<String, VecDeque<usize>> = HashMap::new();
                for (position, (_, element)) in actual.iter().enumerate() {
                    if let Some(child) = element.child(key) {
                        by_key
                            .entry(significant_text(child).trim().to_owned())
                            .or_default()
                            .push_back(position);
                    }
                }
                for (position, (index, element)) in expected.iter().enumerate() {
                    match self.expected_key(element, key) {
                        Some(value) => match by_key.get_mut(&value).and_then(VecDeque::pop_front) {
                            Some(found) => {
                                used[found] = true;
                                steps.push(Step::Pair(*index, actual[found].0));
                            }
                            None => steps.push(Step::Missing(*index)),
                        },
                        None => pending.push(position),
                    }
                }
            }
            None => pending.extend(0..expected.len()),
        }
        let mut candidates = Candidates::new(&pending, expected, actual, self.vars);
        let mut texts: Vec<Option<Cow<'d, str>>> = vec![None; expected.len()];
        let mut seating = Seating {
            seat: vec![None; expected.len()],
            owner: vec![None; actual.len()],
            visited: vec![0; actual.len()],
            round: 0,
        };
        let mut failed = Vec::new();
        let mut first_unused = 0;
        for &position in &pending {
            let (index, element) = expected[position];
            let text = candidates
                .discriminator
                .and_then(|d| d.expected_text(element, self.vars));
            let found = match &text {
                // Every exact partner shares this text: trying only those is complete.
                Some(text) => {
                    let list = candidates.unused(text, &used).iter().copied();
                    self.first_exact(ep, index, ap, actual, list.filter(|&c| !used[c]))
                }
                None => {
                    while first_unused < used.len() && used[first_unused] {
                        first_unused += 1;
                    }
                    let unused = (first_unused..actual.len()).filter(|&c| !used[c]);
                    self.first_exact(ep, index, ap, actual, unused)
                }
            };
            texts[position] = text;
            match found {
                Some(candidate) => {
                    used[candidate] = true;
                    seating.sit(position, candidate);
                }
                None => failed.push(position),
            }
        }
        // Placeholders and allowed extra elements let one actual element match several
        // expected ones, so a greedy choice can take another's only partner: move the
        // elements seated there on, when they have another partner.
        let group = Group {
            ep,
            ap,
            expected,
            actual,
            texts: &texts,
            candidates: &candidates,
            taken: &used,
        };
        for &position in &failed {
            // A text most of the list shares tells nothing: moving elements there would
            // only repeat failed trials.
            let few = texts[position]
                .as_deref()
                .is_some_and(|text| candidates.all(text).len() <= GREEDY_WINDOW);
            if !few {
                continue;
            }
            seating.round += 1;
            let mut budget = Budget {
                trials: GREEDY_WINDOW,
                looks: 4 * GREEDY_WINDOW,
            };
            self.reseat(&group, &mut seating, position, true, &mut budget);
        }
        for (candidate, owner) in seating.owner.iter().enumerate() {
            used[candidate] |= owner.is_some();
        }
        let mut deferred = Vec::new();
        for &position in &pending {
            let index = expected[position].0;
            match seating.seat[position] {
                Some(candidate) => steps.push(Step::Matched(index, actual[candidate].0)),
                None => deferred.push((index, texts[position].take())),
            }
        }
        // What found no exact partner is compared with an unused one that shares its
        // discriminating text when there is one (the same session with a changed field),
        // else with the leftovers in order, so its differences are shown inside the
        // element rather than as one missing and one extra element.
        let mut unpaired = Vec::new();
        for (index, text) in deferred {
            let partner = text.and_then(|text| candidates.unused(&text, &used).first().copied());
            match partner {
                Some(candidate) => {
                    used[candidate] = true;
                    steps.push(Step::Pair(index, actual[candidate].0));
                }
                None => unpaired.push(index),
            }
        }
        let mut free = (0..actual.len())
            .filter(|&c| !used[c])
            .collect::<Vec<_>>()
            .into_iter();
        for index in unpaired {
            match free.next() {
                Some(candidate) => steps.push(Step::Pair(index, actual[candidate].0)),
                None => steps.push(Step::Missing(index)),
            }
        }
        steps.extend(free.map(|candidate| Step::Extra(actual[candidate].0)));
        steps
    }

    /// The first of at most [`GREEDY_WINDOW`] `tries` (positions in `actual`) that the
    /// expected child `index` matches with no difference.
    fn first_exact(
        &mut self,
        ep: PathId,
        index: usize,
        ap: PathId,
        actual: &[Child<'d>],
        tries: impl Iterator<Item = usize>,
    ) -> Option<usize> {
        tries
            .take(GREEDY_WINDOW)
            .find(|&candidate| self.trial(ep, index, ap, actual[candidate].0))
    }

    /// Seats the expected element at `position` on an exact partner, moving an element
    /// already seated there on to another exact partner of its own when that frees one
    /// (an augmenting path, within `budget`). `first`: the element's free candidates were
    /// tried already, so only seated ones are.
    fn reseat(
        &mut self,
        group: &Group<'_, 'd>,
        seating: &mut Seating,
        position: usize,
        first: bool,
        budget: &mut Budget,
    ) -> Option<usize> {
        let text = group.texts[position].as_deref()?;
        for &candidate in group.candidates.all(text) {
            if budget.looks == 0 || budget.trials == 0 {
                return None;
            }
            budget.looks -= 1;
            let owner = seating.owner[candidate];
            let taken_by_key = owner.is_none() && group.taken[candidate];
            if seating.visited[candidate] == seating.round
                || taken_by_key
                || (first && owner.is_none())
                || owner == Some(position)
            {
                continue;
            }
            seating.visited[candidate] = seating.round;
            budget.trials -= 1;
            let index = group.expected[position].0;
            if !self.trial(group.ep, index, group.ap, group.actual[candidate].0) {
                continue;
            }
            let moved = match owner {
                None => true,
                Some(other) => self.reseat(group, seating, other, false, budget).is_some(),
            };
            if moved {
                seating.sit(position, candidate);
                return Some(candidate);
            }
        }
        None
    }

    /// Whether the two children match with no difference at all.
    fn trial(
        &mut self,
        ep: PathId,
        expected_index: usize,
        ap: PathId,
        actual_index: usize,
    ) -> bool {
        let mark = self.paths.mark();
        let expected = self.paths.child(ep, expected_index);
        let actual = self.paths.child(ap, actual_index);
        let mut sink = Sink {
            diffs: Vec::new(),
            stop_at_first: true,
        };
        let quiet = self.paths.set_quiet(true);
        self.compare_tree(expected, actual, &mut sink);
        self.paths.set_quiet(quiet);
        self.paths.reset(mark);
        sink.diffs.is_empty()
    }
}

type Child<'d> = (usize, &'d Element);

fn element_children(element: &Element) -> Vec<Child<'_>> {
    element
        .children()
        .enumerate()
        .filter_map(|(index, node)| match node {
            tree::Child::Element(child) => Some((index, child)),
            tree::Child::Text(_) => None,
        })
        .collect()
}

/// What the elements of an unkeyed unordered group are told apart by: the text of one
/// leaf child, or an element's own text when the group's elements are leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Discriminator<'d> {
    OwnText,
    Child(&'d str),
}

impl<'d> Discriminator<'d> {
    /// The text the expected element needs here: literal, or one known `{{var}}`; None
    /// when it has none (absent, not a leaf, or another placeholder), which leaves the
    /// element to the scan of its neighbours.
    fn expected_text(
        self,
        element: &'d Element,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Cow<'d, str>> {
        let holder = match self {
            Discriminator::OwnText => element,
            Discriminator::Child(name) => element.child(name)?,
        };
        if holder.has_element_children() {
            return None;
        }
        let text = significant_text(holder);
        if !text.contains("{{") {
            return Some(text);
        }
        Template::parse(&text)
            .var_name()
            .and_then(vars)
            .map(Cow::Owned)
    }

    /// Every text the actual element offers here: an exact partner of an expected element
    /// must offer its text, since names pair by local name and literal texts by equality.
    fn actual_texts(self, element: &'d Element) -> Vec<Cow<'d, str>> {
        match self {
            Discriminator::OwnText => vec![significant_text(element)],
            Discriminator::Child(name) => element
                .child_elements()
                .filter(|child| &*child.name.local == name)
                .map(significant_text)
                .collect(),
        }
    }
}

/// The actual elements of an unkeyed group indexed by their discriminating text, so that
/// a shuffled list finds each partner in one lookup instead of a scan of its neighbours.
struct Candidates<'d> {
    discriminator: Option<Discriminator<'d>>,
    /// Positions in `actual` by text, with a cursor past the ones already used at the front.
    lists: HashMap<Cow<'d, str>, (usize, Vec<usize>)>,
}

impl<'d> Candidates<'d> {
    /// How many expected elements choose the discriminator.
    const SAMPLE: usize = 64;

    fn new(
        pending: &[usize],
        expected: &[Child<'d>],
        actual: &[Child<'d>],
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        // One candidate (an element's lone `isException`, say) needs no index.
        let discriminator = (actual.len() > 1)
            .then(|| Self::choose(pending, expected, vars))
            .flatten();
        let mut lists: HashMap<Cow<'d, str>, (usize, Vec<usize>)> = HashMap::new();
        if let Some(discriminator) = discriminator {
            for (position, (_, element)) in actual.iter().enumerate() {
                for text in discriminator.actual_texts(element) {
                    let list = &mut lists.entry(text).or_default().1;
                    if list.last() != Some(&position) {
                        list.push(position);
                    }
                }
            }
        }
        Candidates {
            discriminator,
            lists,
        }
    }

    /// The leaf (own text or a child's) whose literal texts tell the most of the first
    /// expected elements apart; the first such leaf on a tie.
    fn choose(
        pending: &[usize],
        expected: &[Child<'d>],
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Discriminator<'d>> {
        let mut seen: Vec<(Discriminator<'d>, HashSet<Cow<'d, str>>)> = Vec::new();
        for &position in pending.iter().take(Self::SAMPLE) {
            let element = expected[position].1;
            let options = std::iter::once(Discriminator::OwnText).chain(
                element
                    .child_elements()
                    .map(|child| Discriminator::Child(&child.name.local)),
            );
            for option in options {
                let Some(text) = option.expected_text(element, vars) else {
                    continue;
                };
                match seen.iter_mut().find(|(known, _)| *known == option) {
                    Some((_, texts)) => {
                        texts.insert(text);
                    }
                    None => seen.push((option, HashSet::from([text]))),
                }
            }
        }
        let most = seen.iter().map(|(_, texts)| texts.len()).max()?;
        seen.into_iter()
            .find(|(_, texts)| texts.len() == most)
            .map(|(option, _)| option)
    }

    /// Every candidate offering `text`, used or not.
    fn all(&self, text: &str) -> &[usize] {
        self.lists
            .get(text)
            .map_or(&[], |(_, list)| list.as_slice())
    }

    /// The candidates offering `text`, from the first one not yet used.
    fn unused(&mut self, text: &str, used: &[bool]) -> &[usize] {
        let Some((cursor, list)) = self.lists.get_mut(text) else {
            return &[];
        };
        while *cursor < list.len() && used[list[*cursor]] {
            *cursor += 1;
        }
        &list[*cursor..]
    }
}

/// One unkeyed group being matched: what [`Comparer::reseat`] reads.
struct Group<'g, 'd> {
    ep: PathId,
    ap: PathId,
    expected: &'g [Child<'d>],
    actual: &'g [Child<'d>],
    /// Each expected element's discriminating text, by position.
    texts: &'g [Option<Cow<'d, str>>],
    candidates: &'g Candidates<'d>,
    /// Actual elements taken before the search (by key, or seated): those with no
    /// owner in the seating were taken by key and cannot be moved.
    taken: &'g [bool],
}

/// Which expected element sits on which actual one (positions in the group), with the
/// marks of the current search for a free partner.
struct Seating {
    seat: Vec<Option<usize>>,
    owner: Vec<Option<usize>>,
    /// The round in which each actual element was last looked at.
    visited: Vec<u32>,
    round: u32,
}

impl Seating {
    fn sit(&mut self, position: usize, candidate: usize) {
        self.seat[position] = Some(candidate);
        self.owner[candidate] = Some(position);
    }
}

/// What one search for a free partner may spend: trials, and candidates looked at.
struct Budget {
    trials: usize,
    looks: usize,
}

fn describe_ns(name: &Name) -> String {
    name.ns
        .as_deref()
        .map_or_else(|| "(no namespace)".to_owned(), str::to_owned)
}

/// Attribute lookup by name: a scan for the usual handful, a hash map beyond.
struct AttributeIndex<'a> {
    map: Option<HashMap<&'a Name, usize>>,
}

impl<'a> AttributeIndex<'a> {
    const SMALL: usize = 8;

    fn new(attrs: &'a [Attribute]) -> Self {
        let map = (attrs.len() > Self::SMALL).then(|| {
            attrs
                .iter()
                .enumerate()
                .map(|(i, attr)| (&attr.name, i))
                .collect()
        });
        AttributeIndex { map }
    }

    fn find(&self, attrs: &[Attribute], name: &Name) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(name).copied(),
            None => attrs.iter().position(|attr| attr.name == *name),
        }
    }
}

/// Next-occurrence lookups by local name, for positions that only move forward, so a
/// whole alignment stays linear.
struct NextIndex<'a> {
    positions: HashMap<&'a str, (Vec<usize>, usize)>,
}

impl<'a> NextIndex<'a> {
    fn new(children: &[Child<'a>]) -> Self {
        let mut positions: HashMap<&'a str, (Vec<usize>, usize)> = HashMap::new();
        for (position, (_, element)) in children.iter().enumerate() {
            positions
                .entry(&*element.name.local)
                .or_default()
                .0
                .push(position);
        }
        NextIndex { positions }
    }

    /// The first position ≥ `from` holding `name`; `from` must not decrease between calls
    /// for the same name.
    fn next(&mut self, name: &str, from: usize) -> Option<usize> {
        let (positions, cursor) = self.positions.get_mut(name)?;
        while *cursor < positions.len() && positions[*cursor] < from {
            *cursor += 1;
        }
        positions.get(*cursor).copied()
    }
}

/// Aligns two child lists by local name without LCS: on a mismatch, the element that
/// reappears sooner on the other side decides whether the actual element is extra or
/// the expected one missing. With `extra_allowed`, actual elements are skipped freely.
fn align_ordered(expected: &[Child<'_>], actual: &[Child<'_>], extra_allowed: bool) -> Vec<Step> {
    let same_names = expected.len() == actual.len()
        && expected
            .iter()
            .zip(actual)
            .all(|((_, e), (_, a))| e.name.local == a.name.local);
    if same_names {
        return expected
            .iter()
            .zip(actual)
            .map(|((ei, _), (ai, _))| Step::Pair(*ei, *ai))
            .collect();
    }
    let mut in_expected = NextIndex::new(expected);
    let mut in_actual = NextIndex::new(actual);
    let mut steps = Vec::with_capacity(expected.len().max(actual.len()));
    let (mut i, mut j) = (0, 0);
    while i < expected.len() && j < actual.len() {
        let (expected_name, actual_name) = (&expected[i].1.name.local, &actual[j].1.name.local);
        if expected_name == actual_name {
            steps.push(Step::Pair(expected[i].0, actual[j].0));
            i += 1;
            j += 1;
            continue;
        }
        let actual_is_extra = match in_actual.next(expected_name, j) {
            None => false,
            Some(_) if extra_allowed => true,
            Some(k) => match in_expected.next(actual_name, i) {
                None => true,
                Some(m) => k - j <= m - i,
            },
        };
        if actual_is_extra {
            steps.push(Step::Extra(actual[j].0));
            j += 1;
        } else {
            steps.push(Step::Missing(expected[i].0));
            i += 1;
        }
    }
    steps.extend(expected[i..].iter().map(|(index, _)| Step::Missing(*index)));
    steps.extend(actual[j..].iter().map(|(index, _)| Step::Extra(*index)));
    steps
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::parse::parse;
    use super::super::tree::Limits;
    use super::*;

    fn doc(text: &str) -> Document {
        match parse(text, &Limits::default()) {
            Ok(doc) => doc,
            Err(err) => panic!("fixture does not parse: {err}\n{text}"),
        }
    }

    fn vars(name: &str) -> Option<String> {
        match name {
            "meeting" => Some("123456789".to_owned()),
            "series" => Some("1003".to_owned()),
            _ => None,
        }
    }

    fn diff_with(expected: &str, actual: &str, opts: &CompareOptions) -> Vec<Difference> {
        compare(&doc(expected), &doc(actual), opts, &vars)
    }

    fn diff(expected: &str, actual: &str) -> Vec<Difference> {
        diff_with(expected, actual, &CompareOptions::default())
    }

    fn kinds_and_paths(diffs: &[Difference]) -> Vec<(&'static str, &str, &str)> {
        diffs
            .iter()
            .map(|d| {
                (
                    d.kind.as_str(),
                    d.expected_path.as_str(),
                    d.actual_path.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn restyled_document_is_equal() {
        // Other prefixes, declarations moved inwards, pretty-printed, CRLF, attribute order.
        assert_eq!(
            diff(fixtures::GET_MEETING, fixtures::GET_MEETING_RESTYLED),
            vec![]
        );
        assert_eq!(
            diff(fixtures::GET_MEETING_RESTYLED, fixtures::GET_MEETING),
            vec![]
        );
    }

    #[test]
    fn style_alone_never_differs() {
        let base = r#"<p:a xmlns:p="urn:a" x="1" y="2"><p:b>t</p:b><c/></p:a>"#;
        let cases = [
            (
                "prefix renamed",
                r#"<q:a xmlns:q="urn:a" x="1" y="2"><q:b>t</q:b><c/></q:a>"#,
            ),
            (
                "default namespace",
                r#"<a xmlns="urn:a" x="1" y="2"><b>t</b><c xmlns=""/></a>"#,
            ),
            (
                "declaration moved inwards",
                r#"<p:a xmlns:p="urn:a" x="1" y="2"><p:b xmlns:p="urn:a">t</p:b><c></c></p:a>"#,
            ),
            (
                "attribute order",
                r#"<p:a xmlns:p="urn:a" y="2" x="1"><p:b>t</p:b><c/></p:a>"#,
            ),
            (
                "pretty printed",
                "<p:a xmlns:p=\"urn:a\" x=\"1\" y=\"2\">\n  <p:b> t </p:b>\n  <c/>\n</p:a>\n",
            ),
            (
                "CRLF",
                "<p:a xmlns:p=\"urn:a\" x=\"1\" y=\"2\">\r\n  <p:b>t</p:b>\r\n  <c/>\r\n</p:a>",
            ),
        ];
        for (what, other) in cases {
            assert_eq!(diff(base, other), vec![], "{what}");
        }
    }

    #[test]
    fn changed_element_name_is_detected() {
        let diffs = diff("<a><b>1</b></a>", "<z><b>1</b></z>");
        assert_eq!(kinds_and_paths(&diffs), vec![("element-name", "/a", "/z")]);
        let diffs = diff("<a><b>1</b><c>2</c></a>", "<a><b>1</b><d>2</d></a>");
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![
                ("missing-element", "/a/c", "/a"),
                ("extra-element", "/a", "/a/d")
            ]
        );
    }

    #[test]
    fn same_local_name_in_another_namespace_is_a_namespace_difference() {
        let diffs = diff(
            r#"<a xmlns:m="http://www.webex.com/schemas/2002/06/service/meeting"><m:confName>x</m:confName></a>"#,
            r#"<a xmlns:m="http://www.webex.com/schemas/2002/06/service/ep"><m:confName>x</m:confName></a>"#,
        );
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].kind, DifferenceKind::Namespace);
        assert_eq!(diffs[0].expected_path, "/a/confName");
        assert_eq!(
            diffs[0].expected.as_deref(),
            Some("http://www.webex.com/schemas/2002/06/service/meeting")
        );
        assert_eq!(
            diffs[0].actual.as_deref(),
            Some("http://www.webex.com/schemas/2002/06/service/ep")
        );
        let diffs = diff(r#"<a xmlns="urn:x"/>"#, "<a/>");
        assert_eq!(diffs[0].actual.as_deref(), Some("(no namespace)"));
    }

    #[test]
    fn xsi_type_compares_by_resolved_name() {
        let xsi = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;
        let meet = "http://www.webex.com/schemas/2002/06/service/meeting";
        let expected =
            format!(r#"<c {xsi} xmlns:meet="{meet}" xsi:type="meet:getMeetingResponse"/>"#);
        let same = format!(
            r#"<c xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="m:getMeetingResponse" xmlns:m="{meet}"/>"#
        );
        assert_eq!(diff(&expected, &same), vec![]);
        let other = format!(
            r#"<c {xsi} xmlns:m="http://www.webex.com/schemas/2002/06/service/ep" xsi:type="m:getMeetingResponse"/>"#
        );
        let diffs = diff(&expected, &other);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![("attribute-value", "/c/@type", "/c/@type")]
        );
        assert!(diffs[0]
            .expected
            .as_deref()
            .is_some_and(|e| e.contains(meet)));
        // Unresolvable java: values compare as strings.
        let java = |op: &str| {
            format!(r#"<c {xsi} xsi:type="java:com.webex.service.binding.meeting.{op}"/>"#)
        };
        assert_eq!(diff(&java("GetMeeting"), &java("GetMeeting")), vec![]);
        assert_eq!(diff(&java("GetMeeting"), &java("SetMeeting")).len(), 1);
    }

    #[test]
    fn attributes_missing_extra_and_changed() {
        let diffs = diff(r#"<a x="1" y="2"/>"#, r#"<a y="3" z="4"/>"#);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![
                ("missing-attribute", "/a/@x", "/a/@x"),
                ("attribute-value", "/a/@y", "/a/@y"),
                ("extra-attribute", "/a/@z", "/a/@z"),
            ]
        );
        assert_eq!(diffs[1].expected.as_deref(), Some("2"));
        assert_eq!(diffs[1].actual.as_deref(), Some("3"));
        let extra_ok = CompareOptions {
            extra_elements: true,
            ..Default::default()
        };
        assert_eq!(
            diff_with(r#"<a y="{{long}}"/>"#, r#"<a y="3" z="4"/>"#, &extra_ok),
            vec![]
        );
    }

    #[test]
    fn placeholders_match_and_mismatch_in_documents() {
        let table: &[(&str, &str, Option<DifferenceKind>)] = &[
            ("{{any}}", "anything", None),
            ("{{long}}", "123456789", None),
            ("{{long}}", "12345x", Some(DifferenceKind::Placeholder)),
            ("{{boolean}}", "TRUE", None),
            ("{{boolean}}", "1", Some(DifferenceKind::Placeholder)),
            ("{{date}}", "07/20/2016 15:30:00", None),
            ("{{date}}", "2016-07-20", Some(DifferenceKind::Placeholder)),
            (
                "{{regex [0-9a-f]{32}}}",
                "cccccccccccccccccccccccccccccccc",
                None,
            ),
            (
                "{{regex [0-9a-f]{32}}}",
                "xyz",
                Some(DifferenceKind::Placeholder),
            ),
            ("{{var meeting}}", "123456789", None),
            (
                "{{var meeting}}",
                "987654321",
                Some(DifferenceKind::Placeholder),
            ),
            ("{{var nobody}}", "1", Some(DifferenceKind::UnknownVariable)),
            ("Weekly {{any}} review", "Weekly team review", None),
            (
                "Weekly {{any}} review",
                "Daily team review",
                Some(DifferenceKind::Placeholder),
            ),
            ("literal", "other", Some(DifferenceKind::Text)),
            ("{{regex (}}", "(", Some(DifferenceKind::Placeholder)),
        ];
        for (expected, actual, kind) in table {
            let diffs = diff(
                &format!("<m><k>{expected}</k></m>"),
                &format!("<m><k>{actual}</k></m>"),
            );
            assert_eq!(
                diffs.iter().map(|d| d.kind).collect::<Vec<_>>(),
                kind.iter().copied().collect::<Vec<_>>(),
                "{expected} vs {actual}"
            );
            if let Some(d) = diffs.first() {
                assert_eq!(
                    (d.expected_path.as_str(), d.actual.as_deref()),
                    ("/m/k", Some(*actual))
                );
            }
        }
        // Attribute values take placeholders too.
        assert_eq!(diff(r#"<a id="{{long}}"/>"#, r#"<a id="42"/>"#), vec![]);
        assert_eq!(
            diff(r#"<a id="{{long}}"/>"#, r#"<a id="x"/>"#)[0].kind,
            DifferenceKind::Placeholder
        );
    }

    #[test]
    fn any_as_whole_content_skips_the_subtree() {
        let expected = "<m><k>{{any}}</k><z>1</z></m>";
        assert_eq!(
            diff(
                expected,
                "<m><k><deep><er>x</er></deep>text</k><z>1</z></m>"
            ),
            vec![]
        );
        assert_eq!(diff(expected, "<m><k/><z>1</z></m>"), vec![]);
        assert_eq!(diff(expected, "<m><k/><z>2</z></m>").len(), 1);
    }

    #[test]
    fn single_missing_or_extra_element_is_reported_precisely() {
        let diffs = diff("<a><b/><c/><d/><e/></a>", "<a><b/><d/><e/></a>");
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![("missing-element", "/a/c", "/a")]
        );
        let diffs = diff("<a><b/><d/><e/></a>", "<a><b/><c/><d/><e/></a>");
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![("extra-element", "/a", "/a/c")]
        );
        let diffs = diff("<a><s>1</s><s>2</s><s>3</s></a>", "<a><s>1</s><s>2</s></a>");
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![("missing-element", "/a/s[3]", "/a")]
        );
    }

    #[test]
    fn extra_elements_allowed_or_not() {
        let expected = "<a><b>1</b><d>3</d></a>";
        let actual = "<a><new/><b>1</b><c>2</c><d>3</d><more/></a>";
        let strict = diff(expected, actual);
        assert_eq!(
            kinds_and_paths(&strict),
            vec![
                ("extra-element", "/a", "/a/new"),
                ("extra-element", "/a", "/a/c"),
                ("extra-element", "/a", "/a/more")
            ]
        );
        let lenient = CompareOptions {
            extra_elements: true,
            ..Default::default()
        };
        assert_eq!(diff_with(expected, actual, &lenient), vec![]);
        // Missing elements are still missing.
        let diffs = diff_with("<a><b>1</b><x/></a>", actual, &lenient);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![("missing-element", "/a/x", "/a")]
        );
    }

    #[test]
    fn all_differences_are_listed_with_exact_paths() {
        let expected = fixtures::lstsummary_session(&fixtures::weekly_series());
        let mut sessions = fixtures::weekly_series();
        sessions[2] = fixtures::session("1003", "Weekly team review (moved)", false);
        sessions[3] = fixtures::session("1004", "Weekly team review!", false);
        let actual = fixtures::lstsummary_session(&sessions)
            .replace("<serv:gsbStatus>PRIMARY", "<serv:gsbStatus>BACKUP");
        let diffs = diff(&expected, &actual);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![
                (
                    "text",
                    "/message/header/response/gsbStatus",
                    "/message/header/response/gsbStatus"
                ),
                (
                    "text",
                    "/message/body/bodyContent/session[3]/isException",
                    "/message/body/bodyContent/session[3]/isException"
                ),
                (
                    "text",
                    "/message/body/bodyContent/session[4]/confName",
                    "/message/body/bodyContent/session[4]/confName"
                ),
            ]
        );
        assert_eq!(diffs[1].expected.as_deref(), Some("true"));
        assert_eq!(diffs[1].actual.as_deref(), Some("false"));
    }

    fn sessions_unordered(key: Option<&str>) -> CompareOptions {
        unordered_by("session", key, false)
    }

    fn unordered_by(element: &str, key: Option<&str>, extra_elements: bool) -> CompareOptions {
        CompareOptions {
            extra_elements,
            unordered: vec![Unordered {
                element: element.into(),
                key: key.map(str::to_owned),
            }],
        }
    }

    #[test]
    fn unordered_by_key_ignores_order_and_reports_changes_at_both_paths() {
        let series = fixtures::weekly_series();
        let expected = fixtures::lstsummary_session(&series);
        let shuffled = fixtures::lstsummary_session(&[
            series[3].clone(),
            series[2].clone(),
            series[0].clone(),
            series[1].clone(),
        ]);
        let keyed = sessions_unordered(Some("sessionKey"));
        assert_eq!(diff_with(&expected, &shuffled, &keyed), vec![]);
        assert_ne!(
            diff(&expected, &shuffled),
            vec![],
            "order matters by default"
        );

        let changed = fixtures::lstsummary_session(&[
            series[3].clone(),
            fixtures::session("1003", "Weekly team review (moved)", false),
            series[0].clone(),
            series[1].clone(),
        ]);
        let diffs = diff_with(&expected, &changed, &keyed);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![(
                "text",
                "/message/body/bodyContent/session[3]/isException",
                "/message/body/bodyContent/session[2]/isException"
            )]
        );

        // A key given as a variable, and a key that is absent.
        let by_var = expected.replace("<ep:sessionKey>1003<", "<ep:sessionKey>{{var series}}<");
        assert_eq!(diff_with(&by_var, &shuffled, &keyed), vec![]);
        let gone = fixtures::lstsummary_session(&[
            series[0].clone(),
            series[1].clone(),
            series[3].clone(),
        ]);
        let counts = expected
            .replace("<serv:total>4<", "<serv:total>{{long}}<")
            .replace("<serv:returned>4<", "<serv:returned>{{long}}<");
        let diffs = diff_with(&counts, &gone, &keyed);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![(
                "missing-element",
                "/message/body/bodyContent/session[3]",
                "/message/body/bodyContent"
            )]
        );
    }

    #[test]
    fn unordered_without_key_matches_greedily() {
        let series = fixtures::weekly_series();
        let expected = fixtures::lstsummary_session(&series);
        let shuffled = fixtures::lstsummary_session(&[
            series[2].clone(),
            series[0].clone(),
            series[3].clone(),
            series[1].clone(),
        ]);
        assert_eq!(
            diff_with(&expected, &shuffled, &sessions_unordered(None)),
            vec![]
        );
        let mut extra = series.clone();
        extra.insert(1, fixtures::session("2000", "Other", false));
        let actual = fixtures::lstsummary_session(&extra)
            .replace("<serv:total>5<", "<serv:total>4<")
            .replace("<serv:returned>5<", "<serv:returned>4<");
        let diffs = diff_with(&expected, &actual, &sessions_unordered(None));
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![(
                "extra-element",
                "/message/body/bodyContent",
                "/message/body/bodyContent/session[2]"
            )]
        );
        // A changed session with no exact partner is compared with the leftover one.
        let mut changed = series.clone();
        changed[0] = fixtures::session("1001", "Renamed", false);
        let diffs = diff_with(
            &expected,
            &fixtures::lstsummary_session(&changed),
            &sessions_unordered(None),
        );
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![(
                "text",
                "/message/body/bodyContent/session[1]/confName",
                "/message/body/bodyContent/session[1]/confName"
            )]
        );
    }

    #[test]
    fn large_equal_lists_compare_quickly() {
        // Big enough that a quadratic step would show (4M trials), small enough for debug builds.
        let sessions: Vec<String> = (0..2_000)
            .map(|i| fixtures::session(&(100_000 + i).to_string(), "Team", i % 7 == 0))
            .collect();
        let mut reversed = sessions.clone();
        reversed.reverse();
        let expected = doc(&fixtures::lstsummary_session(&sessions));
        let actual = doc(&fixtures::lstsummary_session(&reversed));
        for key in [Some("sessionKey"), None] {
            let opts = sessions_unordered(key);
            let same = compare(&expected, &expected, &opts, &vars);
            assert_eq!(same, vec![]);
            assert_eq!(compare(&expected, &actual, &opts, &vars), vec![], "{key:?}");
        }
    }

    #[test]
    fn unkeyed_lists_find_partners_however_far_they_moved() {
        // Reversed, far beyond the window of neighbours a scan would try.
        let series: Vec<String> = (0..200)
            .map(|i| fixtures::session(&(5_000 + i).to_string(), "Team", i % 3 == 0))
            .collect();
        let mut moved = series.clone();
        moved.reverse();
        let expected = fixtures::lstsummary_session(&series);
        let opts = sessions_unordered(None);
        assert_eq!(
            diff_with(&expected, &fixtures::lstsummary_session(&moved), &opts),
            vec![]
        );

        // A changed session is compared with the one that shares its key, wherever it is.
        moved[150] = fixtures::session("5049", "Renamed", 49 % 3 == 0);
        let diffs = diff_with(&expected, &fixtures::lstsummary_session(&moved), &opts);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![(
                "text",
                "/message/body/bodyContent/session[50]/confName",
                "/message/body/bodyContent/session[151]/confName"
            )]
        );

        // Keys given as captured variables tell the sessions apart as literal ones do.
        let mut by_vars = expected.clone();
        for i in 0..200 {
            let key = 5_000 + i;
            by_vars = by_vars
                .replace(&format!(">{key}<"), &format!(">{{{{var k{key}}}}}<"))
                .replace(&format!(">{key}0<"), &format!(">{{{{var c{key}}}}}<"));
        }
        let captured = |name: &str| {
            let (kind, key) = name.split_at(1);
            Some(if kind == "k" {
                key.to_owned()
            } else {
                format!("{key}0")
            })
        };
        let reversed: Vec<String> = series.iter().rev().cloned().collect();
        assert_eq!(
            compare(
                &doc(&by_vars),
                &doc(&fixtures::lstsummary_session(&reversed)),
                &opts,
                &captured
            ),
            vec![]
        );

        // Placeholders where the key would be: the scan still pairs neighbours.
        let by_any = expected
            .replace("<ep:sessionKey>5001<", "<ep:sessionKey>{{long}}<")
            .replace("<ep:confID>50010<", "<ep:confID>{{long}}<");
        let swapped: Vec<String> = (0..200).map(|i| series[i ^ 1].clone()).collect();
        assert_eq!(
            diff_with(&by_any, &fixtures::lstsummary_session(&swapped), &opts),
            vec![]
        );
    }

    #[test]
    fn an_element_that_matches_several_gives_way_to_one_with_a_single_partner() {
        let unordered_a = |extra_elements| unordered_by("a", None, extra_elements);
        // The first expected element matches both actual ones: it must take the one the
        // second cannot.
        let expected = "<r><a><k>1</k><v>{{any}}</v></a><a><k>1</k><v>y</v></a></r>";
        let actual = "<r><a><k>1</k><v>y</v></a><a><k>1</k><v>x</v></a></r>";
        assert_eq!(diff_with(expected, actual, &unordered_a(false)), vec![]);
        // With extra elements allowed, a richer element matches a poorer one.
        let expected = "<r><a><k>1</k><a><v>y</v></a></a><a><k>2</k></a>\
            <a><k>1</k><a><v>y</v></a><a><v>x</v></a></a></r>";
        let actual = "<r><a><k>1</k><a><v>x</v></a><a><v>y</v></a></a><a><k>2</k></a>\
            <a><k>1</k><a><v>y</v></a></a></r>";
        assert_eq!(diff_with(expected, actual, &unordered_a(true)), vec![]);
        // A real difference is still one.
        let actual = actual.replace("<v>x</v>", "<v>z</v>");
        assert_ne!(diff_with(expected, &actual, &unordered_a(true)), vec![]);
    }

    #[test]
    fn unordered_leaves_pair_by_their_own_text() {
        let opts = unordered_by("v", None, false);
        fn list<T: std::fmt::Display>(values: impl IntoIterator<Item = T>) -> String {
            let items: String = values.into_iter().map(|v| format!("<v>{v}</v>")).collect();
            format!("<r>{items}</r>")
        }
        assert_eq!(
            diff_with(&list(0..100), &list((0..100).rev()), &opts),
            vec![]
        );
        let diffs = diff_with(&list(["a", "b", "b"]), &list(["b", "c", "b"]), &opts);
        assert_eq!(
            kinds_and_paths(&diffs),
            vec![("text", "/r/v[1]", "/r/v[2]")]
        );
    }
}
