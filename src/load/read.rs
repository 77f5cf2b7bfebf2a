//! Reading one content file: opened without following a link or waiting
//! on a pipe, refused before it is read when it is not a regular file or
//! is too large, then checked as text.

use crate::diagnostics::Diagnostic;
use crate::source::{FileKind, Source};
use std::path::Path;

/// The calendar that a folder without `content/site.yaml` is inside of
/// (`content/events/`, say): the way up to it from the current folder
/// (`../..`), or its path. `meetcal init` there would make a calendar in a
/// calendar.
fn calendar_above(root: &Path) -> Option<String> {
    let full = root.canonicalize().ok()?;
    let levels = full
        .ancestors()
        .skip(1)
        .position(|folder| folder.join("content/site.yaml").is_file())?;
    Some(match root == Path::new(".") {
        true => vec![".."; levels + 1].join("/"),
        // `--root` named the folder: the way up from it means nothing here.
        false => full.ancestors().nth(levels + 1)?.display().to_string(),
    })
}

/// For a file or folder meetcal may not read.
pub(super) const UNREADABLE_HINT: &str =
    "let meetcal read it: check its owner and permissions (`ls -l`)";

pub(super) fn read(root: &Path, path: &Path, kind: FileKind) -> Result<Source, Diagnostic> {
    let full = root.join(path);
    let problem = |message: String| Err(Diagnostic::new(path, 1, 1, message));
    let mut file = match open_unfollowed(&full) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let hint = match calendar_above(root) {
                Some(up) => format!(
                    "this folder is inside a calendar: run meetcal in its folder, `{up}`, or pass `--root {up}`"
                ),
                None => "every calendar needs content/site.yaml with `title`, `base_url` and `timezone`; `meetcal init` writes one".into(),
            };
            return Err(
                Diagnostic::new(path, 1, 1, "the file is missing".into()).with_hint(Some(hint))
            );
        }
        // The error alone cannot say: a loop of links higher up gives the same.
        Err(_) if is_symlink(&full) => return Err(symlink_refused(path)),
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(
                Diagnostic::new(path, 1, 1, format!("cannot read the file: {err}"))
                    .with_hint(Some(UNREADABLE_HINT.into())),
            )
        }
        Err(err) => return problem(format!("cannot read the file: {err}")),
    };
    // What was opened, not what the name points to now.
    let meta = match file.metadata() {
        Ok(meta) => meta,
        Err(err) => return problem(format!("cannot read the file: {err}")),
    };
    if !meta.is_file() {
        // A named pipe or a device would block the read, or never end.
        return Err(
            Diagnostic::new(path, 1, 1, "this is not a regular file".into()).with_hint(Some(
                "content/ holds plain text files: replace it with one, or move it out of content/"
                    .into(),
            )),
        );
    }
    if meta.len() as usize > crate::source::MAX_FILE_BYTES {
        // Refuse before reading a huge file into memory.
        return Err(crate::source::too_large(path, meta.len() as usize));
    }
    match read_whole(&mut file, meta.len() as usize) {
        Ok(bytes) => Source::parse_owned(path, bytes, kind),
        Err(err) => problem(format!("cannot read the file: {err}")),
    }
}

/// The file's bytes, `size` of them as its metadata said, read to the end
/// but never more than one byte past the size limit (enough to refuse a
/// file that grew since). A first read asks for one byte more than `size`:
/// when exactly `size` come, that was the end, and the second read the
/// usual loop makes to find it is saved, one system call per file.
fn read_whole(file: &mut std::fs::File, size: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0; size + 1];
    let first = loop {
        match file.read(&mut bytes) {
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            other => break other?,
        }
    };
    bytes.truncate(first);
    if first != size {
        // Changed since, or a short read: on to the end, as usual.
        let limit = (crate::source::MAX_FILE_BYTES + 1).saturating_sub(first) as u64;
        file.take(limit).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Opens a file for reading without following a symbolic link in its last
/// component, and without waiting on a named pipe: one system call where
/// a look at the file's type and then an open took two walks of its path.
#[cfg(unix)]
fn open_unfollowed(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_unfollowed(path: &Path) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

pub fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

pub(super) fn symlink_refused(path: &Path) -> Diagnostic {
    Diagnostic::new(
        path,
        1,
        1,
        "symbolic links are not allowed in content/".into(),
    )
    .with_hint(Some("add the file itself instead of a link to it".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's own checks, before anything reads it: a link, a named pipe
    /// (which a plain open would wait on forever), a folder, a missing file.
    #[cfg(unix)]
    #[test]
    fn refuses_links_pipes_and_folders_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("real.md"), "---\ntitle: x\n---\n").unwrap();
        std::os::unix::fs::symlink(root.join("real.md"), root.join("link.md")).unwrap();
        std::fs::create_dir(root.join("folder.md")).unwrap();
        let pipe =
            std::ffi::CString::new(root.join("pipe.md").into_os_string().into_encoded_bytes())
                .unwrap();
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
        let message = |name: &str| match read(root, Path::new(name), FileKind::Markdown) {
            Ok(_) => "read".to_string(),
            Err(problem) => problem.message,
        };
        assert_eq!(message("real.md"), "read");
        assert_eq!(
            message("link.md"),
            "symbolic links are not allowed in content/"
        );
        assert_eq!(message("pipe.md"), "this is not a regular file");
        assert_eq!(message("folder.md"), "this is not a regular file");
        assert_eq!(message("gone.md"), "the file is missing");
    }

    /// Whatever the size the metadata gave, the bytes read are the file's,
    /// up to one past the limit.
    #[test]
    fn reads_the_whole_file_whatever_size_was_expected() {
        use std::io::{Seek, Write};
        let limit = crate::source::MAX_FILE_BYTES;
        for (len, expected) in [(0, 0), (5, 5), (5, 0), (5, 3), (5, 9), (limit + 7, 10)] {
            let mut file = tempfile::tempfile().unwrap();
            let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            file.write_all(&text).unwrap();
            file.rewind().unwrap();
            let bytes = read_whole(&mut file, expected).unwrap();
            assert_eq!(
                bytes,
                text[..len.min(limit + 1)],
                "{len} bytes, {expected} expected"
            );
        }
    }
}
