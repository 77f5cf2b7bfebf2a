//! `_headers`: the HTTP headers for Netlify (and hosts that read the same
//! file), derived from the files actually built, so every feed gets its
//! content type and every fingerprinted asset a long cache life.

use crate::output::OutputFile;
use std::fmt::Write as _;

/// Pages may load only the site's own stylesheet and images; no script runs.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Feeds change when the calendar does: let clients and CDNs keep them 15 minutes.
const FEED_CACHE: &str = "public, max-age=900";
const ASSET_CACHE: &str = "public, max-age=31536000, immutable";

/// Where every build publishes the JSON Schema of event files, for editors
/// (docs/events.md gives the address).
pub const EVENT_SCHEMA_PATH: &str = "schema/event.schema.json";

/// The JSON Schema of event files, as published.
pub fn event_schema() -> OutputFile {
    OutputFile::new(
        EVENT_SCHEMA_PATH,
        include_str!("../../docs/schema/event.schema.json"),
    )
}

/// Headers for one built file, beyond the site-wide ones.
pub fn headers_for(path: &str, fingerprinted: bool) -> Vec<(&'static str, &'static str)> {
    let feed = |content_type| {
        vec![
            ("Content-Type", content_type),
            ("Access-Control-Allow-Origin", "*"),
            ("Cache-Control", FEED_CACHE),
        ]
    };
    if fingerprinted {
        return vec![("Cache-Control", ASSET_CACHE)];
    }
    match path.rsplit('/').next().unwrap_or(path) {
        name if name.ends_with(".ics") => feed("text/calendar; charset=utf-8"),
        "feed.xml" => feed("application/rss+xml; charset=utf-8"),
        "feed.json" => feed("application/feed+json; charset=utf-8"),
        "events.json" => feed("application/json; charset=utf-8"),
        // Editors on other sites may fetch it, as they fetch the feeds.
        "event.schema.json" if path.ends_with(EVENT_SCHEMA_PATH) => vec![
            ("Content-Type", "application/schema+json; charset=utf-8"),
            ("Access-Control-Allow-Origin", "*"),
        ],
        _ => Vec::new(),
    }
}

/// `paths` are every file of the site, relative, with `/` separators.
pub fn headers_file(paths: &[String], assets: &[&str]) -> OutputFile {
    let mut text = format!(
        "# Written by meetcal build.\n/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
    );
    let mut paths: Vec<&String> = paths.iter().collect();
    paths.sort();
    for path in paths {
        let headers = headers_for(path, assets.contains(&path.as_str()));
        if headers.is_empty() {
            continue;
        }
        let _ = writeln!(text, "/{path}");
        for (name, value) in headers {
            let _ = writeln!(text, "  {name}: {value}");
        }
    }
    OutputFile::new("_headers", text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_get_their_types_and_assets_a_long_life() {
        let files = [
            "calendar.ics".to_string(),
            "groups/a/calendar.ics".to_string(),
            "style.0a1b2c3d.css".to_string(),
            "index.html".to_string(),
            EVENT_SCHEMA_PATH.to_string(),
        ];
        let text = String::from_utf8(headers_file(&files, &["style.0a1b2c3d.css"]).bytes).unwrap();
        assert!(text.contains("/groups/a/calendar.ics\n  Content-Type: text/calendar; charset=utf-8\n  Access-Control-Allow-Origin: *\n"));
        assert!(text.contains(
            "/style.0a1b2c3d.css\n  Cache-Control: public, max-age=31536000, immutable\n"
        ));
        assert!(!text.contains("/index.html"));
        assert!(text.contains(
            "/schema/event.schema.json\n  Content-Type: application/schema+json; charset=utf-8\n"
        ));
        assert!(text.starts_with(
            "# Written by meetcal build.\n/*\n  Content-Security-Policy: default-src 'none';"
        ));
    }
}
