//! The one place that writes the site to disk.
//!
//! Files go into a fresh folder beside the output; only when every file is
//! written is that folder renamed into place. A failed or interrupted build
//! leaves the previous output exactly as it was.

use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

mod folder;
mod sink;
pub use sink::{Discard, Memory, Piece, Sink};

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
pub(crate) fn is_inside(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Written into every output folder: a folder without it was not made by
/// meetcal, and is never replaced.
pub const MARKER: &str = ".meetcal-output";

/// Refuses output folders whose replacement would destroy the sources.
pub fn check_out_dir(out: &Path, root: &Path) -> Result<(), String> {
    // The new site is renamed into place: it would replace a link, not the
    // folder the link points to.
    if std::fs::symlink_metadata(out).is_ok_and(|meta| meta.file_type().is_symlink()) {
        return Err(format!(
            "--out {} is a symbolic link, which the site would replace; give the folder it points to: --out {}",
            out.display(),
            resolved(out).display()
        ));
    }
    // Compared as real paths: through a link, `--out link/content` is content/.
    let out = resolved(out);
    let root = resolved(root);
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

/// `path` with every link in the part that exists resolved, and the rest
/// (which a build may create) cleaned lexically.
fn resolved(path: &Path) -> PathBuf {
    let path = absolute(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
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

/// What happens to the previous output once the new one is in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleanup {
    /// Delete it before returning.
    Wait,
    /// Hand it to a detached `meetcal` process: deleting a large tree is slow
    /// on some disks, and the new site is already in place.
    Background,
}

pub(crate) fn outside(path: &Path) -> String {
    format!(
        "refusing to write {}: outside the output folder",
        path.display()
    )
}

/// Puts back an output a killed build had moved aside, and removes the
/// folders killed builds left: run first, so that even a build that then
/// fails on the content leaves the output as the last good build made it.
pub fn recover(out: &Path) {
    let out = absolute(out);
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        clean_up_after_killed_builds(parent, &name.to_string_lossy(), &out);
    }
}

/// A new site being written beside the output folder. Dropped without
/// `finish`, it is deleted and the previous output stays as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    /// Folders inside `dir` already made: each is created once, not once
    /// per file in it, which saved a mkdir and a stat for each of the
    /// thousands of event pages and feeds. Kept by their bytes: hashing a
    /// `Path` splits it into components.
    folders: Mutex<HashSet<std::ffi::OsString, rustc_hash::FxBuildHasher>>,
    /// `dir`, open: every file and folder is made by its path inside it.
    inside: folder::Folder,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging, String> {
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
        let dir = tempfile::Builder::new()
            .prefix(&beside_prefix(&name, "building"))
            .tempdir_in(parent)
            .map_err(|e| format!("cannot create a build folder in {}: {e}", parent.display()))?;
        let inside = folder::Folder::open(dir.path())
            .map_err(|e| format!("cannot open the build folder {}: {e}", dir.path().display()))?;
        Ok(Staging {
            dir,
            out,
            folders: Mutex::new(HashSet::default()),
            inside,
        })
    }

    /// Puts the new site in place of the previous one.
    pub fn finish(self, cleanup: Cleanup) -> Result<(), String> {
        std::fs::write(
            self.dir.path().join(MARKER),
            "This folder is built by meetcal and replaced on every build.\n",
        )
        .map_err(|e| format!("cannot write the output marker: {e}"))?;
        // Tempdirs are private (0700); a published site must be readable.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(self.dir.path(), std::fs::Permissions::from_mode(0o755));
        }
        let previous = swap_into_place(self.dir.keep(), &self.out)?;
        if let Some(previous) = previous {
            match cleanup {
                Cleanup::Background if remove_detached(&previous) => {}
                _ => {
                    let _ = std::fs::remove_dir_all(&previous);
                }
            }
        }
        Ok(())
    }
}

/// How many bytes of pieces a write gathers.
const PIECES_GATHERED: usize = 64 * 1024;

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        if !is_inside(&file.path) {
            return Err(outside(&file.path));
        }
        self.write(&file)
    }

    fn put_in_pieces(
        &self,
        path: PathBuf,
        pieces: &mut dyn Iterator<Item = Piece>,
    ) -> Result<(), String> {
        if !is_inside(&path) {
            return Err(outside(&path));
        }
        let written = (|| {
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                self.make_folder(folder)?;
            }
            // Pieces are often a few kilobytes (a feed's events): gathered
            // into writes of some tens of kilobytes rather than of eight.
            let mut file =
                std::io::BufWriter::with_capacity(PIECES_GATHERED, self.inside.create_new(&path)?);
            for piece in pieces {
                file.write_all(&piece)?;
            }
            file.flush()
        })();
        written.map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

impl Staging {
    fn write(&self, file: &OutputFile) -> Result<(), String> {
        let made = match file.path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => self.make_folder(folder),
            _ => Ok(()),
        };
        made.and_then(|()| self.inside.create_new(&file.path)?.write_all(&file.bytes))
            .map_err(|e| format!("cannot write {}: {e}", file.path.display()))
    }

    /// Creates `folder` (relative to the staging folder) unless it was,
    /// and the folders above it that were not: from the top down, so
    /// that no attempt fails for a missing parent.
    fn make_folder(&self, folder: &Path) -> std::io::Result<()> {
        let folders = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<&Path> = {
            let made = folders();
            folder
                .ancestors()
                .take_while(|f| !f.as_os_str().is_empty() && !made.contains(f.as_os_str()))
                .collect()
        };
        for &next in missing.iter().rev() {
            // Another thread may make it meanwhile: one already there is fine.
            self.inside.make(next)?;
        }
        let mut made = folders();
        for next in missing {
            made.insert(next.as_os_str().to_os_string());
        }
        Ok(())
    }
}

/// Writes `files` to `out`, replacing its previous contents atomically.
pub fn write_site(out: &Path, files: &[OutputFile], cleanup: Cleanup) -> Result<(), String> {
    let staging = Staging::new(out)?;
    if let Some(file) = files.iter().find(|f| !is_inside(&f.path)) {
        return Err(outside(&file.path));
    }
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.finish(cleanup)
}

/// Creates the file and its folders; fails rather than overwrite a file.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    create_file(path, bytes)
}

/// Creates the file in a folder that exists; fails rather than overwrite one.
fn create_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// Starts `meetcal remove-previous <folder>` without waiting for it.
fn remove_detached(previous: &Path) -> bool {
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    std::process::Command::new(exe)
        .arg("remove-previous")
        .arg(previous)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

/// Deletes a folder an earlier build moved aside, and only such a folder.
pub fn remove_previous(path: &Path) -> Result<(), String> {
    let named_so = path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with('.') && n.contains(".previous-")
    });
    if !named_so || !path.is_dir() {
        return Err(format!(
            "{} is not a previous meetcal output",
            path.display()
        ));
    }
    std::fs::remove_dir_all(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))
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

/// Renames `staging` to `out`; returns the folder now holding the previous
/// output, for the caller to delete.
fn swap_into_place(staging: PathBuf, out: &Path) -> Result<Option<PathBuf>, String> {
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
    // The holder folder, named `.previous-*`, is what gets deleted.
    Ok(old.and_then(|old| old.parent().map(Path::to_path_buf)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_pieces_is_written_in_order_and_only_inside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        let pieces = || {
            vec![
                Piece::Owned(b"{\"a\":".to_vec()),
                Piece::Shared(b"[1,2]".as_slice().into()),
                Piece::Static(b"}\n"),
            ]
        };
        staging
            .put_in_pieces("data/events.json".into(), &mut pieces().into_iter())
            .unwrap();
        let again = staging.put_in_pieces("data/events.json".into(), &mut pieces().into_iter());
        assert!(again.is_err(), "a second file at the same path");
        let outside = staging.put_in_pieces("../events.json".into(), &mut pieces().into_iter());
        assert!(outside.unwrap_err().contains("outside the output folder"));
        staging.finish(Cleanup::Wait).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("data/events.json")).unwrap(),
            "{\"a\":[1,2]}\n"
        );
        assert!(!dir.path().join("events.json").exists());
        // Memory gathers the pieces into one file.
        let memory = Memory::default();
        memory
            .put_in_pieces("events.json".into(), &mut pieces().into_iter())
            .unwrap();
        assert_eq!(memory.into_files()[0].bytes, b"{\"a\":[1,2]}\n");
    }

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for bad in ["../x.html", "/etc/passwd", "", "a/../../b"] {
            let result = write_site(&out, &[OutputFile::new(bad, "x")], Cleanup::Wait);
            assert!(result.is_err(), "{bad}");
        }
        assert!(!out.exists());
        assert!(!dir.path().join("x.html").exists());
    }

    #[test]
    fn replaces_the_previous_output_only_on_success() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("index.html", "one")], Cleanup::Wait).unwrap();
        let failed = write_site(
            &out,
            &[
                OutputFile::new("index.html", "two"),
                OutputFile::new("../x", ""),
            ],
            Cleanup::Wait,
        );
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "one"
        );
        write_site(&out, &[OutputFile::new("a/b.html", "three")], Cleanup::Wait).unwrap();
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
        write_site(&out, &[OutputFile::new("index.html", "one")], Cleanup::Wait).unwrap();
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

        write_site(&out, &[OutputFile::new("index.html", "two")], Cleanup::Wait).unwrap();
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
        let failed = write_site(&out, &[OutputFile::new("../x", "")], Cleanup::Wait);
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
        let result = write_site(&out, &[OutputFile::new("index.html", "x")], Cleanup::Wait);
        assert!(result.unwrap_err().contains("not written by meetcal"));
        assert_eq!(
            std::fs::read_to_string(out.join("todo.md")).unwrap(),
            "mine"
        );
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_site(&empty, &[OutputFile::new("index.html", "x")], Cleanup::Wait).unwrap();
        write_site(&empty, &[OutputFile::new("index.html", "y")], Cleanup::Wait).unwrap();
        assert_eq!(
            std::fs::read_to_string(empty.join("index.html")).unwrap(),
            "y"
        );
    }
}
