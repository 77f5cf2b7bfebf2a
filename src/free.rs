//! Freeing what a build is done with off its path: the tens of thousands
//! of allocations of a large calendar take milliseconds to free, which
//! `serve`'s rebuilds waited for, and which a build's last steps need not.

/// Drops `old` on a thread of its own. A process that ends first does not
/// wait for it.
pub fn drop_elsewhere<T: Send + 'static>(old: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(old));
    // Without a thread, `old` was dropped here, as usual.
    drop(spawned);
}
