//! Checks of their own for hostile cases that need more than one build:
//! the budget one file may cost, git history, the output guard, and
//! `meetcal serve` under attack. Each returns what went wrong.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2027-01-05 12:00";

/// What one file may add to a build: docs/running.md, src/limits.rs.
const EXTRA_OUTPUT_BYTES: u64 = 2 * 1000 * 1000;
const EXTRA_MEMORY_KIB: i64 = 100 * 1000;
/// The time budget is 2 s for a release build (benches measure it); a
/// debug build on a loaded machine is given ten times that.
const EXTRA_SECONDS: f64 = 20.0;

/// A finished `meetcal` run: exit status, peak resident memory, wall time.
pub struct Measured {
    pub status: ExitStatus,
    pub peak_kib: i64,
    pub took: Duration,
    pub stderr: String,
}

/// Runs meetcal to the end, and reads its peak memory from the kernel.
pub fn measure(root: &Path, args: &[&str]) -> Measured {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("meetcal runs");
    let mut stderr = String::new();
    let mut child = child;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 writes both out
    // parameters for the child this process started and has not reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    std::mem::forget(child);
    use std::os::unix::process::ExitStatusExt;
    Measured {
        status: ExitStatus::from_raw(status),
        peak_kib: usage.ru_maxrss,
        took: started.elapsed(),
        stderr,
    }
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
fn check_and_build(site: &Path) -> (Measured, Measured, u64) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let check = measure(site, &["check"]);
    let build = measure(
        site,
        &["build", "--now", NOW, "--out", public.to_str().unwrap()],
    );
    let bytes = output_bytes(&public);
    (check, build, bytes)
}

/// The case's calendar costs at most one file's budget more than the base
/// calendar it is laid over, in output, peak memory and time.
pub fn within_the_budget(site: &Path, base: &Path) -> Result<String, String> {
    let (base_check, base_build, base_bytes) = check_and_build(base);
    let (check, build, bytes) = check_and_build(site);
    let extra_bytes = bytes.saturating_sub(base_bytes);
    let extra_kib =
        check.peak_kib.max(build.peak_kib) - base_check.peak_kib.max(base_build.peak_kib);
    let extra_seconds =
        (check.took + build.took).as_secs_f64() - (base_check.took + base_build.took).as_secs_f64();
    if check.status.code().is_none() || build.status.code().is_none() {
        return Err(format!("killed: {}{}", check.stderr, build.stderr));
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

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_COMMITTER_DATE", "2026-06-01T10:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-06-01T10:00:00Z")
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Commits the calendar in `site`, then an edit of every event, a day apart.
fn history_of(site: &Path) -> Result<(), String> {
    git(site, &["init", "-q"])?;
    git(site, &["add", "content"])?;
    git(site, &["commit", "-qm", "first"])?;
    for entry in std::fs::read_dir(site.join("content/events")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\nEdited.\n");
        std::fs::write(&path, text).unwrap();
    }
    git(site, &["add", "content"])?;
    let out = Command::new("git")
        .arg("-C")
        .arg(site)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(["commit", "-qm", "edit"])
        .env("GIT_COMMITTER_DATE", "2026-07-01T10:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-07-01T10:00:00Z")
        .output()
        .map_err(|e| e.to_string())?;
    out.status
        .success()
        .then_some(())
        .ok_or("commit failed".into())
}

fn ics_files(public: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    crate::common::snapshot(public)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|x| x == "ics"))
        .collect()
}

/// A clone of depth 1, as some hosts make.
fn shallow_clone(url: &str, to: &Path) -> Result<String, String> {
    git(
        to.parent().unwrap(),
        &["clone", "-q", "--depth", "1", url, to.to_str().unwrap()],
    )
}

fn build_into(root: &Path, out: &Path) -> Measured {
    measure(
        root,
        &["build", "--now", NOW, "--out", out.to_str().unwrap()],
    )
}

/// The same commit gives the same feeds from a full and a shallow clone; a
/// shallow clone that cannot be deepened is refused with the fix.
pub fn shallow_clone_same_feeds(site: &Path) -> Result<(), String> {
    history_of(site)?;
    let work = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.display());
    let full = work.path().join("full");
    let shallow = work.path().join("shallow");
    git(work.path(), &["clone", "-q", &url, full.to_str().unwrap()])?;
    shallow_clone(&url, &shallow)?;
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    for (root, out) in [(&full, &a), (&shallow, &b)] {
        let run = build_into(root, out);
        if !run.status.success() {
            return Err(format!("build of {}: {}", root.display(), run.stderr));
        }
    }
    let (full_ics, shallow_ics) = (ics_files(&a), ics_files(&b));
    if full_ics.is_empty() {
        return Err("no .ics built".into());
    }
    for ((path, x), (_, y)) in full_ics.iter().zip(&shallow_ics) {
        if x != y {
            return Err(format!(
                "{} differs between a full and a shallow clone",
                path.display()
            ));
        }
    }
    if !std::str::from_utf8(&full_ics[0].1)
        .unwrap()
        .contains("SEQUENCE:1")
    {
        return Err("the edit is not counted in SEQUENCE".into());
    }
    // A shallow clone whose origin is gone cannot be deepened.
    let orphan = work.path().join("orphan");
    shallow_clone(&url, &orphan)?;
    git(
        &orphan,
        &["remote", "set-url", "origin", "file:///nonexistent/meetcal"],
    )?;
    let run = build_into(&orphan, &work.path().join("c"));
    if run.status.code() != Some(1)
        || !run.stderr.contains("shallow")
        || !run.stderr.contains("fetch-depth: 0")
    {
        return Err(format!(
            "an undeepenable shallow clone: exit {:?}, {}",
            run.status.code(),
            run.stderr
        ));
    }
    Ok(())
}

/// A committed file name holding the old record separator cannot forge
/// another event's DTSTAMP or LAST-MODIFIED.
pub fn file_name_cannot_forge_history(site: &Path) -> Result<(), String> {
    history_of(site)?;
    std::fs::write(
        site.join("content/events/_\u{1e}4102444800"),
        "not an event",
    )
    .unwrap();
    git(site, &["add", "content"])?;
    git(site, &["commit", "-qm", "forge"])?;
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = build_into(site, &public);
    if !run.status.success() {
        return Err(run.stderr);
    }
    for (path, bytes) in ics_files(&public) {
        let text = String::from_utf8(bytes).unwrap();
        if text.contains(":2100") || text.contains(":2099") {
            return Err(format!("{} carries a date in 2100", path.display()));
        }
        if !text.contains("LAST-MODIFIED:20260") {
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
    let before = crate::common::snapshot(&site.join("content"));
    let out = link.join("content");
    let run = measure(
        site,
        &["build", "--now", NOW, "--out", out.to_str().unwrap()],
    );
    let after = crate::common::snapshot(&site.join("content"));
    if run.status.code() != Some(2) || !run.stderr.contains("refusing") {
        return Err(format!(
            "--out through a link: exit {:?}, {}",
            run.status.code(),
            run.stderr
        ));
    }
    if before != after {
        return Err("content/ changed".into());
    }
    Ok(())
}

/// A running `meetcal serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(site: &Path) -> Result<Server, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(site)
        .args(["serve", "--port", "0", "--now", NOW])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            return Err("serve stopped before serving".into());
        };
        if let Some(address) = line.split("http://127.0.0.1:").nth(1) {
            break address
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .map_err(|e| format!("{line}: {e}"))?;
        }
    };
    // Keep reading, so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Ok(Server { child, port })
}

fn get(port: u16, request: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    Ok(response)
}

fn page(port: u16, path: &str) -> Result<String, String> {
    get(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    )
}

/// Polls until `pred` holds of the home page, or a generous deadline.
fn home_page_eventually(port: u16, pred: impl Fn(&str) -> bool) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let home = page(port, "/")?;
        if pred(&home) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("the home page never changed: {home}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// content/ deleted and copied back (a branch switch) is watched again:
/// edits after it still reach the page.
pub fn serve_follows_replaced_content(site: &Path) -> Result<(), String> {
    let server = serve(site)?;
    let event = site.join("content/events/open-coffee.md");
    let original = std::fs::read_to_string(&event).unwrap();
    let backup = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&site.join("content"), &backup.path().join("content"));
    for round in ["First replacement", "Second replacement"] {
        std::fs::remove_dir_all(site.join("content")).unwrap();
        crate::common::copy_tree(&backup.path().join("content"), &site.join("content"));
        // Let the server see the new folder before the edit.
        std::thread::sleep(Duration::from_millis(300));
        let edited = original.replacen("title: ", &format!("title: {round} "), 1);
        std::fs::write(&event, edited).unwrap();
        home_page_eventually(server.port, |home| home.contains(round))?;
    }
    Ok(())
}

/// `//groups` is redirected to `/groups/` on this server, never to a host.
pub fn serve_redirects_stay_on_the_site(site: &Path) -> Result<(), String> {
    let server = serve(site)?;
    for (path, location) in [
        ("//groups", "/groups/"),
        ("///groups", "/groups/"),
        ("/groups", "/groups/"),
    ] {
        let response = page(server.port, path)?;
        let found = response
            .lines()
            .find_map(|l| l.strip_prefix("Location: "))
            .map(str::trim);
        if found != Some(location) {
            return Err(format!(
                "GET {path}: Location {found:?}, expected {location}"
            ));
        }
    }
    Ok(())
}

/// Clients trickling their request head a byte a second are cut off at the
/// deadline, and the server still answers others meanwhile.
pub fn serve_drops_slow_clients(site: &Path) -> Result<(), String> {
    let server = serve(site)?;
    let port = server.port;
    let started = Instant::now();
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
    if !page(port, "/")?.starts_with("HTTP/1.1 200") {
        return Err("the server did not answer while slow clients were connected".into());
    }
    for client in slow {
        let held = client.join().unwrap().ok_or("could not connect")?;
        if held > Duration::from_secs(30) {
            return Err(format!("a slow client was held {held:?}"));
        }
    }
    if started.elapsed() < Duration::from_secs(5) {
        return Err("slow clients were cut off before any deadline".into());
    }
    Ok(())
}
