//! `meetcal serve`: the organizer's preview loop.
//!
//! Builds the site into memory, serves it on the loopback interface, watches
//! `content/` and `themes/`, and rebuilds on every change. Open pages reload
//! through a script injected into served HTML only (never into `build`
//! output). A failed build keeps the last good site and shows the same
//! located messages as `meetcal check`, in the terminal and in the browser.
//!
//! Nothing is written to disk and nothing is read from it to answer a
//! request: only files the build produced can be served.

mod connection;
mod http;
pub mod incremental;
mod page;
mod routes;
mod site_path;
mod summary;

use crate::build::{Error, Now};
use crate::diagnostics::counted;
use incremental::{Files, Preview};
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub struct ServeOptions {
    /// The calendar's folder, holding `content/`.
    pub root: PathBuf,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub now: Now,
}

/// A quiet spell this long ends a burst of file events (an editor's save,
/// a `git checkout`) and starts the rebuild. An editor's save is a few
/// calls within a millisecond or two; a rebuild that starts inside a longer
/// burst only costs another rebuild when the burst goes on, since changes
/// made during a rebuild start the next one.
const QUIET: Duration = Duration::from_millis(30);
/// The quiet spell after an event that ends a save: a file closed after
/// writing, or renamed into place (an editor's atomic save). What follows
/// it within this spell (a second file of a `git checkout`) joins the
/// batch; what comes later starts the next rebuild.
const SETTLED: Duration = Duration::from_millis(5);
/// A burst that never goes quiet still rebuilds this often.
const MAX_DELAY: Duration = Duration::from_millis(500);

/// What the server answers from: replaced whole on every rebuild.
struct Snapshot {
    /// Changes whenever what a page would show changes; pages carry the
    /// generation they were served at and reload when it moves on.
    generation: u64,
    /// The last good build: kept while the content is broken, so the style
    /// sheet and feeds still load.
    files: Arc<Files>,
    /// The error page of the last build, if it failed.
    failure: Option<Arc<str>>,
}

/// The snapshot, and a signal for the reload streams that it changed.
struct Shared {
    snapshot: Mutex<Arc<Snapshot>>,
    changed: Condvar,
    port: u16,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Applies a build's outcome; wakes the reload streams if pages change.
    /// `Ok` carries the files and whether they differ from the last build's.
    fn publish(&self, outcome: Result<(Arc<Files>, bool), String>) -> bool {
        let mut guard = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let old = Arc::clone(&guard);
        let (files, failure) = match outcome {
            Ok((_, false)) if old.failure.is_none() => return false,
            Ok((files, _)) => (files, None),
            Err(page) if old.failure.as_deref() == Some(page.as_str()) => return false,
            Err(page) => (Arc::clone(&old.files), Some(Arc::from(page))),
        };
        *guard = Arc::new(Snapshot {
            generation: old.generation + 1,
            files,
            failure,
        });
        self.changed.notify_all();
        true
    }
}

/// Runs until the process is interrupted; returns only if it cannot start.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root = &options.root;
    if !root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder; run meetcal from the calendar's folder or pass --root",
            root.display()
        )));
    }
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on 127.0.0.1:{}: {e}; choose another port with --port",
            options.port
        ))
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::Build(format!("cannot read the server's address: {e}")))?
        .port();
    let base_url = format!("http://127.0.0.1:{port}/");

    // A generation from the clock, so a page left open across a restart of
    // the server reloads too.
    let first_generation = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(1);
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Arc::new(Snapshot {
            generation: first_generation,
            files: Arc::new(Files::default()),
            failure: None,
        })),
        changed: Condvar::new(),
        port,
    });

    let (events, watched) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events)
        .map_err(|e| Error::Build(format!("cannot watch for changes: {e}")))?;
    let watch_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
    // The root itself, without its sub-folders, so that `content/` or
    // `themes/` replaced or created while serving (a `git checkout`, a
    // restored backup) is noticed, and watched again in turn.
    watch(&mut watcher, &watch_root, RecursiveMode::NonRecursive)?;
    let mut folders = [
        WatchedFolder::new(watch_root.join("content")),
        WatchedFolder::new(watch_root.join("themes")),
    ];
    for folder in &mut folders {
        folder.refresh(&mut watcher, false);
    }
    if !folders[0].is_watched() {
        return Err(Error::Build(format!(
            "cannot watch {}",
            folders[0].path.display()
        )));
    }

    let mut preview = Preview::new(root, &base_url, options.now);
    rebuild(&shared, &mut preview, "built");
    eprintln!("serving the calendar at {base_url} (Ctrl-C to stop)");

    let server = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("accept".into())
        .spawn(move || connection::accept(listener, server))
        .map_err(|e| Error::Build(format!("cannot start the server: {e}")))?;

    loop {
        let Some(batch) = next_batch(&watched, &watch_root) else {
            return Err(Error::Build("the file watcher stopped".into()));
        };
        // Before the rebuild, so that changes during it are seen.
        for folder in &mut folders {
            let replaced = batch.folders_touched.contains(&folder.path);
            folder.refresh(&mut watcher, replaced);
        }
        if let Some(changed) = batch.changed {
            preview.expect_changes(changed);
        }
        rebuild(&shared, &mut preview, "rebuilt");
    }
}

fn watch(watcher: &mut impl Watcher, path: &Path, mode: RecursiveMode) -> Result<(), Error> {
    watcher
        .watch(path, mode)
        .map_err(|e| Error::Build(format!("cannot watch {}: {e}", path.display())))
}

/// A folder watched with everything in it, followed when it is deleted,
/// replaced by another folder of the same name, or created.
struct WatchedFolder {
    path: PathBuf,
    /// Which folder the watch is on, if any: a watch follows the folder
    /// itself, not its name, so a new folder needs a new watch.
    watching: Option<FolderId>,
}

impl WatchedFolder {
    fn new(path: PathBuf) -> Self {
        WatchedFolder {
            path,
            watching: None,
        }
    }

    fn is_watched(&self) -> bool {
        self.watching.is_some()
    }

    /// Watches the folder again if it is not the one watched: `replaced`
    /// when an event named the folder itself (an inode number can be reused
    /// at once by the folder that replaces it).
    fn refresh(&mut self, watcher: &mut impl Watcher, replaced: bool) {
        let now = folder_id(&self.path);
        // Elsewhere there is no identity to compare: watch again every time.
        if now == self.watching && !replaced && cfg!(unix) {
            return;
        }
        if self.watching.take().is_some() {
            let _ = watcher.unwatch(&self.path);
        }
        if now.is_some() && watcher.watch(&self.path, RecursiveMode::Recursive).is_ok() {
            self.watching = now;
        }
    }
}

/// A folder's identity: its device and inode where there are such things.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// What a burst of changes touched.
struct Batch {
    /// `content/` or `themes/` themselves: created, deleted or moved.
    folders_touched: std::collections::BTreeSet<PathBuf>,
    /// Every path changed, relative to the root; `None` when the watcher
    /// may have missed some (its queue overflowed).
    changed: Option<Vec<PathBuf>>,
}

/// Waits for a change under `content/` or `themes/`, then for the burst it
/// belongs to to end. `None` when the watcher is gone.
fn next_batch(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
) -> Option<Batch> {
    let mut batch = Batch {
        folders_touched: Default::default(),
        changed: Some(Vec::new()),
    };
    let note = |event: &notify::Result<notify::Event>, batch: &mut Batch| {
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            // A lost event (an overflowing queue) may hide any change.
            _ => {
                batch.changed = None;
                return;
            }
        };
        // Reading `content/` (every rebuild walks it) is reported on the
        // root too: a read replaces no folder, and watching `content/`
        // again would walk all of it and miss changes meanwhile.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            if path.parent() == Some(root) {
                batch.folders_touched.insert(path.clone());
            }
            let relative = path.strip_prefix(root).ok().map(Path::to_path_buf);
            match (&mut batch.changed, relative) {
                (Some(changed), Some(relative)) => changed.push(relative),
                (changed, _) => *changed = None,
            }
        }
    };
    let mut quiet = loop {
        let event = events.recv().ok()?;
        note(&event, &mut batch);
        if relevant(&event, root) {
            break quiet_after(&event, QUIET);
        }
    };
    let deadline = Instant::now() + MAX_DELAY;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left.min(quiet)) {
            Ok(event) => {
                note(&event, &mut batch);
                quiet = quiet_after(&event, quiet);
            }
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// The quiet spell that ends a burst once `event` came, `quiet` before it:
/// short after the end of a save, long after a change that may go on, the
/// same after a read (the build's own reads change nothing).
fn quiet_after(event: &notify::Result<notify::Event>, quiet: Duration) -> Duration {
    let Ok(event) = event else {
        return QUIET;
    };
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => SETTLED,
        EventKind::Access(_) => quiet,
        _ => QUIET,
    }
}

/// Whether an event can change the site: a change under `content/` or
/// `themes/`, or to those folders themselves.
fn relevant(event: &notify::Result<notify::Event>, root: &Path) -> bool {
    let content = root.join("content");
    let themes = root.join("themes");
    match event {
        // Reads, including the build's own, change nothing.
        Ok(event) if matches!(event.kind, EventKind::Access(_)) => false,
        Ok(event) => event
            .paths
            .iter()
            .any(|p| p.starts_with(&content) || p.starts_with(&themes)),
        // A lost event (an overflowing queue) may hide any change.
        Err(_) => true,
    }
}

/// Builds, swaps the result in, and says so in the terminal: how long it
/// took, or what `check` would print.
fn rebuild(shared: &Shared, preview: &mut Preview, verb: &str) {
    let started = Instant::now();
    let outcome = preview.rebuild();
    let ms = started.elapsed().as_millis();
    match outcome {
        Ok(rebuilt) => {
            let built = rebuilt.built;
            let changed = shared.publish(Ok((rebuilt.files, rebuilt.changed)));
            eprintln!(
                "{verb} in {ms} ms: {} ({}), {}{}",
                counted(built.events, "event"),
                counted(built.occurrences, "occurrence"),
                counted(built.files, "file"),
                if changed { "" } else { "; no page changed" }
            );
        }
        Err(error) => {
            let text = error.report();
            eprint!("{text}");
            eprintln!(
                "build failed in {ms} ms; the browser shows the problems until they are fixed"
            );
            shared.publish(Err(page::failure(&text)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::Flag;

    fn event(kind: EventKind, path: &Path) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(path.to_path_buf()))
    }

    /// The batch of `events`, all sent before it is read.
    fn batch_of(root: &Path, events: Vec<notify::Result<notify::Event>>) -> Batch {
        let (send, receive) = mpsc::channel();
        for event in events {
            send.send(event).unwrap();
        }
        next_batch(&receive, root).expect("a batch")
    }

    #[test]
    fn a_batch_names_the_paths_changed_and_not_those_read() {
        let root = Path::new("/cal");
        let modify = EventKind::Modify(ModifyKind::Any);
        let batch = batch_of(
            root,
            vec![
                event(
                    EventKind::Access(AccessKind::Any),
                    &root.join("content/site.yaml"),
                ),
                event(modify, &root.join("content/events/a.md")),
                event(modify, &root.join("themes/x/templates/base.html")),
            ],
        );
        assert_eq!(
            batch.changed,
            Some(vec![
                PathBuf::from("content/events/a.md"),
                PathBuf::from("themes/x/templates/base.html"),
            ])
        );
        assert!(batch.folders_touched.is_empty());
    }

    #[test]
    fn a_save_ends_its_burst_sooner_than_a_change_that_may_go_on() {
        let path = Path::new("/cal/content/events/a.md");
        let after = |kind| quiet_after(&event(kind, path), QUIET);
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let written = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        assert_eq!(after(closed), SETTLED);
        assert_eq!(after(renamed), SETTLED);
        assert_eq!(after(written), QUIET);
        assert_eq!(
            after(EventKind::Create(notify::event::CreateKind::File)),
            QUIET
        );
        // A read after a save leaves the short spell as it was.
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert_eq!(quiet_after(&event(read, path), SETTLED), SETTLED);
        let lost = Err(notify::Error::generic("queue overflow"));
        assert_eq!(quiet_after(&lost, SETTLED), QUIET);
        assert!(SETTLED < QUIET);
    }

    #[test]
    fn a_batch_with_a_lost_event_names_nothing() {
        let root = Path::new("/cal");
        let modify = EventKind::Modify(ModifyKind::Any);
        let a = root.join("content/events/a.md");
        let rescan = event(modify, &a).map(|e| e.set_flag(Flag::Rescan));
        let outside = event(modify, Path::new("/elsewhere/b.md"));
        let lost = Err(notify::Error::generic("queue overflow"));
        for last in [rescan, outside, lost] {
            let batch = batch_of(root, vec![event(modify, &a), last]);
            assert_eq!(batch.changed, None);
        }
    }
}
