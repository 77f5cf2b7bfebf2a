//! What the server adds to pages: the live-reload script, and the page shown
//! while the content does not build.

use crate::render::html::escaped;

/// Served at [`SCRIPT_PATH`]; an external file rather than an inline script,
/// so a page served with a strict Content-Security-Policy still reloads.
pub const RELOAD_JS: &str = include_str!("reload.js");
pub const SCRIPT_PATH: &str = "/__meetcal/reload.js";
/// The Server-Sent Events stream the script listens to.
pub const EVENTS_PATH: &str = "/__meetcal/reload";

/// `html` with the reload script before its last `</body>` (or at the end).
/// `generation` is the snapshot the page comes from: the script asks to be
/// told as soon as the server has a newer one.
pub fn with_reload_script(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page every HTML address shows while the build fails: the messages
/// exactly as the terminal shows them.
pub fn failure(messages: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>The calendar does not build · meetcal serve</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; padding: 1rem; border-left: 0.3rem solid #c62828; background: rgba(198, 40, 40, 0.08); }}
</style>
</head>
<body>
<h1>The calendar does not build</h1>
<p>Fix the files below and save: this page reloads by itself. Until then, the other files of the last good build are still served.</p>
<pre>{}</pre>
</body>
</html>
"#,
        escaped(messages.trim_end())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_insert_the_script_before_the_last_body_end() {
        let page = with_reload_script(b"<body><p>`</body>` in code</p>\n</BODY>\n</html>", 7);
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            "<body><p>`</body>` in code</p>\n<script src=\"/__meetcal/reload.js\" data-generation=\"7\"></script>\n</BODY>\n</html>"
        );
    }

    #[test]
    fn can_append_the_script_to_a_page_without_body_end() {
        let page = String::from_utf8(with_reload_script(b"<p>hi", 1)).unwrap();
        assert!(page.starts_with("<p>hi<script src=\"/__meetcal/reload.js\""));
    }

    #[test]
    fn failure_page_escapes_the_messages() {
        let page = failure(
            "content/events/a.md:2:1: error: unknown field `<script>alert(1)</script>` & \"x\"\n",
        );
        assert!(page.contains(
            "content/events/a.md:2:1: error: unknown field `&lt;script&gt;alert(1)&lt;/script&gt;` &amp; &quot;x&quot;</pre>"
        ));
        assert_eq!(page.matches("<script").count(), 0);
    }
}
