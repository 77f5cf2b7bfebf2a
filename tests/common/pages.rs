//! The fixture calendar of pages, built at a fixed `--now`, and its pages
//! read back: what the tests of the site's pages share.

use super::{fixture, meetcal, site_from, text};
use regex::Regex;
use std::path::Path;

/// The moment the pages fixture is built at.
pub const NOW: &str = "2027-01-05T12:00:00+01:00";

/// The pages fixture (tests/fixtures/pages) built at [`NOW`], in
/// `language` when one is given.
pub fn build(language: Option<&str>) -> tempfile::TempDir {
    build_fixture("fixtures/pages", language)
}

/// The fixture calendar `name` built at [`NOW`], in `language` when one
/// is given.
pub fn build_fixture(name: &str, language: Option<&str>) -> tempfile::TempDir {
    let site = site_from(&[&fixture(name)]);
    if let Some(language) = language {
        let path = site.path().join("content/site.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}language: {language}\n")).unwrap();
    }
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    site
}

/// A built page's text, by its path under `public/`.
pub fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path))
        .unwrap_or_else(|_| panic!("{path} was not generated"))
}

/// The JSON-LD a page carries, parsed.
pub fn json_ld(html: &str) -> serde_json::Value {
    let script = Regex::new(r#"(?s)<script type="application/ld\+json">(.*?)</script>"#).unwrap();
    let json = &script.captures(html).expect("JSON-LD")[1];
    serde_json::from_str(json).unwrap()
}
