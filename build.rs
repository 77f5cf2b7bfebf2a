//! Records the commit meetcal is built from, for `meetcal --version`:
//! `MEETCAL_COMMIT` is `<short hash> <commit date>`, or `unknown` when the
//! sources are not a git checkout (a packaged crate, an archive).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let commit = commit(&manifest).unwrap_or_else(|| {
        // A checkout git could not read (git missing, or refusing the
        // folder's owner): its next commit or checkout runs this again,
        // rather than `unknown` staying until build.rs changes.
        let dot_git = manifest.join(".git");
        let watched = if dot_git.is_dir() {
            ["HEAD", "refs", "packed-refs"]
                .map(|name| dot_git.join(name))
                .to_vec()
        } else {
            vec![dot_git]
        };
        for path in watched.iter().filter(|path| path.exists()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        "unknown".into()
    });
    println!("cargo:rustc-env=MEETCAL_COMMIT={commit}");
    // By its full path: cargo keeps one output for every copy of the
    // sources built into a target folder, and a relative `build.rs` would
    // read as unchanged in the next copy, which then got this one's commit.
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("build.rs").display()
    );
}

/// Runs git in `dir`; its trimmed output if it succeeded.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn commit(manifest: &Path) -> Option<String> {
    // Only this crate's own repository: never one that merely contains it.
    let top = PathBuf::from(git(manifest, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != manifest.canonicalize().ok()? {
        return None;
    }
    // Rebuild when HEAD moves: a checkout (HEAD), a commit on the branch
    // (its ref, loose or packed).
    let mut watched = vec![git(manifest, &["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(manifest, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(manifest, &["rev-parse", "--git-path", &branch])?);
    }
    watched.push(git(manifest, &["rev-parse", "--git-path", "packed-refs"])?);
    for path in watched {
        let path = manifest.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let hash = git(manifest, &["rev-parse", "--short=7", "HEAD"])?;
    let date = git(
        manifest,
        &["log", "-1", "--format=%cd", "--date=short", "HEAD"],
    )?;
    Some(format!("{hash} {date}"))
}
