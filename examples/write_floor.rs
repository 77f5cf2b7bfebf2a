//! The floor of a build: how long writing a site takes when nothing has to
//! be computed. benches/run.sh runs it on meetcal's own output, in the same
//! alternating runs as the builds, and reports meetcal's time against it
//! (docs/performance.md).
//!
//!     cargo run --release --example write_floor -- SITE DEST [--threads 2]
//!
//! Reads every file under SITE into memory first (untimed), then times
//! creating DEST, every folder and every file with the same bytes, on
//! `--threads` threads (default 2), into a fresh folder: DEST must not
//! exist, so put it on the file system the builds write to. Prints one line:
//!
//!     floor files=<n> bytes=<n> wall=<seconds> cpu=<seconds>
//!
//! `cpu` is the user and system time of the writing alone, on all threads.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (site, dest, threads) = match args.as_slice() {
        [site, dest] => (site, dest, 2),
        [site, dest, flag, n] if flag == "--threads" => (
            site,
            dest,
            n.parse().ok().filter(|&n| n > 0).unwrap_or_else(|| usage()),
        ),
        _ => usage(),
    };
    let site = Path::new(site);
    let dest = PathBuf::from(dest);
    if dest.exists() {
        fail(&format!(
            "{} exists: the floor writes into a fresh folder",
            dest.display()
        ));
    }

    let (folders, files) = read_tree(site);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    if files.is_empty() {
        fail(&format!("{} holds no files", site.display()));
    }

    let cpu_before = cpu_seconds();
    let start = Instant::now();
    std::fs::create_dir(&dest).unwrap_or_else(|e| fail(&format!("{}: {e}", dest.display())));
    // Folders level by level, so that each one's parent exists; each level
    // shared between the threads.
    for level in &folders {
        parallel(level, threads, |relative| {
            let path = dest.join(relative);
            std::fs::create_dir(&path)
                .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        });
    }
    parallel(&files, threads, |(relative, contents)| {
        let path = dest.join(relative);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(contents))
            .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    });
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "floor files={} bytes={bytes} wall={wall:.4} cpu={cpu:.4}",
        files.len()
    );
}

/// Runs `work` on every item, the items dealt in turn to `threads` threads.
fn parallel<T: Sync>(items: &[T], threads: usize, work: impl Fn(&T) + Sync) {
    std::thread::scope(|scope| {
        for t in 0..threads {
            let work = &work;
            scope.spawn(move || {
                for item in items.iter().skip(t).step_by(threads) {
                    work(item);
                }
            });
        }
    });
}

/// Every folder under `root` (by depth: all of depth 1, then 2...) and
/// every file with its bytes, as paths relative to `root`.
#[allow(clippy::type_complexity)]
fn read_tree(root: &Path) -> (Vec<Vec<PathBuf>>, Vec<(PathBuf, Vec<u8>)>) {
    let mut folders: Vec<Vec<PathBuf>> = Vec::new();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| fail(&e.to_string()));
        let relative = entry.path().strip_prefix(root).unwrap().to_path_buf();
        if entry.file_type().is_dir() {
            let depth = entry.depth() - 1;
            if folders.len() <= depth {
                folders.resize_with(depth + 1, Vec::new);
            }
            folders[depth].push(relative);
        } else if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .unwrap_or_else(|e| fail(&format!("{}: {e}", entry.path().display())));
            files.push((relative, bytes));
        } else {
            fail(&format!(
                "{}: neither a file nor a folder",
                entry.path().display()
            ));
        }
    }
    (folders, files)
}

/// User and system time of this process so far, all threads.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return f64::NAN;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn usage() -> ! {
    fail("usage: write_floor SITE DEST [--threads N]")
}

fn fail(message: &str) -> ! {
    eprintln!("write_floor: {message}");
    std::process::exit(1)
}
