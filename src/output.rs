//! The one place that writes the site to disk.
//!
//! Files go into a fresh folder beside the output; only when every file is
//! written is that folder renamed into place. A failed or interrupted build
//! leaves the previous output exactly as it was.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A file of the site, built in memory. `path` is relative to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Only plain relative paths: nothing may land outside the output folder.
fn is_inside(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Written into every output folder: a folder without it was not made by
/// meetcal, and is never replaced.
pub const MARKER: &str = ".meetcal-output";

/// Refuses output folders whose replacement would destroy the sources.
pub fn check_out_dir(out: &Path, root: &Path) -> Result<(), String> {
    let out = absolute(out);
    let root = absolute(root);
    for protected in [root.clone(), root.join("content"), root.join("themes")] {
        if protected.starts_with(&out) || out.starts_with(&protected) && protected != root {
            return Err(format!(
                "refusing to write the site to {}: it would replace {}",
                out.display(),
                protected.display()
            ));
        }
    }
    if out.parent().is_none() {
        return Err("refusing to use the file system root as the output folder".into());
    }
    check_replaceable(&out)
}

/// An existing folder may be replaced only if it is empty or a previous build.
fn check_replaceable(out: &Path) -> Result<(), String> {
    let Ok(mut entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    if entries.next().is_none() || out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(format!(
        "refusing to replace {}: it is not empty and was not written by meetcal; remove it or choose another --out",
        out.display()
    ))
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve `..` and `.` lexically; the folder may not exist yet.
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Writes `files` to `out`, replacing its previous contents atomically.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), String> {
    let out = absolute(out);
    check_replaceable(&out)?;
    let parent = out
        .parent()
        .ok_or_else(|| "the output folder has no parent folder".to_string())?;
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    clean_up_after_killed_builds(parent, &name, &out);
    let staging = tempfile::Builder::new()
        .prefix(&beside_prefix(&name, "building"))
        .tempdir_in(parent)
        .map_err(|e| format!("cannot create a build folder in {}: {e}", parent.display()))?;
    for file in files {
        if !is_inside(&file.path) {
            return Err(format!(
                "refusing to write {}: outside the output folder",
                file.path.display()
            ));
        }
        let target = staging.path().join(&file.path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut handle = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| format!("cannot write {}: {e}", file.path.display()))?;
        handle
            .write_all(&file.bytes)
            .map_err(|e| format!("cannot write {}: {e}", file.path.display()))?;
    }
    std::fs::write(
        staging.path().join(MARKER),
        "This folder is built by meetcal and replaced on every build.\n",
    )
    .map_err(|e| format!("cannot write the output marker: {e}"))?;
    // Tempdirs are private (0700); a published site must be readable.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
    }
    swap_into_place(staging.keep(), &out)
}

/// Folders a build keeps beside the output `name`: `.public.building-<pid>-<random>`
/// while it writes, `.public.previous-<pid>-<random>` during the swap. The
/// process id tells a later build whether their build is still running.
fn beside_prefix(name: &str, what: &str) -> String {
    format!(".{name}.{what}-{}-", std::process::id())
}

/// A build killed midway (SIGKILL, a power cut) leaves its folders beside
/// the output; the next build removes them. If the kill fell between the two
/// renames of the swap, the output is missing and the previous one waits in
/// its `previous` folder: it is put back first. Folders of builds that may
/// still be running are left alone.
fn clean_up_after_killed_builds(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((what, pid)) = left_by_a_build(&file_name, name) else {
            continue;
        };
        if may_be_running(pid) {
            continue;
        }
        let path = entry.path();
        let site = path.join("site");
        if what == "previous" && !out.exists() && site.join(MARKER).is_file() {
            let _ = std::fs::rename(&site, out);
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// `("building" | "previous", pid)` for a folder named by [`beside_prefix`].
fn left_by_a_build<'a>(file_name: &'a str, name: &str) -> Option<(&'a str, u32)> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let (what, rest) = rest.split_once('-')?;
    let (pid, random) = rest.split_once('-')?;
    let ours = matches!(what, "building" | "previous")
        && !random.is_empty()
        && random.chars().all(|c| c.is_ascii_alphanumeric());
    if !ours {
        return None;
    }
    Some((what, pid.parse().ok()?))
}

/// Whether the build with this process id may still be running. Without
/// `/proc` to ask, it is assumed to be, and its folders stay.
fn may_be_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    pid == std::process::id() || !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn swap_into_place(staging: PathBuf, out: &Path) -> Result<(), String> {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let old = match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.is_dir() => {
            let old = tempfile::Builder::new()
                .prefix(&beside_prefix(&name, "previous"))
                .tempdir_in(out.parent().expect("has parent"))
                .map_err(|e| format!("cannot prepare the swap: {e}"))?
                .keep();
            let old = old.join("site");
            if let Err(e) = std::fs::rename(out, &old) {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(format!("cannot move the previous output aside: {e}"));
            }
            Some(old)
        }
        Ok(_) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(format!("{} exists and is not a folder", out.display()));
        }
        Err(_) => None,
    };
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous output back before reporting.
        if let Some(old) = &old {
            let _ = std::fs::rename(old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!("cannot move the new site into place: {e}"));
    }
    if let Some(old) = old {
        let holder = old.parent().map(Path::to_path_buf).unwrap_or(old);
        let _ = std::fs::remove_dir_all(holder);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for bad in ["../x.html", "/etc/passwd", "", "a/../../b"] {
            let result = write_site(&out, &[OutputFile::new(bad, "x")]);
            assert!(result.is_err(), "{bad}");
        }
        assert!(!out.exists());
        assert!(!dir.path().join("x.html").exists());
    }

    #[test]
    fn replaces_the_previous_output_only_on_success() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("index.html", "one")]).unwrap();
        let failed = write_site(
            &out,
            &[
                OutputFile::new("index.html", "two"),
                OutputFile::new("../x", ""),
            ],
        );
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "one"
        );
        write_site(&out, &[OutputFile::new("a/b.html", "three")]).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "three"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn cleans_up_after_killed_builds_and_restores_an_interrupted_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("index.html", "one")]).unwrap();
        // A build killed while writing, one killed between the two renames
        // of its swap (the output moved aside), and one still running.
        let dead = u32::MAX; // never a process id
        let killed = dir.path().join(format!(".public.building-{dead}-aB3dE9"));
        std::fs::create_dir_all(killed.join("events")).unwrap();
        let swapped = dir.path().join(format!(".public.previous-{dead}-Zz0000"));
        std::fs::create_dir(&swapped).unwrap();
        std::fs::rename(&out, swapped.join("site")).unwrap();
        let running = dir
            .path()
            .join(format!(".public.building-{}-xY1234", std::process::id()));
        std::fs::create_dir(&running).unwrap();
        let unrelated = dir.path().join(".public.building-notes");
        std::fs::create_dir(&unrelated).unwrap();

        write_site(&out, &[OutputFile::new("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!killed.exists() && !swapped.exists());
        assert!(
            running.exists() && unrelated.exists(),
            "only dead builds' folders go"
        );

        // Had the new build failed, the restored output would have stayed.
        std::fs::create_dir(&swapped).unwrap();
        std::fs::rename(&out, swapped.join("site")).unwrap();
        let failed = write_site(&out, &[OutputFile::new("../x", "")]);
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
    }

    #[test]
    fn refuses_to_replace_the_sources() {
        let root = Path::new("/srv/cal");
        assert!(check_out_dir(Path::new("/srv/cal"), root).is_err());
        assert!(check_out_dir(Path::new("/srv"), root).is_err());
        assert!(check_out_dir(Path::new("/srv/cal/content"), root).is_err());
        assert!(check_out_dir(Path::new("/srv/cal/content/x"), root).is_err());
        assert!(check_out_dir(Path::new("/srv/cal/public"), root).is_ok());
        assert!(check_out_dir(Path::new("/tmp/meetcal-no-such-folder/site"), root).is_ok());
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notes");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("todo.md"), "mine").unwrap();
        let result = write_site(&out, &[OutputFile::new("index.html", "x")]);
        assert!(result.unwrap_err().contains("not written by meetcal"));
        assert_eq!(
            std::fs::read_to_string(out.join("todo.md")).unwrap(),
            "mine"
        );
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_site(&empty, &[OutputFile::new("index.html", "x")]).unwrap();
        write_site(&empty, &[OutputFile::new("index.html", "y")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(empty.join("index.html")).unwrap(),
            "y"
        );
    }
}
