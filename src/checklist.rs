//! The release checklist: what `cargo secure release` found, as the value
//! every format of it (Markdown, JSON, HTML) reads.

use serde::Serialize;

/// One line of the checklist.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Item {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// What must hold.
    pub title: &'static str,
    /// Whether it holds.
    pub done: bool,
    /// What was found.
    pub detail: String,
}

/// The checklist of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// Whether every item is done.
    pub passed: bool,
    /// The version being released, when known.
    pub version: Option<String>,
    /// The items, in a fixed order.
    pub items: Vec<Item>,
}

impl Checklist {
    /// Adds `item` before the last one (the release gate's verdict).
    pub fn add_before_last(&mut self, item: Item) {
        let at = self.items.len().saturating_sub(1);
        self.passed &= item.done;
        self.items.insert(at, item);
    }

    /// How many items are open.
    pub fn open(&self) -> usize {
        self.items.iter().filter(|i| !i.done).count()
    }

    /// `ready`, or how many items are open.
    pub fn verdict(&self) -> String {
        match self.open() {
            0 => "ready".to_owned(),
            open => format!("{} open", crate::plural::count(open, "item", "items")),
        }
    }
}
