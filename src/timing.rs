//! `MEETCAL_TIMINGS=1` prints how long each stage of a build takes, for the
//! benchmark and for profiling. Only to stderr: timings never reach output.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("MEETCAL_TIMINGS").is_some())
}

/// Runs `work`, printing its duration under `name` when timings are on.
pub fn stage<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let started = Instant::now();
    let result = work();
    eprintln!(
        "timing: {name:<12} {:>8.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}
