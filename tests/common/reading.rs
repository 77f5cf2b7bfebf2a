//! Reading a neutralised site as a browser, a feed reader and a calendar
//! client would: what in it could run script, load from elsewhere, or
//! inject into a feed.

use super::ical;
use std::path::Path;

/// Every element the default theme and the description sanitizer can write.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "details",
    "summary",
    "div",
    "span",
    "p",
    "a",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "time",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    // A title among other words, in its own direction.
    "bdi",
    "code",
    "pre",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "label",
    "input",
    // The search page's form.
    "form",
    "select",
    "option",
    "button",
    "noscript",
];

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
];

/// `/local-time.0a1b2c3d.js`: a script file of the theme, on this site.
fn theme_script(src: &str) -> bool {
    let name = src.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    src.starts_with('/')
        && !src.starts_with("//")
        && !src.contains(['\\', ':', '?', '#'])
        && parts.len() == 3
        && parts[2] == "js"
        && parts[1].len() == 8
        && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
        && parts[0]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// What in an HTML document (or fragment) could run script, load something
/// from elsewhere, or is not what meetcal writes.
pub fn active_content(html: &str, fragment: bool) -> Vec<String> {
    let document = if fragment {
        scraper::Html::parse_fragment(html)
    } else {
        scraper::Html::parse_document(html)
    };
    let mut found = Vec::new();
    let mut ld_json = 0;
    for element in document.tree.nodes().filter_map(|n| n.value().as_element()) {
        let name = element.name();
        if !ELEMENTS.contains(&name) {
            found.push(format!("<{name}>"));
        }
        // The layouts' empty icon, which spares browsers asking for a
        // /favicon.ico: that one data: address and no other.
        let empty_icon = name == "link"
            && element.attr("rel") == Some("icon")
            && element.attr("href") == Some("data:,");
        match name {
            "script" if element.attr("type") == Some("application/ld+json") => ld_json += 1,
            // The theme's own script files, by their fingerprinted name on
            // this site; never inline text.
            "script" if element.attr("src").is_some_and(theme_script) => {}
            "script" => found.push("<script> that is neither JSON-LD nor a theme file".into()),
            "meta" if element.attr("http-equiv").is_some() => {
                found.push("<meta http-equiv>".into())
            }
            "link"
                if !empty_icon
                    && !matches!(
                        element.attr("rel"),
                        Some("canonical" | "alternate" | "stylesheet")
                    ) =>
            {
                found.push(format!("<link rel={:?}>", element.attr("rel")))
            }
            "input" if !matches!(element.attr("type"), Some("text" | "search" | "date")) => {
                found.push("<input>".into())
            }
            _ => {}
        }
        for (attribute, value) in element.attrs() {
            if attribute.starts_with("on") || matches!(attribute, "style" | "srcdoc") {
                found.push(format!("<{name} {attribute}>"));
            }
            if URL_ATTRIBUTES.contains(&attribute) && !safe_url(value) && !empty_icon {
                found.push(format!("<{name} {attribute}={value:?}>"));
            }
        }
    }
    if ld_json > 1 {
        found.push(format!("{ld_json} JSON-LD scripts"));
    }
    found
}

/// A URL a browser would follow without running anything: relative, or
/// http(s), mailto or webcal, once tabs and line breaks are removed as
/// browsers do.
fn safe_url(value: &str) -> bool {
    let cleaned: String = value
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let lowered = cleaned.to_ascii_lowercase();
    match lowered.split_once(':') {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/') =>
        {
            matches!(scheme, "http" | "https" | "mailto" | "webcal")
        }
        // No scheme: a relative address, or another site's (`//x.org/`).
        _ => true,
    }
}

/// The names of the properties meetcal writes in iCalendar feeds.
const ICS_PROPERTIES: &[&str] = &[
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "DESCRIPTION",
    "X-WR-CALDESC",
    "URL",
    "SOURCE",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "TZNAME",
    "DTSTART",
    "RDATE",
    "RRULE",
    "UID",
    "DTSTAMP",
    "CREATED",
    "LAST-MODIFIED",
    "SEQUENCE",
    "DTEND",
    "DURATION",
    "SUMMARY",
    "STATUS",
    "LOCATION",
    "GEO",
    "CATEGORIES",
    "CONFERENCE",
    "X-MEETCAL-GROUP",
    "EXDATE",
    "RECURRENCE-ID",
];

const ICS_COMPONENTS: &[&str] = &["VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT"];

/// What in an iCalendar file is not well formed (see [`ical`]) or not what
/// meetcal writes: a property or component of another kind, a control
/// character, a line break that ends no line.
pub fn ics_problems(ics: &str) -> Vec<String> {
    let mut found = Vec::new();
    if !ics.ends_with("\r\n") || ics.contains(|c: char| c.is_control() && !"\r\n\t".contains(c)) {
        found.push("a control character, or no final CRLF".to_string());
    }
    let line_ends = ics.matches("\r\n").count();
    if ics.matches('\r').count() != line_ends || ics.matches('\n').count() != line_ends {
        found.push("a bare line break".to_string());
    }
    let calendar = match ical::parse(ics) {
        Ok(calendar) => calendar,
        Err(e) => {
            found.push(e);
            return found;
        }
    };
    found.extend(ical::rfc5545_problems(&calendar));
    let mut every = vec![&calendar];
    while let Some(component) = every.pop() {
        if !ICS_COMPONENTS.contains(&component.name.as_str()) {
            found.push(format!("component {}", component.name));
        }
        for property in &component.properties {
            if !ICS_PROPERTIES.contains(&property.name.as_str()) {
                found.push(format!("unknown property in {:?}", property.line));
            }
        }
        every.extend(&component.components);
    }
    found
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The checks every neutralised site passes, file by file.
pub fn neutralised(public: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(public).follow_links(false) {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry
            .path()
            .strip_prefix(public)
            .unwrap()
            .display()
            .to_string();
        if entry.path_is_symlink() {
            problems.push(format!("{path}: a symbolic link in the output"));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let Ok(content) = String::from_utf8(bytes) else {
            if !path.ends_with(".css") {
                problems.push(format!("{path}: not UTF-8"));
            }
            continue;
        };
        let mut found = Vec::new();
        if path.ends_with(".js") && !theme_script(&format!("/{path}")) {
            found.push("a script that is not the theme's".into());
        }
        if path.ends_with(".html") {
            pages += 1;
            found.extend(active_content(&content, false));
            for block in content
                .split(r#"<script type="application/ld+json">"#)
                .skip(1)
            {
                let json = block.split("</script>").next().unwrap();
                if json.contains('<') || serde_json::from_str::<serde_json::Value>(json).is_err() {
                    found.push("JSON-LD that is not plain JSON".into());
                }
            }
        } else if path.ends_with(".ics") {
            found.extend(ics_problems(&content));
        } else if path.ends_with("feed.xml") {
            for part in content.split("<description>").skip(1) {
                let html = xml_unescape(part.split("</description>").next().unwrap());
                found.extend(active_content(&html, true));
            }
            for part in content.split("<title>").skip(1) {
                let title = xml_unescape(part.split("</title>").next().unwrap());
                if title.contains('<') {
                    found.push(format!("markup in an RSS title: {title:?}"));
                }
            }
        } else if path.ends_with(".json") {
            let value: serde_json::Value =
                serde_json::from_str(&content).map_err(|e| format!("{path}: {e}"))?;
            let mut html = Vec::new();
            json_strings(&value, "", &mut html);
            for (key, text) in html {
                if key.ends_with("_html") {
                    found.extend(active_content(&text, true));
                } else if key == "title" && text.contains('<') && path.ends_with("feed.json") {
                    found.push(format!("markup in a JSON Feed title: {text:?}"));
                }
            }
        }
        problems.extend(found.into_iter().map(|f| format!("{path}: {f}")));
    }
    if pages < 5 {
        problems.push(format!("only {pages} pages built"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn json_strings(value: &serde_json::Value, key: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((key.to_string(), s.clone())),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, key, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| json_strings(v, k, out)),
        _ => {}
    }
}
