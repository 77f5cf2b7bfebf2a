//! `MEETCAL_TIMINGS=1` prints how long each stage of a build takes, for the
//! benchmark and for profiling, with the process's peak memory so far where
//! the system tells it (Linux). Only to stderr: timings never reach output.

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
    let peak = peak_memory().map_or(String::new(), |kb| format!("  peak {:>4} MB", kb / 1024));
    eprintln!(
        "timing: {name:<12} {:>8.1} ms{peak}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}

/// The process's peak resident memory so far, in KiB.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
