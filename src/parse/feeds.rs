//! `import:` in a group or venue file: the feeds `meetcal sync` imports
//! into the calendar (docs/import.md).

use super::{slug_list, url_field};
use crate::fields::Fields;
use crate::model::Feed;
use crate::yaml::{describe, Seg, Value};

/// The fields of one feed.
pub const FEED_FIELDS: &[&str] = &["url", "tags"];

/// The most feeds one group or venue may name.
pub const MAX_FEEDS: usize = 10;

/// Reads `import:`, a list of `{url: ..., tags: [...]}`.
pub fn read_feeds(f: &mut Fields) -> Vec<Feed> {
    let path = f.path("import");
    let Some(value) = f.take("import") else {
        return Vec::new();
    };
    let example = "write it as a list: `import: [{url: https://example.org/group.ics}]`";
    let items = match value {
        Value::Sequence(items) => items,
        other => {
            f.ctx.error_at_value(
                &path,
                format!(
                    "`import` must be a list of feeds, found {}",
                    describe(&other)
                ),
                Some(example.into()),
            );
            return Vec::new();
        }
    };
    if items.len() > MAX_FEEDS {
        f.ctx.error(
            &path,
            format!(
                "{} feeds is too many; at most {MAX_FEEDS} are allowed",
                items.len()
            ),
            None,
        );
        return Vec::new();
    }
    let mut feeds = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let mut item_path = path.clone();
        item_path.push(Seg::Index(i));
        let Value::Mapping(map) = item else {
            f.ctx.error_at_value(
                &item_path,
                format!(
                    "a feed must be a map with `url:`, found {}",
                    describe(&item)
                ),
                Some(example.into()),
            );
            continue;
        };
        let mut nested = Fields::nested_from(f.ctx, map, item_path, FEED_FIELDS);
        let has_url = nested.has("url");
        let url = url_field(&mut nested, "url");
        if !has_url {
            nested.missing("url", "https://example.org/group.ics");
        }
        let tags = slug_list(&mut nested, "tags").unwrap_or_default();
        nested.finish();
        if let Some(url) = url {
            feeds.push(Feed { url, tags });
        }
    }
    feeds
}
