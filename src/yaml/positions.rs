//! Where every key and value of a YAML text is, recorded while the text is
//! read (see `build`), so a message about any field names its line.
//!
//! The nodes are kept in one vector, in the order they appear, each knowing
//! where its subtree ends; key names share one string. A typical file costs
//! two allocations, not one per key.

use super::{Position, Seg};

/// The positions of one YAML text's keys and list items.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    nodes: Vec<Node>,
    /// Every key name, one after the other; a node's name is a range of it.
    names: String,
}

#[derive(Debug, Clone)]
struct Node {
    step: Step,
    /// The key of a map entry; the item itself in a list.
    key: Mark,
    value: Mark,
    /// The index of the first node after this one's subtree.
    end: u32,
}

/// What a node is to its parent.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    Root,
    /// A map entry. A key that is a list or a map has an empty name.
    Key(Name),
    Index(u32),
}

impl Step {
    pub(super) fn index(i: usize) -> Step {
        Step::Index(narrow(i))
    }
}

/// A `Position` in half the space.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    line: u32,
    column: u32,
}

impl Mark {
    pub(super) fn new(at: Position) -> Mark {
        Mark {
            line: narrow(at.line),
            column: narrow(at.column),
        }
    }

    fn position(self) -> Position {
        Position {
            line: self.line as usize,
            column: self.column as usize,
        }
    }
}

/// A key's name: a range of `Positions::names`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Name {
    start: u32,
    len: u32,
}

impl Positions {
    /// Room for `nodes` nodes and `names` bytes of key names.
    pub(super) fn with_capacity(nodes: usize, names: usize) -> Positions {
        Positions {
            nodes: Vec::with_capacity(nodes),
            names: String::with_capacity(names),
        }
    }

    /// Where the key of `path` is (or the item, for a list index). Falls back
    /// to the key of the nearest enclosing entry that exists, then to the
    /// start of the text.
    pub fn key(&self, path: &[Seg]) -> Position {
        self.find(path, |node| node.key)
    }

    /// Where the value of `path` starts, with the same fallback as [`Positions::key`].
    pub fn value(&self, path: &[Seg]) -> Position {
        self.find(path, |node| node.value)
    }

    fn find(&self, path: &[Seg], pick: impl Fn(&Node) -> Mark) -> Position {
        let start = Position { line: 1, column: 1 };
        if self.nodes.is_empty() {
            return start;
        }
        let mut found: Option<usize> = None;
        for seg in path {
            match self.child(found.unwrap_or(0), seg) {
                Some(child) => found = Some(child),
                // The deepest entry that exists: its key is the place to look.
                None => return found.map_or(start, |node| self.nodes[node].key.position()),
            }
        }
        found.map_or(start, |node| pick(&self.nodes[node]).position())
    }

    /// The child of node `parent` that `seg` names.
    fn child(&self, parent: usize, seg: &Seg) -> Option<usize> {
        let end = self.nodes[parent].end as usize;
        let mut index = parent + 1;
        while index < end {
            let node = &self.nodes[index];
            let found = match (node.step, seg) {
                (Step::Key(key), Seg::Key(name)) => self.text(key) == name,
                (Step::Index(i), Seg::Index(wanted)) => i as usize == *wanted,
                _ => false,
            };
            if found {
                return Some(index);
            }
            // Past its subtree (a node is always closed after its children).
            index = (node.end as usize).max(index + 1);
        }
        None
    }

    /// Stores a key's name, for the node of its value.
    pub(super) fn name(&mut self, name: &str) -> Name {
        let start = narrow(self.names.len());
        self.names.push_str(name);
        Name {
            start,
            len: narrow(name.len()),
        }
    }

    fn text(&self, name: Name) -> &str {
        let start = name.start as usize;
        self.names
            .get(start..start + name.len as usize)
            .unwrap_or_default()
    }

    /// The key name of node `index`, if it is a map entry.
    pub(super) fn key_name(&self, index: usize) -> Option<&str> {
        match self.nodes.get(index)?.step {
            Step::Key(name) => Some(self.text(name)),
            _ => None,
        }
    }

    /// Records a node; returns its index, for [`Positions::close`].
    pub(super) fn open(&mut self, step: Step, key: Mark, value: Mark) -> usize {
        self.nodes.push(Node {
            step,
            key,
            value,
            end: 0,
        });
        self.nodes.len() - 1
    }

    /// Moves where node `index`'s value starts, once it is known.
    pub(super) fn place_value(&mut self, index: usize, at: Mark) {
        if let Some(node) = self.nodes.get_mut(index) {
            node.value = at;
        }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.names.shrink_to_fit();
    }

    /// Marks the end of node `index`'s subtree: everything recorded since it
    /// was opened is below it.
    pub(super) fn close(&mut self, index: usize) {
        let end = narrow(self.nodes.len());
        if let Some(node) = self.nodes.get_mut(index) {
            node.end = end;
        }
    }
}

/// Sizes and positions fit in 32 bits: a file is at most a few hundred kilobytes.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
