use super::*;

fn calendar() -> tempfile::TempDir {
    crate::test_calendar::calendar_with::<&str>(&[])
}

#[test]
fn files_come_in_the_order_listed_however_the_threads_share_them() {
    let dir = calendar();
    let events = dir.path().join("content/events");
    for i in 0..300 {
        // Every seventh has a problem of its own, every eleventh is no slug.
        let (name, title) = match i {
            i if i % 11 == 0 => (format!("Event_{i:03}.md"), "T"),
            i if i % 7 == 0 => (format!("event-{i:03}.md"), ""),
            _ => (format!("event-{i:03}.md"), "T"),
        };
        let text = format!("---\ntitle: \"{title}\"\nstart: 2027-01-01 10:00\n---\n");
        std::fs::write(events.join(name), text).unwrap();
    }
    let listed = |loaded: &Loaded| {
        let paths = |list: &[(Source, Box<EventFile>)]| {
            list.iter().map(|(s, _)| s.path.clone()).collect::<Vec<_>>()
        };
        let problems: Vec<String> = loaded.problems.iter().map(|d| format!("{d:?}")).collect();
        (
            paths(&loaded.events),
            paths(&loaded.events_with_problems),
            problems,
        )
    };
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let expected = listed(&one_thread.install(|| load(dir.path())).unwrap());
    assert_eq!(expected.0.len(), 300 - 28 - 39);
    assert!(expected.0.windows(2).all(|w| w[0] < w[1]));
    assert!(expected.1.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(expected.2.len(), 28 + 39, "{:?}", expected.2);
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(8)
        .build()
        .unwrap();
    for _ in 0..5 {
        assert_eq!(
            listed(&many.install(|| load(dir.path())).unwrap()),
            expected
        );
    }
}

#[cfg(unix)]
#[test]
fn refuses_a_linked_content_folder() {
    let elsewhere = calendar();
    std::fs::write(
        elsewhere.path().join("content/events/leak.md"),
        "---\ntitle: Leak\nstart: 2027-01-01 10:00\n---\n",
    )
    .unwrap();
    let root = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("content"),
        root.path().join("content"),
    )
    .unwrap();
    let loaded = load(root.path()).unwrap();
    assert!(loaded.events.is_empty() && loaded.site.is_none());
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    assert_eq!(loaded.problems[0].file, Path::new("content"));
    assert!(loaded.problems[0].message.contains("symbolic links"));
}

#[cfg(unix)]
#[test]
fn refuses_a_named_pipe_instead_of_blocking_on_it() {
    use std::os::unix::fs::FileTypeExt;
    let root = calendar();
    let pipe = root.path().join("content/events/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .output()
        .expect("mkfifo runs: without it this test cannot make its pipe");
    assert!(
        made.status.success(),
        "mkfifo {}: {}",
        pipe.display(),
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(std::fs::symlink_metadata(&pipe)
        .unwrap()
        .file_type()
        .is_fifo());
    // Nothing ever writes to the pipe: reading it would block for good,
    // so a load that has not returned in time has opened it.
    let (done, loaded) = std::sync::mpsc::channel();
    let at = root.path().to_path_buf();
    std::thread::spawn(move || {
        let _ = done.send(load(&at).unwrap());
    });
    let loaded = loaded
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|e| match e {
            std::sync::mpsc::RecvTimeoutError::Timeout => {
                panic!("load blocked reading the named pipe")
            }
            std::sync::mpsc::RecvTimeoutError::Disconnected => panic!("load panicked"),
        });
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let problem = &loaded.problems[0];
    assert_eq!(problem.file, Path::new("content/events/pipe.md"));
    assert_eq!((problem.line, problem.column), (1, 1));
    assert_eq!(problem.message, "this is not a regular file");
    assert!(loaded.events.is_empty() && loaded.events_with_problems.is_empty());
    assert!(loaded.site.is_some(), "the rest of the calendar is read");
}

#[test]
fn names_differing_only_in_case_get_their_own_hint() {
    let root = calendar();
    let event = "---\ntitle: A\nstart: 2027-01-01 10:00\n---\n";
    std::fs::write(root.path().join("content/events/Rust-Night.md"), event).unwrap();
    std::fs::write(root.path().join("content/events/rust-night.md"), event).unwrap();
    let loaded = load(root.path()).unwrap();
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let hint = loaded.problems[0].hint.as_deref().unwrap();
    assert!(hint.contains("`rust-night.md` is already there"), "{hint}");
}

#[test]
fn every_file_left_unread_is_named_once() {
    let root = calendar();
    let event = "---\ntitle: A\nstart: 2027-01-01 10:00\n---\n";
    let deepest: PathBuf = (1..=MAX_DEPTH).map(|i| format!("d{i}")).collect();
    let events = root.path().join("content/events");
    std::fs::create_dir_all(events.join(&deepest)).unwrap();
    std::fs::create_dir_all(root.path().join("content/groups/sub")).unwrap();
    for (path, text) in [
        ("content/events/x.MD", event),
        ("content/events/_draft.md", event),
        ("content/events/.gitkeep", ""),
        ("content/groups/sub/g.md", "---\nname: G\n---\n"),
        ("content/notes.txt", "x"),
        ("content/.meetcal-output", ""),
        (".meetcal-output", ""),
    ] {
        std::fs::write(root.path().join(path), text).unwrap();
    }
    std::fs::write(events.join(&deepest).join("read.md"), event).unwrap();
    std::fs::create_dir_all(events.join(&deepest).join("too-deep")).unwrap();
    let loaded = load(root.path()).unwrap();
    let mut named: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| p.file.display().to_string())
        .collect();
    named.sort();
    let too_deep = format!("content/events/{}/too-deep", deepest.display());
    let mut expected = vec![
        ".meetcal-output",
        "content/.meetcal-output",
        "content/events/x.MD",
        "content/groups/sub/g.md",
        "content/notes.txt",
        too_deep.as_str(),
    ];
    expected.sort();
    assert_eq!(named, expected, "{:#?}", loaded.problems);
    assert_eq!(
        loaded.events.len(),
        1,
        "the file at the deepest level is read"
    );
}

#[test]
fn too_deep_folders_are_named_with_a_hint() {
    let root = calendar();
    let deep: PathBuf = (0..=MAX_DEPTH).map(|i| format!("d{i}")).collect();
    std::fs::create_dir_all(root.path().join("content/events").join(&deep)).unwrap();
    let loaded = load(root.path()).unwrap();
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    assert!(loaded.problems[0].hint.is_some());
}
