//! `serve` reads the history again only when the repository moved: a
//! `git log` over every commit of `content/` takes tens of milliseconds in
//! a long-lived calendar, and most rebuilds follow a save, not a commit.

use super::{History, OnShallow};
use std::path::{Path, PathBuf};

/// The last history read, and the state of the repository it was read in.
#[derive(Default)]
pub struct HistoryCache {
    read: Option<(RepoState, History)>,
}

impl HistoryCache {
    /// [`History::from_git`], or the last one read while the repository
    /// is as it was then.
    pub fn read(&mut self, root: &Path, on_shallow: OnShallow) -> Result<History, String> {
        let state = RepoState::of(root);
        if let Some((at, history)) = &self.read {
            if *at == state {
                return Ok(history.clone());
            }
        }
        let history = History::from_git(root, on_shallow)?;
        self.read = Some((state, history.clone()));
        Ok(history)
    }
}

/// What `git log` reads a history from, as far as a file system tells it
/// without running git: where the repository is, which commit `HEAD`
/// names (the branch file's text, or the packed refs' stamp), and the
/// stamp of the list of a shallow clone's boundaries. A commit, checkout,
/// reset, rebase or fetch that deepens changes one of them.
#[derive(Debug, PartialEq, Eq)]
struct RepoState(Vec<(PathBuf, Option<FileState>)>);

#[derive(Debug, PartialEq, Eq)]
enum FileState {
    Text(Vec<u8>),
    Stamp(u64, Option<std::time::SystemTime>),
}

impl RepoState {
    fn of(root: &Path) -> RepoState {
        let mut state = Vec::new();
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        // git looks for `.git` in the root, then in each folder above it.
        let Some(dot_git) = root
            .ancestors()
            .map(|dir| dir.join(".git"))
            .find(|p| p.exists())
        else {
            return RepoState(state);
        };
        let text = |path: &Path| std::fs::read(path).ok();
        let stamp = |path: &Path| {
            std::fs::metadata(path)
                .ok()
                .map(|m| FileState::Stamp(m.len(), m.modified().ok()))
        };
        // A worktree or a submodule: `.git` is a file naming the folder.
        let link = text(&dot_git);
        let git_dir = match &link {
            Some(link) => {
                let link = String::from_utf8_lossy(link);
                let named = link.trim().strip_prefix("gitdir:").unwrap_or("").trim();
                dot_git.parent().unwrap_or(&root).join(named)
            }
            None => dot_git.clone(),
        };
        state.push((dot_git, link.map(FileState::Text)));
        let common = match text(&git_dir.join("commondir")) {
            Some(named) => git_dir.join(String::from_utf8_lossy(&named).trim()),
            None => git_dir.clone(),
        };
        let head = git_dir.join("HEAD");
        let head_text = text(&head);
        if let Some(branch) = head_text
            .as_deref()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| h.trim().strip_prefix("ref:"))
        {
            let branch = common.join(branch.trim());
            state.push((branch.clone(), text(&branch).map(FileState::Text)));
        }
        state.push((head, head_text.map(FileState::Text)));
        for name in ["packed-refs", "shallow"] {
            let path = common.join(name);
            state.push((path.clone(), stamp(&path)));
        }
        RepoState(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }

    fn commit(dir: &Path, file: &str, text: &str) {
        let path = dir.join("content/events").join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", file]);
    }

    fn commits_of_a(history: &History) -> u32 {
        let a = history.file(Path::new("content/events/a.md"));
        a.expect("a.md has a history").commits
    }

    #[test]
    fn the_history_is_read_again_when_the_repository_moved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut cache = HistoryCache::default();
        let read = |cache: &mut HistoryCache| cache.read(root, OnShallow::Accept).unwrap();
        assert!(read(&mut cache).is_empty(), "no repository: no history");

        git(root, &["init", "-q", "-b", "main"]);
        commit(root, "a.md", "a");
        let first = read(&mut cache);
        assert_eq!(commits_of_a(&first), 1);
        // A save is not a commit: the same history, not read again.
        std::fs::write(root.join("content/events/a.md"), "edited").unwrap();
        assert!(read(&mut cache).is_same_read(&first));

        commit(root, "a.md", "committed");
        let second = read(&mut cache);
        assert_eq!(commits_of_a(&second), 2);

        git(root, &["checkout", "-q", "-b", "other", "HEAD~1"]);
        let third = read(&mut cache);
        assert_eq!(commits_of_a(&third), 1);
        git(root, &["checkout", "-q", "main"]);
        assert_eq!(read(&mut cache), second);
        // The history is the one a fresh read makes.
        assert_eq!(
            read(&mut cache),
            History::from_git(root, OnShallow::Accept).unwrap()
        );
    }
}
