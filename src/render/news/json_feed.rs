//! The JSON Feed 1.1 document of a news feed, written by hand.

use crate::text::json;

/// A JSON Feed's fields but its items.
pub(super) struct JsonFeedHead<'a> {
    pub(super) description: &'a str,
    pub(super) feed_url: &'a str,
    pub(super) home_page_url: &'a str,
    pub(super) language: &'a str,
    pub(super) title: &'a str,
}

/// An item of a JSON Feed; its content is its two pieces, one after the
/// other (the item's head and the event's description, not copied into
/// one string).
pub(super) struct JsonItem<'a> {
    pub(super) content_html: [&'a str; 2],
    pub(super) date_modified: String,
    pub(super) date_published: String,
    pub(super) id: &'a str,
    pub(super) tags: &'a [String],
    pub(super) title: &'a str,
    pub(super) url: &'a str,
}

const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// A JSON Feed 1.1 document, written as `serde_json`'s pretty printer
/// writes it (a test holds it to that), fields in the alphabetical order
/// the feed has always had. By hand: the printer escaped each description
/// a byte at a time, in every feed listing it.
pub(super) fn json_feed(head: &JsonFeedHead, items: &[JsonItem]) -> Vec<u8> {
    let room: usize = items
        .iter()
        .map(|item| 1024 + (item.content_html[0].len() + item.content_html[1].len()) * 9 / 8)
        .sum();
    let mut out = Vec::with_capacity(room + 1024);
    out.extend_from_slice(b"{\n");
    json_field(&mut out, "  ", "description", &[head.description]);
    json_field(&mut out, ",\n  ", "feed_url", &[head.feed_url]);
    json_field(&mut out, ",\n  ", "home_page_url", &[head.home_page_url]);
    out.extend_from_slice(b",\n  \"items\": [");
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n    {\n" } else { b",\n    {\n" });
        json_field(&mut out, "      ", "content_html", &item.content_html);
        json_field(
            &mut out,
            ",\n      ",
            "date_modified",
            &[&item.date_modified],
        );
        json_field(
            &mut out,
            ",\n      ",
            "date_published",
            &[&item.date_published],
        );
        json_field(&mut out, ",\n      ", "id", &[item.id]);
        out.extend_from_slice(b",\n      \"tags\": [");
        for (j, tag) in item.tags.iter().enumerate() {
            out.extend_from_slice(if j == 0 {
                b"\n        "
            } else {
                b",\n        "
            });
            json::push_string(tag, &mut out);
        }
        if !item.tags.is_empty() {
            out.extend_from_slice(b"\n      ");
        }
        out.push(b']');
        json_field(&mut out, ",\n      ", "title", &[item.title]);
        json_field(&mut out, ",\n      ", "url", &[item.url]);
        out.extend_from_slice(b"\n    }");
    }
    if !items.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.push(b']');
    json_field(&mut out, ",\n  ", "language", &[head.language]);
    json_field(&mut out, ",\n  ", "title", &[head.title]);
    json_field(&mut out, ",\n  ", "version", &[JSON_FEED_VERSION]);
    out.extend_from_slice(b"\n}\n");
    out
}

/// `before`, then `"name": "value"`, the value made of `pieces`.
fn json_field(out: &mut Vec<u8>, before: &str, name: &str, pieces: &[&str]) {
    out.extend_from_slice(before.as_bytes());
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
    json::push_joined(pieces, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The feed written by hand is what `serde_json`'s pretty printer
    /// makes of the same document: no items, an item without tags, tags,
    /// and every kind of character a string escapes.
    #[test]
    fn a_json_feed_is_what_the_json_printer_makes_of_it() {
        #[derive(serde::Serialize)]
        struct Feed<'a> {
            description: &'a str,
            feed_url: &'a str,
            home_page_url: &'a str,
            items: Vec<Item<'a>>,
            language: &'a str,
            title: &'a str,
            version: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Item<'a> {
            content_html: String,
            date_modified: &'a str,
            date_published: &'a str,
            id: &'a str,
            tags: &'a [String],
            title: &'a str,
            url: &'a str,
        }
        let odd = "\"quoted\" \\ tab\t\n\r\u{1} \u{7f} é 🎉 </script> \u{2028}";
        let tags = ["rust".to_string(), odd.to_string()];
        fn item<'a>(tags: &'a [String], title: &'a str) -> JsonItem<'a> {
            JsonItem {
                content_html: ["<p><strong>When:</strong> today</p>", title],
                date_modified: "2026-01-02T03:04:05+00:00".into(),
                date_published: "2025-01-02T03:04:05+01:00".into(),
                id: "a@example.org",
                tags,
                title,
                url: "https://example.org/events/a/",
            }
        }
        for items in [
            vec![],
            vec![item(&[], odd)],
            vec![item(&tags, "one"), item(&tags[..1], odd)],
        ] {
            let head = JsonFeedHead {
                description: odd,
                feed_url: "https://example.org/feed.json",
                home_page_url: "https://example.org/",
                language: "fr",
                title: "Title · ‹b›",
            };
            let whole = Feed {
                description: head.description,
                feed_url: head.feed_url,
                home_page_url: head.home_page_url,
                items: items
                    .iter()
                    .map(|i| Item {
                        content_html: i.content_html.concat(),
                        date_modified: &i.date_modified,
                        date_published: &i.date_published,
                        id: i.id,
                        tags: i.tags,
                        title: i.title,
                        url: i.url,
                    })
                    .collect(),
                language: head.language,
                title: head.title,
                version: JSON_FEED_VERSION,
            };
            let mut expected = serde_json::to_string_pretty(&whole).unwrap();
            expected.push('\n');
            assert_eq!(
                String::from_utf8(json_feed(&head, &items)).unwrap(),
                expected
            );
        }
    }
}
