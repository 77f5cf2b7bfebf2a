//! Small pages of the next events of a group, a tag or a venue, meant for an
//! `<iframe>` on the group's own website: `/groups/<slug>/embed/`, the only
//! pages other sites may frame (render::hosting). Each page that has one
//! shows the snippet to copy.

use super::entries::{Entries, Reads};
use super::layout::{self, Page};
use crate::expand::Occurrence;
use crate::output::{OutputFile, Sink};
use crate::prepare::Prepared;
use crate::urls;
use rayon::prelude::*;

/// The most events an embed lists: the page it links to has the rest.
pub const EMBED_EVENTS: usize = 10;

/// Puts the embed of every group, shared venue and tag into `sink`, in
/// parallel: one by one through the template engine, they were a serial
/// tail of the build.
pub fn render(p: &Prepared, entries: &Entries, sink: &dyn Sink) -> Result<(), String> {
    let mut pages: Vec<(String, String, &[usize])> = Vec::new();
    for (group, positions) in p.calendar.groups.iter().zip(&p.index.by_group) {
        pages.push((group.name.clone(), urls::group_path(&group.slug), positions));
    }
    for (venue, positions) in p.calendar.venues.iter().zip(&p.index.by_venue) {
        if let Some(slug) = &venue.slug {
            pages.push((venue.name.clone(), urls::venue_path(slug), positions));
        }
    }
    for (tag, positions) in &p.index.by_tag {
        pages.push((format!("#{tag}"), urls::tag_path(tag), positions));
    }
    pages
        .par_iter()
        .filter(|(_, page, _)| p.scope.wants(page))
        .try_for_each(|(name, page, positions)| sink.put(embed(p, entries, name, page, positions)?))
}

/// What a page tells about its own embed: its address and the snippet.
pub fn snippet(p: &Prepared, page: &str, name: &str) -> serde_json::Value {
    let url = p.urls.absolute(&urls::embed_path(page));
    let title = crate::text::xml::escape_xml(&format!("{name} · {}", p.calendar.site.title));
    serde_json::json!({
        "url": url,
        "code": format!(
            "<iframe src=\"{url}\" title=\"{title}\" width=\"100%\" height=\"420\" loading=\"lazy\" style=\"border:0\"></iframe>"
        ),
    })
}

fn embed(
    p: &Prepared,
    entries: &Entries,
    name: &str,
    page: &str,
    positions: &[usize],
) -> Result<OutputFile, String> {
    let upcoming: Vec<&Occurrence> = positions
        .iter()
        .map(|&i| &p.index.occurrences[i])
        .filter(|o| p.index.is_upcoming(o))
        .take(EMBED_EVENTS)
        .collect();
    let today = p.index.now.with_timezone(&p.zone).date_naive();
    let mut context = tera::Context::new();
    context.insert("name", name);
    context.insert("page_url", &p.urls.absolute(page));
    context.insert(
        "days",
        &entries.days(p, upcoming, Some(today), Reads::AnyField)?,
    );
    layout::render(
        p,
        Page {
            template: "embed.html",
            path: urls::embed_path(page),
            title: format!("{name} · {}", p.calendar.site.title),
            description: None,
            feeds: Vec::new(),
            section: "",
        },
        context,
    )
}
