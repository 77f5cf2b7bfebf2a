//! Starting a calendar and publishing it: `meetcal init`, the Netlify build
//! as Netlify runs it, and the headers Netlify will read.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn init_writes_a_calendar_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lyon");
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .args(["init"])
        .arg(&root)
        .args(["--title", "Lyon: web & café", "--timezone", "Europe/Paris"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for file in [
        "content/site.yaml",
        "netlify.toml",
        ".github/workflows/check.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/sync.yml",
        "scripts/install-meetcal.sh",
        "README.md",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    let check = meetcal(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let build = meetcal(&root, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("Lyon: web &amp; café"));
    assert!(
        home.contains("Monthly meetup"),
        "the example series is upcoming"
    );
    let netlify: toml::Table = std::fs::read_to_string(root.join("netlify.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(netlify["build"]["publish"].as_str(), Some("public"));
    assert!(netlify["context"]["deploy-preview"]["command"]
        .as_str()
        .unwrap()
        .contains("$DEPLOY_PRIME_URL"));

    // Running it again keeps every existing file as it is.
    std::fs::write(
        root.join("content/site.yaml"),
        "title: Mine\nbase_url: https://x.org/\ntimezone: UTC\n",
    )
    .unwrap();
    let again = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stdout).contains(&format!("kept    {}/content/site.yaml", root.display())));
    assert_eq!(
        std::fs::read_to_string(root.join("content/site.yaml")).unwrap(),
        "title: Mine\nbase_url: https://x.org/\ntimezone: UTC\n"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .arg(dir.path().join("other"))
        .args(["--timezone", "Europe/Pariss"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(!dir.path().join("other").exists());
}

/// `init` writes the calendar `--root` names, as every other command reads
/// it, and the current folder when given neither; given two folders, it
/// refuses rather than ignore one.
#[test]
fn init_writes_the_folder_root_names() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let init = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .current_dir(&here)
            .args(args)
            .output()
            .unwrap()
    };
    let by_root = dir.path().join("by-root");
    let out = init(&["--root".as_ref(), by_root.as_os_str(), "init".as_ref()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(by_root.join("content/site.yaml").is_file());
    assert!(text(&out.stderr).contains(&format!("`meetcal serve --root {}`", by_root.display())));

    let out = init(&["init".as_ref()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(here.join("content/site.yaml").is_file());
    assert!(text(&out.stderr).contains("then run `meetcal serve`\n"));

    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let out = init(&[
        "--root".as_ref(),
        one.as_os_str(),
        "init".as_ref(),
        two.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: init: `--root {}` and `{}` name two folders; give the calendar's folder once\n",
            one.display(),
            two.display()
        )
    );
    assert!(!one.exists() && !two.exists());
}

/// The tracked files of the repository, copied as a fresh checkout would have them.
fn checkout() -> tempfile::TempDir {
    let listed = Command::new("git")
        .arg("-C")
        .arg(repo())
        .args(["ls-files", "-z"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "git ls-files failed");
    let dir = tempfile::tempdir().unwrap();
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let relative = PathBuf::from(String::from_utf8(name.to_vec()).unwrap());
        let (from, to) = (repo().join(&relative), dir.path().join(&relative));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        if from.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&from).unwrap(), &to).unwrap();
        } else if from.is_file() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    dir
}

/// A binary the checkout's build will overwrite, put back when dropped.
/// Built from a copy without `.git`, the checkout's `meetcal` says
/// `(unknown)` for its commit; cargo, finding the tested build of the
/// repository up to date, would not write its own binary back, and the
/// next test run would test the copy's.
struct KeptBinary {
    path: PathBuf,
    kept: Option<PathBuf>,
}

impl KeptBinary {
    fn keep(path: &Path) -> KeptBinary {
        let copy = path.with_file_name("meetcal.kept-by-deploy-test");
        let kept = std::fs::copy(path, &copy).ok().map(|_| copy);
        KeptBinary {
            path: path.to_path_buf(),
            kept,
        }
    }
}

impl Drop for KeptBinary {
    fn drop(&mut self) {
        if let Some(kept) = &self.kept {
            // A rename: a test running the binary meanwhile keeps its file.
            let _ = std::fs::rename(kept, &self.path);
        }
    }
}

#[test]
fn rules_match_as_netlify_documents() {
    assert!(headers::matches("/*", "/a/b/c"));
    assert!(headers::matches("/", "/"));
    assert!(!headers::matches("/", "/index.html"));
    assert!(headers::matches("/groups/*", "/groups/"));
    assert!(headers::matches("/groups/:slug/", "/groups/a/"));
    assert!(headers::matches("/groups/:slug/", "/groups/a"));
    assert!(!headers::matches("/groups/:slug/", "/groups/a/embed/"));
    assert!(!headers::matches("/groups/:slug/", "/groups/"));
    assert!(headers::matches(
        "/groups/:slug/embed/*",
        "/groups/a/embed/"
    ));
    assert!(headers::matches(
        "/groups/:slug/embed/*",
        "/groups/a/embed/index.html"
    ));
    assert!(!headers::matches(
        "/groups/:slug/index.html",
        "/groups/a/embed/index.html"
    ));
    assert!(!headers::matches("/calendar.ics", "/calendar.ics.bak"));
}

#[test]
fn netlify_builds_the_site_with_its_own_command_and_serves_the_right_headers() {
    let config: toml::Table = std::fs::read_to_string(repo().join("netlify.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let publish = config["build"]["publish"].as_str().unwrap();
    let checkout = checkout();
    // Reuse this test run's compiled dependencies: the release build happens once.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let _kept = KeptBinary::keep(&target.join("release/meetcal"));
    for (context, command, variable, url) in [
        (
            "production",
            config["build"]["command"].as_str().unwrap(),
            "URL",
            "https://paris-web.netlify.app",
        ),
        (
            "deploy-preview",
            config["context"]["deploy-preview"]["command"]
                .as_str()
                .unwrap(),
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-42--paris-web.netlify.app",
        ),
    ] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(checkout.path())
            .env(variable, url)
            .env("CONTEXT", context)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{context}: `{command}` failed:\n{}",
            text(&out.stderr)
        );
        let site = checkout.path().join(publish);
        let home = std::fs::read_to_string(site.join("index.html")).unwrap();
        assert!(
            home.contains(&format!(r#"<link rel="canonical" href="{url}/">"#)),
            "{context}: the site is built for {url}"
        );
    }

    let site = checkout.path().join(publish);
    let rules = headers::parse(&std::fs::read_to_string(site.join("_headers")).unwrap());
    let files = snapshot(&site);
    let mut feeds = 0;
    for (path, _) in &files {
        let url_path = format!("/{}", path.display());
        let headers = headers::headers_for(&rules, &url_path);
        let policy = headers
            .get("content-security-policy")
            .expect("every response has a CSP");
        assert!(
            policy.starts_with("default-src 'none'"),
            "{url_path}: {policy}"
        );
        // Only embeds may be framed, by any site; every other page by none.
        let framing = if meetcal::urls::is_embed(&url_path) {
            "frame-ancestors *"
        } else {
            "frame-ancestors 'none'"
        };
        assert_eq!(
            policy.matches("frame-ancestors").count(),
            1,
            "{url_path}: one policy: {policy}"
        );
        assert!(policy.contains(framing), "{url_path}: {policy}");
        // Scripts only from the site itself (the theme's files), never
        // inline or evaluated text.
        let scripts = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"));
        assert_eq!(scripts, Some("script-src 'self'"), "{policy}");
        assert!(
            policy.contains("; script-src 'self';")
                && policy.contains("; connect-src 'self';")
                && policy.contains("; form-action 'self';")
                && !policy.contains("unsafe-")
                && !policy.replace("frame-ancestors *", "").contains('*'),
            "only the site's own script files may run, and fetch from the site only: {policy}"
        );
        match path.extension().and_then(|e| e.to_str()) {
            Some("ics") => {
                feeds += 1;
                assert_eq!(
                    headers["content-type"], "text/calendar; charset=utf-8",
                    "{url_path}"
                );
                assert_eq!(headers["access-control-allow-origin"], "*", "{url_path}");
                assert!(
                    headers["cache-control"].contains("max-age=900"),
                    "{url_path}"
                );
            }
            Some("css") => assert_eq!(
                headers["cache-control"], "public, max-age=31536000, immutable",
                "{url_path}"
            ),
            Some("html") => assert!(
                !headers.contains_key("cache-control"),
                "{url_path}: pages use Netlify's revalidation"
            ),
            _ => {}
        }
    }
    assert!(files
        .iter()
        .any(|(p, _)| p.extension().is_some_and(|e| e == "css")));
    // netlify.toml must not add headers that would be merged into these.
    assert!(
        !config.contains_key("headers"),
        "headers live in the generated _headers file"
    );
    println!(
        "{} files, {feeds} calendar feeds checked against _headers",
        files.len()
    );
}
