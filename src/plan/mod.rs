//! What a render makes: every file (`build`), or, when `serve` rebuilds
//! after a save, only what the save can have changed, taking the rest from
//! the last build.

pub mod reuse;
pub mod scope;

pub use reuse::{Pieces, Reuse};
pub use scope::{Dirty, Scope};

/// Which files a render makes, decided once the calendar is prepared.
#[derive(Default)]
pub struct Plan {
    pub scope: Scope,
    /// Files of an earlier render that stay in the site: those `scope`
    /// keeps.
    pub kept: Vec<std::sync::Arc<str>>,
    /// Pieces of output an earlier render made for events no edit changed.
    pub reuse: Reuse,
}
