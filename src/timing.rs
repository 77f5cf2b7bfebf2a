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
    // Stages are placed on the build's time line, from the first one's
    // start, to show where a core sits idle between them.
    static FIRST: OnceLock<Instant> = OnceLock::new();
    let started = Instant::now();
    let from = started.duration_since(*FIRST.get_or_init(|| started));
    let cpu_before = cpu_time();
    let result = work();
    let peak = peak_memory().map_or(String::new(), |kb| format!("  peak {:>4} MB", kb / 1024));
    let cpu = match (cpu_before, cpu_time()) {
        (Some(before), Some(after)) => format!("  cpu {:>7.1} ms", (after - before) * 1000.0),
        _ => String::new(),
    };
    let line = format!(
        "timing: {name:<12} {:>8.1} ms{cpu}{peak}  from {:>6.1} ms\n",
        started.elapsed().as_secs_f64() * 1000.0,
        from.as_secs_f64() * 1000.0
    );
    // One write: stderr is unbuffered, and `eprintln!` wrote each padded
    // piece of the line on its own, forty system calls a stage, inside
    // the very builds the benchmark times.
    use std::io::Write;
    let _ = std::io::stderr().write_all(line.as_bytes());
    result
}

/// The CPU time (user and system, all threads) the process has used, in
/// seconds: beside the wall time, it shows how well a stage uses the cores.
fn cpu_time() -> Option<f64> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
        // SAFETY: getrusage fills the struct it is given, and says whether it did.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: filled by the successful call above.
        let usage = unsafe { usage.assume_init() };
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    None
}

/// The process's peak resident memory so far, in KiB.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
