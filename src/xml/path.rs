//! XPath-like locations of elements, as shown in differences and used by golden writing:
//! `/message/body/bodyContent/session[3]/isException`, attributes as `/@name`.
//!
//! Local names only (prefixes are not stable across implementations); a 1-based
//! position is added among same-named siblings only when there are several.

use std::collections::HashMap;
use std::rc::Rc;

use super::tree::{Child, Element};

/// For each child of `parent` (text nodes included, as None), its position among the
/// element siblings with the same local name, or None when that name is unique.
pub(crate) fn sibling_positions(parent: &Element) -> Vec<Option<usize>> {
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for child in parent.child_elements() {
        *totals.entry(&*child.name.local).or_default() += 1;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    parent
        .children()
        .map(|node| match node {
            Child::Element(child) => {
                let name: &str = &child.name.local;
                let position = seen.entry(name).or_default();
                *position += 1;
                (totals.get(name).copied().unwrap_or(0) > 1).then_some(*position)
            }
            Child::Text(_) => None,
        })
        .collect()
}

/// One path step: `/name` or `/name[n]`.
pub(crate) fn push_step(out: &mut String, local: &str, position: Option<usize>) {
    out.push('/');
    out.push_str(local);
    if let Some(position) = position {
        out.push('[');
        out.push_str(&position.to_string());
        out.push(']');
    }
}

/// An arena of path segments: a comparison records one cheap segment per visited
/// element and renders a path string only when it reports a difference there.
pub(crate) struct Paths<'d> {
    segments: Vec<Segment<'d>>,
    /// Sibling positions per parent element (by address), computed once on demand.
    positions: HashMap<usize, Rc<Vec<Option<usize>>>>,
    /// While set, paths render empty: a trial match only asks whether there is a
    /// difference, and rendering would be most of its cost.
    quiet: bool,
}

struct Segment<'d> {
    parent: Option<usize>,
    element: &'d Element,
    /// Index in the parent's `children`.
    child_index: usize,
}

pub(crate) type PathId = usize;

impl<'d> Paths<'d> {
    pub(crate) fn new() -> Paths<'d> {
        Paths {
            segments: Vec::new(),
            positions: HashMap::new(),
            quiet: false,
        }
    }

    pub(crate) fn root(&mut self, element: &'d Element) -> PathId {
        self.segments.push(Segment {
            parent: None,
            element,
            child_index: 0,
        });
        self.segments.len() - 1
    }

    /// The path of `parent`'s child at `child_index`, which must be an element.
    pub(crate) fn child(&mut self, parent: PathId, child_index: usize) -> PathId {
        let parent_element = self.segments[parent].element;
        let element = match parent_element.child_at(child_index) {
            Some(Child::Element(child)) => child,
            // Callers pass indices of element children; stay total anyway.
            _ => parent_element,
        };
        self.segments.push(Segment {
            parent: Some(parent),
            element,
            child_index,
        });
        self.segments.len() - 1
    }

    pub(crate) fn element(&self, id: PathId) -> &'d Element {
        self.segments[id].element
    }

    /// Segments made after `mark()` can be dropped with `reset(mark)` (trial matches).
    pub(crate) fn mark(&self) -> usize {
        self.segments.len()
    }

    pub(crate) fn reset(&mut self, mark: usize) {
        self.segments.truncate(mark);
    }

    /// Sets whether paths render empty; returns the previous setting.
    pub(crate) fn set_quiet(&mut self, quiet: bool) -> bool {
        std::mem::replace(&mut self.quiet, quiet)
    }

    pub(crate) fn render(&mut self, id: PathId) -> String {
        if self.quiet {
            return String::new();
        }
        let mut chain = Vec::new();
        let mut current = Some(id);
        while let Some(index) = current {
            chain.push(index);
            current = self.segments[index].parent;
        }
        let mut out = String::new();
        for &index in chain.iter().rev() {
            let segment = &self.segments[index];
            let (element, child_index, parent) =
                (segment.element, segment.child_index, segment.parent);
            let position = match parent {
                Some(parent) => {
                    let parent_element = self.segments[parent].element;
                    self.positions_of(parent_element)
                        .get(child_index)
                        .copied()
                        .flatten()
                }
                None => None,
            };
            push_step(&mut out, &element.name.local, position);
        }
        out
    }

    pub(crate) fn render_attribute(&mut self, id: PathId, local: &str) -> String {
        let mut out = self.render(id);
        out.push_str("/@");
        out.push_str(local);
        out
    }

    fn positions_of(&mut self, parent: &Element) -> Rc<Vec<Option<usize>>> {
        let key = std::ptr::from_ref(parent) as usize;
        self.positions
            .entry(key)
            .or_insert_with(|| Rc::new(sibling_positions(parent)))
            .clone()
    }
}
