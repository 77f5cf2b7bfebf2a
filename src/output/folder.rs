//! Files and folders made inside one open folder, by paths relative to it.
//! A site is tens of thousands of files: opened by their full path, each
//! made the kernel walk the output folder's own path again.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A folder to make files and folders in.
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    handle: File,
}

impl Folder {
    pub fn open(path: &Path) -> io::Result<Folder> {
        Ok(Folder {
            path: path.to_path_buf(),
            #[cfg(unix)]
            handle: File::open(path)?,
        })
    }

    /// Creates the file `relative` for writing; fails rather than overwrite
    /// one, or follow a link.
    #[cfg(unix)]
    pub fn create_new(&self, relative: &Path) -> io::Result<File> {
        use std::os::fd::{AsRawFd, FromRawFd};
        let name = c_path(relative)?;
        let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC;
        // SAFETY: a valid folder descriptor and a NUL-terminated path; the
        // descriptor returned is owned by the `File` alone.
        let fd = unsafe { libc::openat(self.handle.as_raw_fd(), name.as_ptr(), flags, 0o666) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened, and nothing else holds it.
        Ok(unsafe { File::from_raw_fd(fd) })
    }

    #[cfg(not(unix))]
    pub fn create_new(&self, relative: &Path) -> io::Result<File> {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.path.join(relative))
    }

    /// Makes one folder in a folder that exists; one already there is fine.
    pub fn make(&self, relative: &Path) -> io::Result<()> {
        let made = self.make_one(relative);
        match made {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && self.is_folder(relative) => {
                Ok(())
            }
            other => other,
        }
    }

    #[cfg(unix)]
    fn make_one(&self, relative: &Path) -> io::Result<()> {
        use std::os::fd::AsRawFd;
        let name = c_path(relative)?;
        // SAFETY: a valid folder descriptor and a NUL-terminated path.
        if unsafe { libc::mkdirat(self.handle.as_raw_fd(), name.as_ptr(), 0o777) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    #[cfg(not(unix))]
    fn make_one(&self, relative: &Path) -> io::Result<()> {
        std::fs::create_dir(self.path.join(relative))
    }

    fn is_folder(&self, relative: &Path) -> bool {
        std::fs::symlink_metadata(self.path.join(relative)).is_ok_and(|m| m.is_dir())
    }
}

#[cfg(unix)]
fn c_path(path: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL byte in a path"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn makes_folders_and_new_files_inside_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        for path in ["a", "a/b", "a/b/c", "a/b/c", "a/b"] {
            folder.make(Path::new(path)).unwrap();
        }
        // A folder's parent is not made for it.
        let orphan = folder.make(Path::new("x/y"));
        assert_eq!(orphan.unwrap_err().kind(), io::ErrorKind::NotFound);
        let mut file = folder.create_new(Path::new("a/b/c/index.html")).unwrap();
        file.write_all(b"<p>hi</p>").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("a/b/c/index.html")).unwrap(),
            b"<p>hi</p>"
        );
        let again = folder.create_new(Path::new("a/b/c/index.html"));
        assert_eq!(again.unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        // A file where a folder is wanted is an error, not a folder.
        folder.create_new(Path::new("a/file")).unwrap();
        assert!(folder.make(Path::new("a/file")).is_err());
        assert!(folder.make(Path::new("a/file/deeper")).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("a/b"), dir.path().join("link")).unwrap();
            assert!(
                folder.create_new(Path::new("link")).is_err(),
                "a link is not followed to a new file"
            );
        }
    }
}
