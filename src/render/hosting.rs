//! `_headers`: the HTTP headers for Netlify (and hosts that read the same
//! file), derived from the files actually built, so every feed gets its
//! content type and every fingerprinted asset a long cache life.

use crate::output::OutputFile;
use crate::text::xml::{escape_xml, push_escaped_xml};
use crate::urls::{
    self, EMBED_FOLDER, EVENTS_JSON, EVENTS_PAGE, GROUPS_PAGE, NEWS_JSON, NEWS_RSS, SEARCH_JSON,
    TAGS_PAGE, VENUES_PAGE,
};
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Pages may load only the site's own stylesheet, images and scripts, and
/// fetch only from the site: the search page's script reads the search
/// index, and the visitor's local time is added by a script on event pages. No inline script or style, no `eval`. Content files cannot put a
/// script in the site (every file they make is a page or a feed, and
/// `nosniff` keeps a browser from running those as scripts), so the only
/// scripts are the theme's. Forms may send only to the site (the search
/// form, when JavaScript is off).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Feeds change when the calendar does: let clients and CDNs keep them 15 minutes.
const FEED_CACHE: &str = "public, max-age=900";
const ASSET_CACHE: &str = "public, max-age=31536000, immutable";

/// Where every build publishes the JSON Schema of event files, for editors
/// (docs/events.md gives the address).
pub const EVENT_SCHEMA_PATH: &str = "schema/event.schema.json";

const EVENT_SCHEMA: &str = include_str!("../../docs/schema/event.schema.json");

/// The JSON Schema of event files, as published by the site at `base_url`:
/// its `$id` is the address it is published at there.
pub fn event_schema(base_url: &str) -> OutputFile {
    let id = format!("{base_url}{EVENT_SCHEMA_PATH}");
    OutputFile::new(EVENT_SCHEMA_PATH, with_id(EVENT_SCHEMA, &id))
}

/// `schema` (JSON text) with its `$id` set to `id`, as docs/ writes it
/// otherwise: only that string changes, whatever the layout around it.
fn with_id(schema: &str, id: &str) -> String {
    let parsed: serde_json::Value = serde_json::from_str(schema).expect("docs/schema: JSON");
    let old = parsed["$id"].to_string();
    assert!(old.starts_with('"'), "docs/schema: a string $id");
    // `$schema` comes first, and names another address.
    schema.replacen(&old, &serde_json::Value::from(id).to_string(), 1)
}

/// A header's name and value.
type Header = (&'static str, &'static str);

/// Headers for one built file, beyond the site-wide ones: one of a few
/// fixed lists, so that going through twenty thousand files allocates
/// nothing.
fn headers_for(path: &str, fingerprinted: bool) -> &'static [Header] {
    const fn feed(content_type: &'static str) -> [Header; 3] {
        [
            ("Content-Type", content_type),
            ("Access-Control-Allow-Origin", "*"),
            ("Cache-Control", FEED_CACHE),
        ]
    }
    const CALENDAR: [Header; 3] = feed(CALENDAR_TYPE);
    const RSS: [Header; 3] = feed(RSS_TYPE);
    const FEED_JSON: [Header; 3] = feed(FEED_JSON_TYPE);
    const DATA: [Header; 3] = feed(JSON_TYPE);
    if fingerprinted {
        return &[("Cache-Control", ASSET_CACHE)];
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".ics") {
        return &CALENDAR;
    }
    match name {
        NEWS_RSS => &RSS,
        NEWS_JSON => &FEED_JSON,
        EVENTS_JSON => &DATA,
        // Read by the search page only, so not offered to other sites.
        _ if path == SEARCH_JSON => &[("Content-Type", JSON_TYPE), ("Cache-Control", FEED_CACHE)],
        // Editors on other sites may fetch it, as they fetch the feeds.
        _ if path.ends_with(EVENT_SCHEMA_PATH) => &[
            ("Content-Type", SCHEMA_TYPE),
            ("Access-Control-Allow-Origin", "*"),
        ],
        _ => &[],
    }
}

const CALENDAR_TYPE: &str = "text/calendar; charset=utf-8";
const RSS_TYPE: &str = "application/rss+xml; charset=utf-8";
const FEED_JSON_TYPE: &str = "application/feed+json; charset=utf-8";
const JSON_TYPE: &str = "application/json; charset=utf-8";
const SCHEMA_TYPE: &str = "application/schema+json; charset=utf-8";

/// The media type of a site file, the one table for `_headers` and for
/// `meetcal serve`: the feeds' by name, others by extension. XML files
/// other than `feed.xml` are told apart by their root element in `bytes`.
pub fn media_type(path: &str, bytes: &[u8]) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        NEWS_RSS => return RSS_TYPE,
        NEWS_JSON => return FEED_JSON_TYPE,
        EVENTS_JSON | SEARCH_JSON => return JSON_TYPE,
        "event.schema.json" if path.ends_with(EVENT_SCHEMA_PATH) => return SCHEMA_TYPE,
        _ => {}
    }
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "ics" => CALENDAR_TYPE,
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => {
            let start = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
            if start.contains("<rss") {
                "application/rss+xml"
            } else if start.contains("<feed") {
                "application/atom+xml"
            } else {
                "application/xml"
            }
        }
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The policy of the embeddable pages: the site's, but any site may frame
/// them.
pub fn embed_content_security_policy() -> String {
    CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
}

/// `paths` are every file of the site, relative, with `/` separators.
///
/// Hosts disagree on what a response gets when several rules with one
/// header match it (Netlify keeps the last, others join them), so every
/// path matches exactly one rule that sets the policy. Outside the folders
/// of group, tag and venue pages that is one rule per top-level file or
/// folder. Inside them, `:slug` placeholders (one path segment) give each
/// kind of file its rule, and `/groups/:slug/embed/*` is the only rule that
/// lets other sites frame its pages.
pub fn headers_file(paths: &[impl AsRef<str>], assets: &[&str]) -> OutputFile {
    let mut text = String::from(
        "# Written by meetcal build.\n/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
    );
    let mut paths: Vec<&str> = paths.iter().map(AsRef::as_ref).collect();
    paths.sort_unstable();
    // A few dozen rules for tens of thousands of paths: each path's rule is
    // written into one buffer and kept only the first time it is seen.
    let mut rules: Vec<String> = Vec::new();
    let mut embed_rules: Vec<String> = Vec::new();
    let mut rule = String::new();
    for path in &paths {
        // A folder's page is asked for by the folder's name too.
        let folder = path.strip_suffix("index.html");
        for request in std::iter::once(*path).chain(folder) {
            let embeds = policy_rule(request, &mut rule);
            let list = if embeds { &mut embed_rules } else { &mut rules };
            if !list.iter().rev().any(|known| *known == rule) {
                list.push(rule.clone());
            }
        }
    }
    for rule in rules {
        let _ = writeln!(
            text,
            "{rule}\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}"
        );
    }
    for rule in embed_rules {
        let _ = writeln!(
            text,
            "{rule}\n  Content-Security-Policy: {}",
            embed_content_security_policy()
        );
    }
    // Files of one name in the folders of events, groups, tags and venues
    // share a rule (`/events/:slug/event.ics`) when they share their
    // headers: a rule per event's feed made a 10,000-event calendar's
    // `_headers` 1.7 MB.
    let headers: Vec<(&str, Option<PageFolderFile>, &[Header])> = paths
        .iter()
        .map(|path| {
            let its = headers_for(path, assets.contains(path));
            (*path, named_in_page_folder(path), its)
        })
        .collect();
    let mut shared: HashMap<PageFolderFile, Option<&[Header]>, FxBuildHasher> = HashMap::default();
    for (_, rule, its) in &headers {
        if let Some(rule) = rule {
            shared
                .entry(*rule)
                .and_modify(|first| {
                    if first.is_some_and(|first| first != *its) {
                        *first = None;
                    }
                })
                .or_insert(Some(its));
        }
    }
    // Rules as written, without their leading `/`; a shared one is looked
    // up by its parts first, so that it is spelled out once.
    let mut written: HashSet<Cow<str>, FxBuildHasher> = HashSet::default();
    let mut shared_written: HashSet<PageFolderFile, FxBuildHasher> = HashSet::default();
    for (path, rule, its) in &headers {
        if its.is_empty() {
            continue;
        }
        let rule = match rule.filter(|rule| shared.get(rule).is_some_and(Option::is_some)) {
            Some(file) if !shared_written.insert(file) => continue,
            Some((top, name)) => Cow::Owned(format!("{top}/:slug/{name}")),
            None => Cow::Borrowed(*path),
        };
        if written.contains(rule.as_ref()) {
            continue;
        }
        let _ = writeln!(text, "/{rule}");
        for (name, value) in *its {
            let _ = writeln!(text, "  {name}: {value}");
        }
        written.insert(rule);
    }
    OutputFile::new("_headers", text)
}

/// A file beside the page of an event, group, tag or venue, as its folder
/// of pages and its name: `("events", "event.ics")` for
/// `events/x/event.ics`, whose rule is `/events/:slug/event.ics`.
type PageFolderFile<'a> = (&'a str, &'a str);

fn named_in_page_folder(path: &str) -> Option<PageFolderFile<'_>> {
    let mut segments = path.split('/');
    let (Some(top), Some(_slug), Some(name), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return None;
    };
    let in_page_folders = is_slug_folder(top) || EVENTS_PAGE.strip_suffix('/') == Some(top);
    (in_page_folders && !name.is_empty()).then_some((top, name))
}

/// Whether the folder `name` (`groups`) holds a page per group, tag or
/// venue, each with an embed.
fn is_slug_folder(name: &str) -> bool {
    [GROUPS_PAGE, TAGS_PAGE, VENUES_PAGE]
        .iter()
        .any(|folder| folder.strip_suffix('/') == Some(name))
}

/// Writes into `rule` the rule that gives the request path `path`
/// (`/groups/a/`) its policy; returns whether it is an embed's. In the
/// folders of group, tag and venue pages, `/groups/:slug/` covers both the
/// files beside the index and each page's folder, the files in a page's
/// folder have a rule per name, and the embed one of its own.
fn policy_rule(path: &str, rule: &mut String) -> bool {
    let trimmed = path.trim_start_matches('/');
    let is_folder = trimmed.is_empty() || trimmed.ends_with('/');
    let mut segments = trimmed
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty());
    let segments = [
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ];
    rule.clear();
    let mut embeds = false;
    let _ = match segments {
        [None, ..] => write!(rule, "/"),
        [Some(top), None, ..] if !is_folder => write!(rule, "/{top}"),
        [Some(top), ..] if !is_slug_folder(top) => write!(rule, "/{top}/*"),
        [Some(top), None, ..] => write!(rule, "/{top}/"),
        [Some(top), Some(_), None, _] => write!(rule, "/{top}/:slug/"),
        [Some(top), Some(_), Some(third), _] if EMBED_FOLDER.strip_suffix('/') == Some(third) => {
            embeds = true;
            write!(rule, "/{top}/:slug/{EMBED_FOLDER}*")
        }
        [Some(top), Some(_), Some(third), None] if !is_folder => {
            write!(rule, "/{top}/:slug/{third}")
        }
        [Some(top), Some(_), Some(third), _] => write!(rule, "/{top}/:slug/{third}/*"),
    };
    embeds
}

/// The files [`sitemap`] makes, in its order.
pub const SITEMAP_FILES: [&str; 2] = ["sitemap.xml", "robots.txt"];

/// `sitemap.xml` listing every page, and `robots.txt` pointing to it.
/// `paths` are every file of the site, relative, with `/` separators.
pub fn sitemap(base_url: &str, paths: &[impl AsRef<str>]) -> Vec<OutputFile> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Embeds are parts of other sites' pages, not pages to find.
    let mut paths: Vec<&str> = paths
        .iter()
        .map(AsRef::as_ref)
        .filter(|path| !urls::is_embed(path))
        .filter_map(|path| path.strip_suffix("index.html"))
        .collect();
    paths.sort();
    let base = escape_xml(base_url);
    for path in paths {
        xml.push_str("  <url><loc>");
        xml.push_str(&base);
        push_escaped_xml(&mut xml, path);
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n");
    let [sitemap, robots_txt] = SITEMAP_FILES;
    vec![
        OutputFile::new(sitemap, xml),
        OutputFile::new(robots_txt, robots),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_schema_is_identified_by_its_address_on_the_site() {
        let file = event_schema("https://lyon.github.io/calendar/");
        let mut schema: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
        assert_eq!(
            schema["$id"],
            "https://lyon.github.io/calendar/schema/event.schema.json"
        );
        // Nothing else changes.
        let mut source: serde_json::Value = serde_json::from_str(EVENT_SCHEMA).unwrap();
        schema["$id"].take();
        source["$id"].take();
        assert_eq!(schema, source);
    }

    #[test]
    fn can_set_an_id_whatever_the_layout() {
        for layout in [
            r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://a.example/s.json", "title": "a"}"#,
            "{\n  \"$id\":\"https://a.example/s.json\"\n}",
            "{ \"title\": \"x\",\n  \"$id\" :  \"https://a.example/s.json\" }",
        ] {
            let changed: serde_json::Value =
                serde_json::from_str(&with_id(layout, "https://b.example/\"q\".json")).unwrap();
            assert_eq!(changed["$id"], "https://b.example/\"q\".json", "{layout}");
        }
    }

    #[test]
    fn feeds_get_their_types_and_assets_a_long_life() {
        let files = [
            "calendar.ics".to_string(),
            "groups/a/calendar.ics".to_string(),
            "events/a/event.ics".to_string(),
            "events/b/event.ics".to_string(),
            "events/a/app.css".to_string(),
            "events/b/app.css".to_string(),
            "style.0a1b2c3d.css".to_string(),
            "index.html".to_string(),
            EVENT_SCHEMA_PATH.to_string(),
            SEARCH_JSON.to_string(),
        ];
        let assets = ["style.0a1b2c3d.css", "events/a/app.css"];
        let text = String::from_utf8(headers_file(&files, &assets).bytes).unwrap();
        assert!(text.contains("/groups/:slug/calendar.ics\n  Content-Type: text/calendar; charset=utf-8\n  Access-Control-Allow-Origin: *\n"));
        // Every event's feed under one rule, written once.
        assert_eq!(
            text.matches("\n/events/:slug/event.ics\n").count(),
            1,
            "{text}"
        );
        assert!(!text.contains("/events/a/event.ics"), "{text}");
        // Files of one name whose headers differ keep a rule each.
        assert!(!text.contains("/events/:slug/app.css"), "{text}");
        assert!(text.contains(
            "\n/events/a/app.css\n  Cache-Control: public, max-age=31536000, immutable\n"
        ));
        assert!(text.contains(
            "/style.0a1b2c3d.css\n  Cache-Control: public, max-age=31536000, immutable\n"
        ));
        assert!(text.contains(
            "/schema/event.schema.json\n  Content-Type: application/schema+json; charset=utf-8\n"
        ));
        assert!(text.contains(
            "/search.json\n  Content-Type: application/json; charset=utf-8\n  Cache-Control: public, max-age=900\n"
        ));
        assert!(text
            .starts_with("# Written by meetcal build.\n/*\n  X-Content-Type-Options: nosniff\n"));
    }

    #[test]
    fn every_path_gets_one_policy_and_only_embeds_may_be_framed() {
        let files: Vec<String> = [
            "index.html",
            "calendar.ics",
            "events/a/index.html",
            "groups/index.html",
            "groups/a/index.html",
            "groups/a/calendar.ics",
            "groups/a/embed/index.html",
            "tags/b/embed/index.html",
            "style.0a1b2c3d.css",
        ]
        .map(String::from)
        .to_vec();
        let text = String::from_utf8(headers_file(&files, &[]).bytes).unwrap();
        let mut rule = "";
        let mut policies: Vec<(&str, &str)> = Vec::new();
        for line in text.lines() {
            if line.starts_with('/') {
                rule = line;
            } else if let Some(policy) = line.trim().strip_prefix("Content-Security-Policy: ") {
                policies.push((rule, policy));
            }
        }
        // Request paths: each file's, and a folder's for its page.
        let requests = files.iter().flat_map(|path| {
            let folder = path.strip_suffix("index.html").map(|f| format!("/{f}"));
            std::iter::once(format!("/{path}")).chain(folder)
        });
        for path in requests {
            let matching: Vec<&(&str, &str)> = policies
                .iter()
                .filter(|(rule, _)| matches(rule, &path))
                .collect();
            assert_eq!(matching.len(), 1, "{path}: {matching:?}");
            let framing = if urls::is_embed(&path) {
                "frame-ancestors *"
            } else {
                "frame-ancestors 'none'"
            };
            assert!(matching[0].1.ends_with(framing), "{path}: {matching:?}");
        }
        assert!(urls::is_embed("/groups/a/embed/index.html"));
        assert!(!urls::is_embed("/events/embed/index.html"));
        assert!(!urls::is_embed("/groups/embed/"));
    }

    /// Netlify's matching: `*` is the rest of the path, `:name` one
    /// segment, a trailing slash optional.
    fn matches(rule: &str, path: &str) -> bool {
        let rule: Vec<&str> = rule.trim_end_matches('/').split('/').collect();
        let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        for (i, part) in rule.iter().enumerate() {
            match (*part, path.get(i)) {
                ("*", _) => return path.len() >= i,
                (_, None) => return false,
                (p, Some(s)) if p.starts_with(':') && !s.is_empty() => {}
                (p, Some(s)) if p == *s => {}
                _ => return false,
            }
        }
        rule.len() == path.len()
    }

    #[test]
    fn a_file_s_headers_give_the_media_type_it_is_served_with() {
        for path in [
            "calendar.ics",
            "events/a/event.ics",
            "feed.xml",
            "feed.json",
            "events.json",
            SEARCH_JSON,
            EVENT_SCHEMA_PATH,
        ] {
            let its = headers_for(path, false);
            let content_type = its.iter().find(|(name, _)| *name == "Content-Type");
            assert_eq!(
                content_type.map(|(_, value)| *value),
                Some(media_type(path, b"")),
                "{path}"
            );
        }
        assert_eq!(headers_for("index.html", false), &[]);
    }

    #[test]
    fn names_the_media_type_of_every_kind_of_file() {
        assert_eq!(media_type("index.html", b""), "text/html; charset=utf-8");
        assert_eq!(media_type("style.css", b""), "text/css; charset=utf-8");
        assert_eq!(
            media_type("groups/a/calendar.ics", b""),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            media_type("sitemap.xml", b"<?xml version=\"1.0\"?><urlset>"),
            "application/xml"
        );
        assert_eq!(
            media_type("feed.xml", b""),
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(
            media_type("tags/a/rss.xml", b"<?xml version=\"1.0\"?>\n<rss>"),
            "application/rss+xml"
        );
        assert_eq!(
            media_type("events.json", b"[]"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            media_type("search.json", b"{}"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            media_type("search.0a1b2c3d.js", b""),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(media_type("other.json", b"[]"), "application/json");
        assert_eq!(
            media_type("feed.json", b"{}"),
            "application/feed+json; charset=utf-8"
        );
        assert_eq!(media_type("robots.txt", b""), "text/plain; charset=utf-8");
        assert_eq!(media_type("LICENSE", b""), "application/octet-stream");
    }
}
