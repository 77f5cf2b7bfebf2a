//! What the built-in entry templates (`partials/agenda_entry.html`,
//! `partials/month_entry.html`) make of an occurrence, written in Rust, and
//! the parts of them the dates of a series share. A test holds the writers
//! to the templates.

use super::html::Html;
use super::views::OccurrenceView;
use crate::model::Status;
use crate::text::locale::Words;

/// What the built-in `partials/agenda_entry.html` makes.
pub fn agenda_entry(o: &OccurrenceView, words: &Words) -> String {
    let mut html = Html::with_capacity(640);
    agenda_head(&mut html, o.status, &o.datetime, &o.time);
    html.raw(&agenda_title(o, words));
    span_badge(&mut html, o.span.as_deref());
    html.raw(&agenda_meta(o, words));
    html.finish()
}

/// The entry's start: its status and time.
pub(super) fn agenda_head(html: &mut Html, status: Status, datetime: &str, time: &str) {
    html.raw("<li class=\"event status-").plain(status.name());
    html.raw("\">\n<time class=\"when\" datetime=\"")
        .plain(datetime);
    html.raw("\">")
        .text(time)
        .raw("</time>\n<div class=\"what\">\n");
}

/// The title paragraph up to its span badge: the same for every date of
/// an event that no file changes.
fn agenda_title(o: &OccurrenceView, words: &Words) -> String {
    let mut html = Html::with_capacity(256);
    let cancelled = o.status == Status::Cancelled;
    html.raw("<p class=\"title\"><a href=\"")
        .text(&o.url)
        .raw("\">");
    if cancelled {
        html.raw("<del><bdi>").text(&o.title).raw("</bdi></del>");
    } else {
        html.raw("<bdi>").text(&o.title).raw("</bdi>");
    }
    html.raw("</a>");
    match o.status {
        Status::Cancelled => badge(&mut html, words.cancelled),
        Status::Tentative => badge(&mut html, words.tentative),
        Status::Confirmed => &mut html,
    };
    if o.changed && !cancelled {
        html.raw(" <span class=\"badge changed\">")
            .text(words.changed)
            .raw("</span>");
    }
    html.finish()
}

fn span_badge(html: &mut Html, span: Option<&str>) {
    if let Some(span) = span.filter(|s| !s.is_empty()) {
        html.raw(" <span class=\"badge\">")
            .text(span)
            .raw("</span>");
    }
}

/// The rest of the entry: where, and the tags; likewise per event.
fn agenda_meta(o: &OccurrenceView, words: &Words) -> String {
    let mut html = Html::with_capacity(384);
    html.raw("</p>\n");
    // An event with no group, place or link has no line here, not an empty one.
    let has_meta = o.group.is_some() || o.place.is_some() || o.online;
    if has_meta {
        html.raw("<p class=\"meta\">");
    }
    if let Some(group) = &o.group {
        html.link(&group.url, &group.label);
        if o.place.is_some() || o.online {
            html.raw(" · ");
        }
    }
    if let Some(place) = &o.place {
        if place.url.is_empty() {
            html.text(&place.label);
        } else {
            html.link(&place.url, &place.label);
        }
        if o.online {
            html.raw(" ").text(words.and_online);
        }
    } else if o.online {
        html.text(words.online);
    }
    if has_meta {
        html.raw("</p>\n");
    }
    if !o.tags.is_empty() {
        html.raw("<ul class=\"tags\">");
        for tag in &o.tags {
            html.raw("<li>").link_if(&tag.url, &tag.label).raw("</li>");
        }
        html.raw("</ul>");
    }
    html.raw("\n</div>\n</li>\n");
    html.finish()
}

/// What the built-in `partials/month_entry.html` makes.
pub fn month_entry(o: &OccurrenceView, words: &Words) -> String {
    let (before_time, after_time) = month_parts(o, words);
    let mut html = Html::with_capacity(256);
    html.raw(&before_time).text(&o.time).raw(&after_time);
    month_end(&mut html, o.span.as_deref());
    html.finish()
}

/// A month entry around its time, up to its span: the same for every date
/// of an event that no file changes.
fn month_parts(o: &OccurrenceView, words: &Words) -> (String, String) {
    let cancelled = o.status == Status::Cancelled;
    let mut before = Html::with_capacity(128);
    before.raw("<li class=\"status-").plain(o.status.name());
    before.raw("\"><a href=\"").text(&o.url).raw("\">");
    if cancelled {
        before.raw("<del>");
    }
    let mut after = Html::with_capacity(128);
    after.raw(" <bdi>").text(&o.title).raw("</bdi>");
    if cancelled {
        after.raw("</del>");
    }
    after.raw("</a>");
    // In words too, as the agenda's: a screen reader does not say the
    // strike-through.
    match o.status {
        Status::Cancelled => badge(&mut after, words.cancelled),
        Status::Tentative => badge(&mut after, words.tentative),
        Status::Confirmed => &mut after,
    };
    (before.finish(), after.finish())
}

pub(super) fn month_end(html: &mut Html, span: Option<&str>) {
    if let Some(span) = span.filter(|s| !s.is_empty()) {
        html.raw(" <span class=\"muted\">(")
            .text(span)
            .raw(")</span>");
    }
    html.raw("</li>");
}

/// The parts of an event's entries that its unchanged dates share, made
/// once per event: a weekly series is listed a hundred times.
pub(super) struct Shared {
    /// The status they were made for: a series' dates all have the
    /// event's, unless a file changes one, but the parts are only reused
    /// for the same.
    pub(super) status: Status,
    pub(super) agenda_title: String,
    pub(super) agenda_meta: String,
    pub(super) month_before_time: String,
    pub(super) month_after_time: String,
}

impl Shared {
    pub(super) fn of(view: &OccurrenceView, words: &Words) -> Shared {
        let (month_before_time, month_after_time) = month_parts(view, words);
        Shared {
            status: view.status,
            agenda_title: agenda_title(view, words),
            agenda_meta: agenda_meta(view, words),
            month_before_time,
            month_after_time,
        }
    }
}

/// A word in a badge after an entry's title: cancelled, tentative.
fn badge<'h>(html: &'h mut Html, word: &str) -> &'h mut Html {
    html.raw(" <strong class=\"badge\">")
        .text(word)
        .raw("</strong>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::entries::{AGENDA_ENTRY, MONTH_ENTRY};
    use crate::render::views::Link;
    use crate::text::locale::Language;
    use crate::theme::Theme;

    fn link(label: &str, url: &str) -> Link {
        Link {
            label: label.into(),
            url: url.into(),
        }
    }

    /// Occurrence views covering every branch of the entry templates, with
    /// text that needs escaping.
    fn views() -> Vec<OccurrenceView> {
        let mut views = Vec::new();
        for status in [Status::Confirmed, Status::Tentative, Status::Cancelled] {
            for changed in [false, true] {
                for span in [None, Some("day 2 of 3".to_string())] {
                    for group in [None, Some(link("Rust & <Friends>", "/groups/rust/"))] {
                        for place in [
                            None,
                            Some(link("La \"Cantine\"", "/venues/la-cantine/")),
                            Some(link("Chez Léa's", "")),
                        ] {
                            for online in [false, true] {
                                for tags in [
                                    vec![],
                                    vec![link("rust", "/tags/rust/"), link("a&b", "/tags/a-b/")],
                                ] {
                                    views.push(OccurrenceView {
                                        title: "Talks <b>& 'pizza'</b>".into(),
                                        url: "/events/talks/?a=1&b=\"2\"".into(),
                                        datetime: "2027-01-06T19:00:00+01:00".into(),
                                        date: "2027-01-06".into(),
                                        date_label: "Wednesday 6 January 2027".into(),
                                        time: "18:00 (12:00 America/Toronto)".into(),
                                        group: group.clone(),
                                        place: place.clone(),
                                        online,
                                        tags,
                                        status,
                                        changed,
                                        span: span.clone(),
                                        agenda_html: String::new(),
                                        month_html: String::new(),
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        views
    }

    /// The writers make what the built-in templates make, in both languages.
    #[test]
    fn the_writers_match_the_built_in_templates() {
        let empty = tempfile::tempdir().unwrap();
        let theme = Theme::load(empty.path(), "default").unwrap();
        assert!(theme.is_builtin(AGENDA_ENTRY) && theme.is_builtin(MONTH_ENTRY));
        for language in [Language::En, Language::Fr] {
            let words = language.words();
            let site = serde_json::json!({ "words": words });
            for view in views() {
                let mut context = tera::Context::new();
                context.insert("site", &site);
                context.insert("o", &view);
                assert_eq!(
                    agenda_entry(&view, words),
                    theme.render(AGENDA_ENTRY, &context).unwrap()
                );
                assert_eq!(
                    month_entry(&view, words),
                    theme.render(MONTH_ENTRY, &context).unwrap()
                );
            }
        }
    }

    #[test]
    fn a_theme_entry_template_is_not_built_in() {
        let root = tempfile::tempdir().unwrap();
        let partials = root.path().join("themes/default/templates/partials");
        std::fs::create_dir_all(&partials).unwrap();
        std::fs::write(partials.join("agenda_entry.html"), "<li>{{ o.title }}</li>").unwrap();
        let theme = Theme::load(root.path(), "default").unwrap();
        assert!(!theme.is_builtin(AGENDA_ENTRY));
        assert!(theme.is_builtin(MONTH_ENTRY));
        assert!(!theme.is_builtin("partials/not-a-template.html"));
    }
}
