//! What `meetcal init` writes, run as the hosts run it: the install script
//! against a release served from 127.0.0.1 (standing in for the release
//! host), then the build and check commands of netlify.toml and of the
//! GitHub workflows, in fresh clones of the new calendar.

mod common;

use common::init::{new_calendar, new_calendar_with};
use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh clone of `origin`, as a host makes one for every build.
fn clone(origin: &Path, parent: &Path, name: &str) -> PathBuf {
    let to = parent.join(name);
    let out = Command::new("git")
        .args(["clone", "-q"])
        .arg(origin)
        .arg(&to)
        .output()
        .unwrap();
    assert!(out.status.success(), "git clone: {}", text(&out.stderr));
    to
}

/// The targets the release workflow builds, from its matrix.
fn release_targets() -> Vec<String> {
    let workflow: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap(),
    )
    .unwrap();
    let targets: Vec<String> = workflow["jobs"]["upload-assets"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a matrix of targets")
        .iter()
        .map(|entry| entry["target"].as_str().unwrap().to_string())
        .collect();
    assert!(targets.len() >= 6, "{targets:?}");
    targets
}

/// A temporary folder holding a calendar made by `meetcal init` (a git
/// repository) and, in `release/`, a release of the binary under test.
fn calendar_and_release() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let origin = new_calendar(dir.path());
    let files = dir.path().join("release");
    std::fs::create_dir_all(&files).unwrap();
    release(&files);
    (dir, origin, files)
}

/// A release as the release workflow publishes it, for every Unix target:
/// `meetcal-<target>.tar.gz` holding `meetcal` (here, the binary under
/// test), and `meetcal-<target>.sha256` as `sha256sum` writes it.
fn release(dir: &Path) {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_meetcal"), stage.join("meetcal")).unwrap();
    // One archive (a debug binary is large to compress), under every name.
    let packed = dir.join("packed.tar.gz");
    let out = Command::new("tar")
        .arg("-czf")
        .arg(&packed)
        .arg("-C")
        .arg(&stage)
        .arg("meetcal")
        .output()
        .unwrap();
    assert!(out.status.success(), "tar: {}", text(&out.stderr));
    for target in release_targets().iter().filter(|t| !t.contains("windows")) {
        let archive = format!("meetcal-{target}.tar.gz");
        std::fs::hard_link(&packed, dir.join(&archive)).unwrap();
        let sum = Command::new("sha256sum")
            .arg(&archive)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(sum.status.success(), "sha256sum: {}", text(&sum.stderr));
        std::fs::write(dir.join(format!("meetcal-{target}.sha256")), sum.stdout).unwrap();
    }
    std::fs::remove_dir_all(&stage).unwrap();
    std::fs::remove_file(&packed).unwrap();
}

/// Serves the files of `dir` over HTTP on 127.0.0.1, and remembers what
/// was asked for.
struct ReleaseHost {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl ReleaseHost {
    fn start(dir: &Path) -> ReleaseHost {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (dir, seen) = (dir.to_path_buf(), Arc::clone(&requests));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                // The rest of the request: headers up to the blank line.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                seen.lock().unwrap().push(path.clone());
                let file = dir.join(path.trim_start_matches('/'));
                let (status, body) = match std::fs::read(&file) {
                    Ok(bytes) if !path.contains("..") => ("200 OK", bytes),
                    _ => ("404 Not Found", b"not found\n".to_vec()),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
        });
        ReleaseHost { url, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// Runs a host's build command with `sh -c`, as Netlify does.
fn run(command: &str, dir: &Path, env: &[(&str, &str)]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env_remove("MEETCAL_CACHE")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn netlify(root: &Path) -> toml::Table {
    std::fs::read_to_string(root.join("netlify.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

fn workflow(root: &Path, name: &str) -> serde_yaml::Value {
    serde_yaml::from_str(
        &std::fs::read_to_string(root.join(".github/workflows").join(name)).unwrap(),
    )
    .unwrap()
}

/// The steps of a workflow's first job that has `run` steps.
fn steps(workflow: &serde_yaml::Value) -> Vec<serde_yaml::Value> {
    workflow["jobs"]
        .as_mapping()
        .unwrap()
        .values()
        .map(|job| job["steps"].as_sequence().unwrap().clone())
        .find(|steps| steps.iter().any(|s| s.get("run").is_some()))
        .expect("a job that runs commands")
}

/// Runs the `run` steps of a workflow in `dir` as GitHub's runner does
/// (`bash -e -o pipefail`), with the `${{ }}` expressions of `values`.
fn run_workflow(
    steps: &[serde_yaml::Value],
    dir: &Path,
    values: &[(&str, &str)],
    env: &[(&str, &str)],
) -> Vec<Output> {
    let mut outputs = Vec::new();
    for step in steps {
        let Some(script) = step.get("run").and_then(|r| r.as_str()) else {
            continue;
        };
        let mut script = script.to_string();
        for (expression, value) in values {
            script = script.replace(&format!("${{{{ {expression} }}}}"), value);
        }
        assert!(
            !script.contains("${{"),
            "an expression the test lacks: {script}"
        );
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c"])
            .arg(&script)
            .current_dir(dir)
            .env_remove("MEETCAL_CACHE")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{script}` failed:\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        outputs.push(out);
    }
    outputs
}

fn assert_built(site: &Path, url: &str) {
    let home = std::fs::read_to_string(site.join("public/index.html"))
        .unwrap_or_else(|_| panic!("no public/index.html in {}", site.display()));
    assert!(
        home.contains(&format!(r#"<link rel="canonical" href="{url}/">"#)),
        "the site is built for {url}"
    );
    let calendar = std::fs::read_to_string(site.join("public/calendar.ics"))
        .expect("public/calendar.ics was not built");
    assert!(
        calendar.contains("SUMMARY:Monthly meetup"),
        "the example series is in calendar.ics"
    );
}

#[test]
fn netlify_installs_the_checked_release_once_and_builds_the_calendar() {
    let (dir, origin, files) = calendar_and_release();
    let host = ReleaseHost::start(&files);
    let config = netlify(&origin);
    // Netlify's cache folder, moved into the test's own.
    let cache_setting = config["build"]["environment"]["MEETCAL_CACHE"]
        .as_str()
        .expect("netlify.toml names a cache folder");
    let cache = cache_setting
        .strip_prefix("/opt/build/cache/")
        .map(|rest| dir.path().join("netlify-cache").join(rest))
        .expect("the cache is in the folder Netlify keeps between builds");
    let cache = cache.to_str().unwrap();
    assert_eq!(config["build"]["publish"].as_str(), Some("public"));

    // The first build downloads the release for this platform, checks it
    // and keeps it.
    let netlify_build = |context: &toml::Value, clone_name: &str, (variable, url): (&str, &str)| {
        let site = clone(&origin, dir.path(), clone_name);
        let env = [
            (variable, url),
            ("MEETCAL_CACHE", cache),
            ("MEETCAL_RELEASE_URL", &host.url),
        ];
        let out = run(context["command"].as_str().unwrap(), &site, &env);
        assert!(
            out.status.success(),
            "the {clone_name} build failed:\n{}",
            text(&out.stderr)
        );
        assert_built(&site, url);
        out
    };
    netlify_build(
        &config["build"],
        "production",
        ("URL", "https://lyon-web.netlify.app"),
    );
    let requests = host.requests();
    let [archive, sum] = requests.as_slice() else {
        panic!("one archive and its checksum, not {requests:?}")
    };
    let target = archive
        .strip_prefix("/meetcal-")
        .and_then(|a| a.strip_suffix(".tar.gz"))
        .unwrap_or_else(|| panic!("not a release archive: {archive}"));
    assert!(
        release_targets().iter().any(|t| t == target),
        "{target} is not built by the release workflow"
    );
    assert_eq!(sum, &format!("/meetcal-{target}.sha256"));

    // A deploy preview, in a fresh clone: meetcal comes from the cache.
    let out = netlify_build(
        &config["context"]["deploy-preview"],
        "preview",
        (
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-7--lyon-web.netlify.app",
        ),
    );
    assert_eq!(
        host.requests().len(),
        2,
        "the preview downloaded meetcal again"
    );
    assert!(
        text(&out.stderr).contains("from the build cache"),
        "{}",
        text(&out.stderr)
    );
}

/// A site published under a path (proxied from its host's `/cal/`):
/// production builds for that address, which Netlify's `$URL` lacks, and
/// previews for their own, where Netlify serves them at the root.
#[test]
fn netlify_builds_a_site_under_a_path_for_its_address_and_previews_for_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let origin = new_calendar_with(dir.path(), &["--base-url", "https://example.org/cal/"]);
    // Netlify's cache, as an earlier build left it: no release needed.
    let cache = dir.path().join("cache");
    let installed = cache.join(env!("CARGO_PKG_VERSION"));
    std::fs::create_dir_all(&installed).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_meetcal"), installed.join("meetcal")).unwrap();
    let config = netlify(&origin);
    let builds = [
        (
            "build",
            "https://lyon-web.netlify.app",
            "https://example.org/cal",
        ),
        (
            "deploy-preview",
            "https://deploy-preview-7--lyon-web.netlify.app",
            "https://deploy-preview-7--lyon-web.netlify.app",
        ),
    ];
    for (context, netlify_url, built_for) in builds {
        let command = match context {
            "build" => &config["build"]["command"],
            _ => &config["context"][context]["command"],
        };
        let site = clone(&origin, dir.path(), context);
        let env = [
            ("URL", "https://lyon-web.netlify.app"),
            ("DEPLOY_PRIME_URL", netlify_url),
            ("MEETCAL_CACHE", cache.to_str().unwrap()),
        ];
        let out = run(command.as_str().unwrap(), &site, &env);
        assert!(out.status.success(), "{context}: {}", text(&out.stderr));
        assert_built(&site, built_for);
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        let root = match context {
            "build" => "/cal/",
            _ => "/",
        };
        assert!(
            home.contains(&format!(r#"<link rel="stylesheet" href="{root}style."#)),
            "{context}: {home}"
        );
    }
}

#[test]
fn a_release_that_does_not_match_its_checksum_is_refused() {
    let (dir, origin, files) = calendar_and_release();
    // Every checksum file now names another archive's contents.
    for entry in std::fs::read_dir(&files).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sha256") {
            let line = std::fs::read_to_string(&path).unwrap();
            let (hash, name) = line.split_once(' ').unwrap();
            let flipped: String = hash
                .chars()
                .map(|c| if c == '0' { '1' } else { '0' })
                .collect();
            std::fs::write(&path, format!("{flipped} {name}")).unwrap();
        }
    }
    let host = ReleaseHost::start(&files);
    let site = clone(&origin, dir.path(), "site");
    let cache = dir.path().join("cache");
    let out = run(
        netlify(&origin)["build"]["command"].as_str().unwrap(),
        &site,
        &[
            ("URL", "https://lyon-web.netlify.app"),
            ("MEETCAL_CACHE", cache.to_str().unwrap()),
            ("MEETCAL_RELEASE_URL", &host.url),
        ],
    );
    assert_ne!(out.status.code(), Some(0), "a bad release was accepted");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("refusing") && stderr.contains("SHA-256 checksum"),
        "{stderr}"
    );
    assert!(
        !site.join(".meetcal/bin/meetcal").exists(),
        "the refused binary was installed"
    );
    let cached: Vec<_> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(
        cached.is_empty(),
        "the refused binary was cached: {cached:?}"
    );
    assert!(!site.join("public").exists(), "the build went on");
}

#[test]
fn the_github_workflows_install_the_release_once_and_check_and_publish() {
    let (dir, origin, files) = calendar_and_release();
    let host = ReleaseHost::start(&files);
    let env = [("MEETCAL_RELEASE_URL", host.url.as_str())];

    let mut cached_paths = Vec::new();
    for name in ["check.yml", "pages.yml"] {
        let steps = steps(&workflow(&origin, name));
        let uses = |action: &str| {
            steps
                .iter()
                .find(|s| {
                    s.get("uses")
                        .and_then(|u| u.as_str())
                        .is_some_and(|u| u.starts_with(&format!("{action}@")))
                })
                .unwrap_or_else(|| panic!("{name} uses no {action}"))
        };
        // The feeds need the whole history.
        assert_eq!(
            uses("actions/checkout")["with"]["fetch-depth"].as_u64(),
            Some(0),
            "{name}: fetch-depth"
        );
        // meetcal is cached, under a key that changes with the pinned version.
        let cache = &uses("actions/cache")["with"];
        assert!(
            cache["key"]
                .as_str()
                .unwrap()
                .contains("hashFiles('scripts/install-meetcal.sh')"),
            "{name}: {cache:?}"
        );
        cached_paths.push(cache["path"].as_str().unwrap().trim().to_string());
    }
    assert_eq!(cached_paths, [".meetcal/bin", ".meetcal/bin"]);

    // The pull-request check, in a fresh clone: it downloads meetcal.
    let check = clone(&origin, dir.path(), "check");
    let outputs = run_workflow(&steps(&workflow(&origin, "check.yml")), &check, &[], &env);
    assert_eq!(host.requests().len(), 2, "{:?}", host.requests());
    let checked = outputs.last().unwrap();
    assert!(
        text(&checked.stderr).starts_with("ok: "),
        "{}",
        text(&checked.stderr)
    );

    // The Pages build, in another clone with the cached folder restored.
    let pages = clone(&origin, dir.path(), "pages");
    copy_tree(&check.join(".meetcal/bin"), &pages.join(".meetcal/bin"));
    run_workflow(
        &steps(&workflow(&origin, "pages.yml")),
        &pages,
        &[(
            "steps.pages.outputs.base_url",
            "https://lyon.github.io/calendar",
        )],
        &env,
    );
    assert_eq!(
        host.requests().len(),
        2,
        "the cached meetcal was downloaded again"
    );
    assert_built(&pages, "https://lyon.github.io/calendar");
}

#[test]
fn the_pull_request_check_runs_on_every_pull_request() {
    // deploying.md has organizers make the check required. GitHub leaves a
    // required check that a path filter skipped pending, which blocks the
    // pull request; and a new `version=` in scripts/install-meetcal.sh,
    // the way to upgrade meetcal, must be checked too.
    let dir = tempfile::tempdir().unwrap();
    let origin = new_calendar(dir.path());
    let check = workflow(&origin, "check.yml");
    let trigger = &check["on"]["pull_request"];
    assert!(
        trigger.get("paths").is_none() && trigger.get("paths-ignore").is_none(),
        "check.yml skips some pull requests: {trigger:?}"
    );
}

#[test]
fn the_sync_workflow_imports_daily_and_opens_a_pull_request() {
    let dir = tempfile::tempdir().unwrap();
    let origin = new_calendar(dir.path());
    let sync = workflow(&origin, "sync.yml");
    let cron = sync["on"]["schedule"][0]["cron"].as_str();
    assert!(
        cron.is_some_and(|c| c.split(' ').nth(2) == Some("*")),
        "{cron:?}"
    );
    let steps = steps(&sync);
    let runs: Vec<&str> = steps
        .iter()
        .filter_map(|s| s.get("run")?.as_str())
        .collect();
    // Installed as check.yml and pages.yml install it, then run.
    assert!(runs.contains(&"sh scripts/install-meetcal.sh"), "{runs:?}");
    let sync_at = runs.iter().position(|r| r.contains("meetcal sync"));
    let check_at = runs.iter().position(|r| r.contains("meetcal check"));
    assert!(sync_at < check_at && sync_at.is_some(), "{runs:?}");
    // The pull request action, pinned to a released major version.
    let action = steps
        .iter()
        .filter_map(|s| s.get("uses")?.as_str())
        .find(|u| u.starts_with("peter-evans/create-pull-request@"))
        .expect("a create-pull-request step");
    let major = action.rsplit("@v").next().unwrap();
    assert!(major.parse::<u32>().is_ok_and(|v| v >= 7), "{action}");
}

#[test]
fn the_workflows_init_writes_pass_actionlint() {
    let available = Command::new("actionlint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !require_tool(available, "actionlint") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let origin = new_calendar(dir.path());
    let out = Command::new("actionlint")
        .args([
            ".github/workflows/check.yml",
            ".github/workflows/pages.yml",
            ".github/workflows/sync.yml",
        ])
        .current_dir(&origin)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint found problems:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// The Cloudflare Pages build command deploying.md gives, run as Pages runs
/// it: in a shallow clone, which is what Pages makes, and in a full one,
/// which a host may make too.
#[test]
fn the_cloudflare_pages_command_of_the_guide_builds_in_any_clone() {
    let guide = std::fs::read_to_string(repo().join("docs/deploying.md")).unwrap();
    let command = guide
        .split("```sh\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("$CF_PAGES_URL"))
        .expect("deploying.md gives a build command for Cloudflare Pages")
        .trim()
        .to_string();
    let (dir, origin, files) = calendar_and_release();
    // A second commit, so that a clone of depth 1 lacks some history.
    git(
        &origin,
        &["commit", "-q", "--allow-empty", "-m", "Later"],
        "2026-11-21T10:00:00+01:00",
    );
    let host = ReleaseHost::start(&files);
    let env = [
        ("CF_PAGES_URL", "https://lyon-web.pages.dev"),
        ("MEETCAL_RELEASE_URL", host.url.as_str()),
    ];
    let shallow = dir.path().join("shallow");
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", origin.display()))
        .arg(&shallow)
        .output()
        .unwrap();
    assert!(out.status.success(), "git clone: {}", text(&out.stderr));
    let full = clone(&origin, dir.path(), "full");
    for site in [shallow, full] {
        let out = run(&command, &site, &env);
        assert!(
            out.status.success(),
            "`{command}` failed in {}:\n{}",
            site.display(),
            text(&out.stderr)
        );
        assert_built(&site, "https://lyon-web.pages.dev");
        let is_shallow = Command::new("git")
            .args(["rev-parse", "--is-shallow-repository"])
            .current_dir(&site)
            .output()
            .unwrap();
        assert_eq!(text(&is_shallow.stdout), "false\n", "{}", site.display());
    }
}
