//! What the hostile cases need besides their harness: a bounded runner
//! that measures memory, the files cases make, and checks of their own
//! that need more than one build (the budget one file may cost, git
//! history, the output guard, `meetcal serve` under attack). Each check
//! returns what went wrong. Reading a neutralised site is in
//! tests/common/reading.rs, shared with tests/site.rs.

pub mod generate;
pub mod verify;

use crate::common::server::Server;
use crate::common::{copy_tree, git, snapshot, text, tree_difference};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2027-01-05 12:00";

/// What one file may add to a build: docs/running.md, src/limits.rs.
const EXTRA_OUTPUT_BYTES: u64 = 2 * 1000 * 1000;
const EXTRA_MEMORY_KIB: i64 = 100 * 1000;
/// The time budget is 2 s for a release build (benches measure it); a
/// debug build on a loaded machine is given ten times that.
const EXTRA_SECONDS: f64 = 20.0;

/// Address space allowed to each `meetcal` run (KiB): a resource bomb that
/// tries to grow past it fails the case instead of the machine.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;

/// How long a run that is not a case of its own may take: only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(120);

/// One run of the real binary, bounded in time and address space, with
/// its peak resident memory as the kernel counted it.
pub struct Run {
    pub output: Output,
    pub took: Duration,
    pub peak_kib: i64,
}

impl Run {
    pub fn stderr(&self) -> String {
        crate::common::text(&self.output.stderr)
    }
}

/// Runs meetcal in `root`; kills it and panics past `limit`.
// Reaped by `wait4` below, which std's `wait` does not offer: it also
// returns the peak memory.
#[allow(clippy::zombie_processes)]
pub fn run(root: &Path, args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(root)
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("meetcal runs");
    // Read the pipes while waiting, so a chatty run cannot block on them.
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || read_all(stdout));
    let err_reader = std::thread::spawn(move || read_all(stderr));
    let pid = child.id() as libc::pid_t;
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is valid, and wait4 only writes the two
        // out parameters, for a child of this process not yet reaped.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break (status, usage);
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("meetcal {args:?} took more than {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    Run {
        output: Output {
            status: ExitStatus::from_raw(status),
            stdout: out_reader.join().unwrap(),
            stderr: err_reader.join().unwrap(),
        },
        took,
        peak_kib: usage.ru_maxrss,
    }
}

fn read_all(mut from: impl Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = from.read_to_end(&mut bytes);
    bytes
}

fn output_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// check + build of `site`, measured.
fn check_and_build(site: &Path) -> (Run, Run, u64) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let check = run(site, &["check"], PATIENCE);
    let build = build_into(site, &public);
    let bytes = output_bytes(&public);
    (check, build, bytes)
}

/// The case's calendar costs at most one file's budget more than the base
/// calendar it is laid over, in output, peak memory and time.
pub fn within_the_budget(site: &Path, base: &Path) -> Result<String, String> {
    let (base_check, base_build, base_bytes) = check_and_build(base);
    let (check, build, bytes) = check_and_build(site);
    assert!(
        base_build.peak_kib > 1000 && base_bytes > 0,
        "the base build was not measured: {} KiB, {base_bytes} bytes",
        base_build.peak_kib
    );
    let extra_bytes = bytes.saturating_sub(base_bytes);
    let extra_kib =
        check.peak_kib.max(build.peak_kib) - base_check.peak_kib.max(base_build.peak_kib);
    let extra_seconds =
        (check.took + build.took).as_secs_f64() - (base_check.took + base_build.took).as_secs_f64();
    if check.output.status.code().is_none() || build.output.status.code().is_none() {
        return Err(format!("killed: {}{}", check.stderr(), build.stderr()));
    }
    let report = format!(
        "+{extra_bytes} bytes of output, +{extra_kib} KiB peak memory, +{extra_seconds:.2} s"
    );
    if extra_bytes > EXTRA_OUTPUT_BYTES {
        return Err(format!(
            "over the output budget of {EXTRA_OUTPUT_BYTES}: {report}"
        ));
    }
    if extra_kib > EXTRA_MEMORY_KIB {
        return Err(format!(
            "over the memory budget of {EXTRA_MEMORY_KIB} KiB: {report}"
        ));
    }
    if extra_seconds > EXTRA_SECONDS {
        return Err(format!("over the time budget: {report}"));
    }
    Ok(report)
}

/// Commits the calendar in `site`, then an edit of every event, a month apart.
fn history_of(site: &Path) {
    git(site, &["init", "-q"], "2026-06-01T10:00:00Z");
    git(site, &["add", "content"], "2026-06-01T10:00:00Z");
    git(site, &["commit", "-qm", "first"], "2026-06-01T10:00:00Z");
    for entry in std::fs::read_dir(site.join("content/events")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\nEdited.\n");
        std::fs::write(&path, text).unwrap();
    }
    git(site, &["add", "content"], "2026-07-01T10:00:00Z");
    git(site, &["commit", "-qm", "edit"], "2026-07-01T10:00:00Z");
}

fn ics_files(public: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(public)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|x| x == "ics"))
        .collect()
}

/// A clone of `url` into `to`, of depth 1 (as some hosts make) or whole.
fn clone(url: &str, to: &Path, shallow: bool) {
    let mut args = vec!["clone", "-q"];
    if shallow {
        args.extend(["--depth", "1"]);
    }
    args.extend([url, to.to_str().unwrap()]);
    git(to.parent().unwrap(), &args, "2026-08-01T10:00:00Z");
}

fn build_into(root: &Path, out: &Path) -> Run {
    run(
        root,
        &["build", "--now", NOW, "--out", out.to_str().unwrap()],
        PATIENCE,
    )
}

/// The same commit gives the same feeds from a full and a shallow clone; a
/// shallow clone that cannot be deepened is refused with a fix other than
/// the fetch that just failed.
pub fn shallow_clone_same_feeds(site: &Path) -> Result<(), String> {
    history_of(site);
    let work = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.display());
    let (full, shallow) = (work.path().join("full"), work.path().join("shallow"));
    clone(&url, &full, false);
    clone(&url, &shallow, true);
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    for (root, out) in [(&full, &a), (&shallow, &b)] {
        let built = build_into(root, out);
        if !built.output.status.success() {
            return Err(format!("build of {}: {}", root.display(), built.stderr()));
        }
    }
    let full_ics = ics_files(&a);
    if full_ics.is_empty() {
        return Err("no .ics built".into());
    }
    if let Some(difference) = tree_difference(&ics_files(&b), &full_ics) {
        return Err(format!(
            "a shallow clone's feeds differ from a full clone's: {difference}"
        ));
    }
    if !text(&full_ics[0].1).contains("SEQUENCE:1") {
        return Err("the edit is not counted in SEQUENCE".into());
    }
    // A shallow clone whose origin is gone cannot be deepened.
    let orphan = work.path().join("orphan");
    clone(&url, &orphan, true);
    git(
        &orphan,
        &["remote", "set-url", "origin", "file:///nonexistent/meetcal"],
        "2026-08-01T10:00:00Z",
    );
    let refused = build_into(&orphan, &work.path().join("c"));
    let stderr = refused.stderr();
    if refused.output.status.code() != Some(1)
        || !stderr.contains("shallow")
        || !stderr.contains("fetch-depth: 0")
        || stderr
            .split_once("hint:")
            .is_none_or(|(_, hint)| hint.contains("git fetch --unshallow"))
    {
        return Err(format!(
            "an undeepenable shallow clone: exit {:?}, {stderr}",
            refused.output.status.code()
        ));
    }
    Ok(())
}

/// A committed file name holding the old record separator cannot forge
/// another event's DTSTAMP or LAST-MODIFIED.
pub fn file_name_cannot_forge_history(site: &Path) -> Result<(), String> {
    history_of(site);
    std::fs::write(
        site.join("content/events/_\u{1e}4102444800"),
        "not an event",
    )
    .unwrap();
    git(site, &["add", "content"], "2026-08-01T10:00:00Z");
    git(site, &["commit", "-qm", "forge"], "2026-08-01T10:00:00Z");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let built = build_into(site, &public);
    if !built.output.status.success() {
        return Err(built.stderr());
    }
    for (path, bytes) in ics_files(&public) {
        let ics = text(&bytes);
        if ics.contains(":2100") || ics.contains(":2099") {
            return Err(format!("{} carries a date in 2100", path.display()));
        }
        if !ics.contains("LAST-MODIFIED:20260701T100000Z") {
            return Err(format!("{} lost its history", path.display()));
        }
    }
    Ok(())
}

/// `--out` through a link to the calendar's own content/ is refused, and
/// content/ stays whole.
pub fn linked_out_folder_refused(site: &Path) -> Result<(), String> {
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("linkroot");
    std::os::unix::fs::symlink(site, &link).unwrap();
    let before = snapshot(&site.join("content"));
    let refused = build_into(site, &link.join("content"));
    if refused.output.status.code() != Some(2) || !refused.stderr().contains("refusing") {
        return Err(format!(
            "--out through a link: exit {:?}, {}",
            refused.output.status.code(),
            refused.stderr()
        ));
    }
    if let Some(difference) = tree_difference(&snapshot(&site.join("content")), &before) {
        return Err(format!("content/ changed: {difference}"));
    }
    Ok(())
}

/// content/ deleted and copied back (a branch switch) is watched again:
/// edits after it still reach the page.
pub fn serve_follows_replaced_content(site: &Path) -> Result<(), String> {
    let server = Server::start(site, NOW);
    let event = site.join("content/events/open-coffee.md");
    let original = std::fs::read_to_string(&event).unwrap();
    let backup = tempfile::tempdir().unwrap();
    copy_tree(&site.join("content"), &backup.path().join("content"));
    for round in ["First replacement", "Second replacement"] {
        std::fs::remove_dir_all(site.join("content")).unwrap();
        copy_tree(&backup.path().join("content"), &site.join("content"));
        let edited = original.replacen("title: ", &format!("title: {round} "), 1);
        std::fs::write(&event, edited).unwrap();
        server.poll("/", "showed the edit", |r| r.text().contains(round));
    }
    Ok(())
}

/// `//groups` is redirected to `/groups/` on this server, never to a host.
pub fn serve_redirects_stay_on_the_site(site: &Path) -> Result<(), String> {
    let server = Server::start(site, NOW);
    for (path, location) in [
        ("//groups", "/groups/"),
        ("///groups", "/groups/"),
        ("/groups", "/groups/"),
    ] {
        let found = server.get(path);
        if found.status != 301 || found.header("Location") != Some(location) {
            return Err(format!(
                "GET {path}: {} Location {:?}, expected {location}",
                found.status,
                found.header("Location")
            ));
        }
    }
    Ok(())
}

/// Clients trickling their request head a byte at a time are cut off at
/// the deadline, and the server answers others meanwhile.
pub fn serve_drops_slow_clients(site: &Path) -> Result<(), String> {
    let server = Server::start(site, NOW);
    let port = server.port;
    let slow: Vec<_> = (0..5)
        .map(|_| {
            std::thread::spawn(move || -> Option<Duration> {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
                let began = Instant::now();
                for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    .iter()
                    .cycle()
                {
                    if stream.write_all(&[*byte]).is_err()
                        || began.elapsed() > Duration::from_secs(60)
                    {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
                Some(began.elapsed())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    if server.get("/").status != 200 {
        return Err("the server did not answer while slow clients were connected".into());
    }
    for client in slow {
        let held = client.join().unwrap().ok_or("could not connect")?;
        // The deadline is 10 s; writes fail once the server has closed.
        if !(Duration::from_secs(9)..Duration::from_secs(40)).contains(&held) {
            return Err(format!("a slow client was held {held:?}"));
        }
    }
    Ok(())
}
