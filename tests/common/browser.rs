//! The built site as a browser and the Nu HTML checker see it: the tools,
//! and the sample calendar built and served for them.

use super::{copy_tree, meetcal, require_tool, text};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const NOW: &str = "2026-11-25T12:00:00+01:00";
pub const CHROMIUM: &str = "/usr/bin/chromium";

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A script of tests/browser/, run by node against the system's Chromium.
pub fn browser_script(script: &str) -> Command {
    let mut node = Command::new("node");
    node.current_dir(repo())
        .arg(script)
        .env("MEETCAL_CHROMIUM", CHROMIUM);
    node
}

pub fn vnu_jar() -> PathBuf {
    repo().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

pub fn java_runs() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn node_packages_installed() -> bool {
    vnu_jar().is_file()
        && ["axe-core", "playwright-core"]
            .iter()
            .all(|p| repo().join("node_modules").join(p).is_dir())
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// The sample calendar (the repository's own `content/`) built with `--now`
/// fixed and the given base URL. Returns the temporary folder and the site.
pub fn build_sample(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    build_content(&repo().join("content"), base_url)
}

/// The sample calendar in French.
pub fn build_french_sample(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    build_sample_in("fr", base_url)
}

/// The sample calendar in `language`.
pub fn build_sample_in(language: &str, base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let content = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), content.path());
    let site = content.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    assert!(yaml.contains("language: en\n"), "the sample is in English");
    let written = format!("language: {language}\n");
    std::fs::write(&site, yaml.replace("language: en\n", &written)).unwrap();
    build_content(content.path(), base_url)
}

/// Any calendar's `content/` folder, built like the sample.
pub fn build_content(content: &Path, base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(content, &dir.path().join("content"));
    let public = dir.path().join("public");
    let out = meetcal(
        dir.path(),
        &[
            "build",
            "--now",
            NOW,
            "--base-url",
            base_url,
            "--out",
            public.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "meetcal build failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    (dir, public)
}

/// Chromium and the node packages, or a loud message (a failure in CI).
pub fn browser_ready() -> bool {
    require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        && require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
}

/// The sample calendar built for a port of its own, and the listener to
/// serve it on: pages link to their stylesheet by its absolute URL, so the
/// port is known before the build.
pub fn sample_on_a_port() -> (TcpListener, String, tempfile::TempDir, PathBuf) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (dir, public) = build_sample(&base_url);
    (listener, base_url, dir, public)
}

pub fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}
