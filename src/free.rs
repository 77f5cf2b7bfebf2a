//! Freeing what a build is done with off its path: the tens of thousands
//! of allocations of a large calendar take milliseconds to free, which
//! `serve`'s rebuilds waited for, and which a build's last steps need not.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by [`process_ends_after_build`].
static PROCESS_ENDS: AtomicBool = AtomicBool::new(false);

/// Drops `old` on a thread of its own. A process that ends first does not
/// wait for it.
pub fn drop_elsewhere<T: Send + 'static>(old: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(old));
    // Without a thread, `old` was dropped here, as usual.
    drop(spawned);
}

/// Says that the process ends once its build is written (`meetcal
/// build`): what the build is done with is then left for the exit to give
/// back at once, rather than freed piece by piece on threads that compete
/// with the build's last steps (about 10 ms of CPU at 10,000 events).
pub fn process_ends_after_build() {
    PROCESS_ENDS.store(true, Ordering::Relaxed);
}

/// What a build holds until its end: forgotten when the process ends after
/// the build ([`process_ends_after_build`]), otherwise dropped elsewhere.
pub fn drop_at_end<T: Send + 'static>(old: T) {
    if PROCESS_ENDS.load(Ordering::Relaxed) {
        std::mem::forget(old);
    } else {
        drop_elsewhere(old);
    }
}
