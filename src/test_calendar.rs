//! A calendar folder for tests: `content/site.yaml`, an events folder and
//! the files a test gives.

/// The smallest site.yaml a calendar builds with.
pub const SITE_YAML: &str = "title: T\nbase_url: https://cal.example.org\ntimezone: Europe/Paris\n";

/// A temporary calendar holding `files` (paths from its root) beside its
/// site.yaml and an empty `content/events/`.
pub fn calendar_with<S: AsRef<str>>(files: &[(&str, S)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/events")).unwrap();
    let site = [("content/site.yaml", SITE_YAML)];
    let all = site
        .into_iter()
        .chain(files.iter().map(|(p, t)| (*p, t.as_ref())));
    for (path, text) in all {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}
