//! The fields that hold a web address (`url`, `online`, `links`, a site's
//! `base_url`), and what a value that is no address most likely meant.

use super::{parsed, quote, Fields, Invalid, Links, Online, LINK_KINDS};

pub fn check_url(text: &str) -> Result<String, Invalid> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Invalid {
            message: "the URL is empty".into(),
            hint: Some("write a full address starting with `https://`".into()),
        });
    }
    if let [first, _, ..] = addresses_in(trimmed).as_slice() {
        return Err(Invalid {
            message: format!("{} holds two addresses", quote(trimmed)),
            hint: Some(format!(
                "one address per field: write `{}` alone",
                with_scheme(first)
            )),
        });
    }
    if trimmed.contains(' ') && is_words(trimmed) {
        // `%20` would make a link to nowhere of a sentence.
        return Err(Invalid {
            message: format!("{} is not a URL", quote(trimmed)),
            hint: Some("write a full address starting with `https://`".into()),
        });
    }
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_control() || c.is_whitespace())
    {
        let (first_word, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        let rest = rest.trim();
        let words_after = rest.starts_with(['(', '[', '-', '–', '—', '|'])
            || (rest.split_whitespace().count() > 1 && !rest.contains(['.', '/']));
        let hint = if c == ' ' && words_after && addresses_in(first_word).len() == 1 {
            // `https://zoom.us/j/1 (password 42)`: the address, then words.
            format!(
                "write the address alone, `{}`, and what follows it in the description",
                with_scheme(first_word)
            )
        } else if c == ' ' {
            "encode spaces as `%20`".to_string()
        } else {
            format!(
                "remove the invisible character U+{:04X}; write the URL on one line",
                c as u32
            )
        };
        return Err(Invalid {
            message: "the URL contains spaces or control characters".into(),
            hint: Some(hint),
        });
    }
    let parsed = url::Url::parse(trimmed).map_err(|_| Invalid {
        message: format!("{} is not a URL", quote(trimmed)),
        hint: Some(match looks_like_an_address(trimmed) {
            true => format!("write the full address: `https://{trimmed}`"),
            false => "write a full address starting with `https://`".into(),
        }),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Invalid {
            message: format!("{} is not an http(s) URL", quote(trimmed)),
            hint: Some("only `https://` (or `http://`) links are allowed".into()),
        });
    }
    // `https:/example.org` and `https:example.org` parse as
    // `https://example.org/`, and would be published as written.
    let scheme_end = parsed.scheme().len() + 1;
    if !trimmed
        .get(scheme_end..)
        .is_some_and(|rest| rest.starts_with("//") && !rest[2..].starts_with(['/', '\\']))
    {
        return Err(Invalid {
            message: format!(
                "{} is not a full URL: `{}:` must be followed by `//` and the host",
                quote(trimmed),
                parsed.scheme()
            ),
            hint: Some(format!("write `{}`", parsed.as_str())),
        });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Invalid {
            message: "the URL contains a user name or password".into(),
            hint: Some("remove the `user:password@` part; never publish credentials".into()),
        });
    }
    Ok(trimmed.to_string())
}

/// A site's address: a URL that every page's address continues, so not
/// a page (`/index.html`), a query (`?utm_source=x`) nor a fragment
/// (`#calendar`), which would come before every path.
pub fn check_base_url(text: &str) -> Result<String, Invalid> {
    let checked = check_url(text)?;
    let Ok(mut url) = url::Url::parse(&checked) else {
        return Ok(checked);
    };
    let page = url
        .path_segments()
        .and_then(|mut segments| segments.next_back())
        // A folder may have a dot in its name (`my.calendar`); a page's
        // extension says it is a page.
        .filter(|last| {
            last.rsplit_once('.').is_some_and(|(_, extension)| {
                [
                    "html", "htm", "php", "asp", "aspx", "jsp", "xml", "ics", "json",
                ]
                .contains(&extension.to_ascii_lowercase().as_str())
            })
        })
        .map(str::to_string);
    let extra = match (url.query(), url.fragment(), &page) {
        (Some(query), _, _) => format!("`?{query}`"),
        (None, Some(fragment), _) => format!("`#{fragment}`"),
        (None, None, Some(page)) => format!("the page `{page}`"),
        (None, None, None) => return Ok(checked),
    };
    url.set_query(None);
    url.set_fragment(None);
    if let Some(page) = &page {
        let path = url
            .path()
            .strip_suffix(page.as_str())
            .unwrap_or("/")
            .to_string();
        url.set_path(&path);
    }
    Err(Invalid {
        message: format!(
            "{} ends with {extra}: every address of the site would start with it",
            quote(&checked)
        ),
        hint: Some(format!("write the site's address alone: `{url}`")),
    })
}

pub(crate) fn url_field(fields: &mut Fields, name: &str) -> Option<String> {
    parsed(fields, name, check_url)
}

/// An event's `url`: two addresses in it get a hint that puts the second
/// in `links:`, which only events have.
pub(super) fn event_url_field(fields: &mut Fields) -> Option<String> {
    parsed(fields, "url", |text| {
        check_url(text).map_err(|invalid| second_in_links("url", text, invalid))
    })
}

/// The hint of `invalid` for a `name:` of an event that holds two
/// addresses: the first stays, the second goes in `links:` by its kind.
fn second_in_links(name: &str, text: &str, invalid: Invalid) -> Invalid {
    let addresses = addresses_in(text);
    let [first, second, ..] = addresses.as_slice() else {
        return invalid;
    };
    Invalid {
        message: invalid.message,
        hint: Some(format!(
            "one address per field: write `{name}: {}`, and put the other in `links:` under its kind ({}), such as `links: {{{}: {}}}`",
            with_scheme(first),
            LINK_KINDS.map(|kind| format!("`{kind}`")).join(", "),
            kind_of_address(second).unwrap_or("tickets"),
            with_scheme(second)
        )),
    }
}

/// The kind of link an address most likely is, from the words in it:
/// `https://speakerdeck.com/…` is slides, `https://discord.gg/…` a chat.
fn kind_of_address(address: &str) -> Option<&'static str> {
    const KINDS: [(&str, &[&str]); 6] = [
        (
            "slides",
            &["slide", "speakerdeck", "docs.google.com/presentation"],
        ),
        (
            "video",
            &["youtu", "vimeo", "peertube", "twitch", "video", "replay"],
        ),
        (
            "chat",
            &[
                "discord",
                "slack",
                "matrix.to",
                "t.me/",
                "telegram",
                "zulip",
                "chat",
            ],
        ),
        (
            "cfp",
            &[
                "cfp",
                "sessionize",
                "papercall",
                "call-for",
                "callforpapers",
            ],
        ),
        ("schedule", &["schedule", "programme", "program", "agenda"]),
        (
            "tickets",
            &[
                "ticket",
                "eventbrite",
                "billet",
                "helloasso",
                "weezevent",
                "register",
                "inscription",
                "rsvp",
            ],
        ),
    ];
    let lower = address.to_lowercase();
    KINDS
        .iter()
        .find(|(_, words)| words.iter().any(|word| lower.contains(word)))
        .map(|(kind, _)| *kind)
}

/// The web addresses among the words of `text`: each word, between
/// spaces or commas, that starts with `http://`, `https://` or `www.`.
fn addresses_in(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| {
            let lower = word.to_ascii_lowercase();
            ["http://", "https://", "www."]
                .iter()
                .any(|start| lower.starts_with(start) && lower.len() > start.len())
        })
        .collect()
}

/// `www.example.org` written as a link: `https://www.example.org`.
fn with_scheme(address: &str) -> String {
    match address.contains("://") {
        true => address.to_string(),
        false => format!("https://{address}"),
    }
}

/// Whether `text` is words with no address among them (`Zoom link sent
/// on RSVP`), rather than an address with a space in it.
fn is_words(text: &str) -> bool {
    !text.contains("://")
        && !text.split_whitespace().any(|word| {
            looks_like_an_address(word) || word.to_ascii_lowercase().starts_with("www.")
        })
}

/// `www.example.org/page`: a host name with a dot, written without its
/// scheme.
fn looks_like_an_address(text: &str) -> bool {
    let host = text.split('/').next().unwrap_or_default();
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

/// `online:` the address to join, `true` when it is not known yet, or
/// `false`: not online (`Some(None)`), which a change to one date of an
/// online series needs to say.
pub(super) fn online_field(fields: &mut Fields) -> Option<Option<Online>> {
    parsed(fields, "online", |text| {
        match text.trim() {
        "true" => Ok(Some(Online::LinkToCome)),
        "false" => Ok(None),
        url => check_url(url)
            .map(|url| Some(Online::At(url)))
            .map_err(|invalid| {
                let lower = url.to_lowercase();
                let said = |words: &[&str]| words.contains(&lower.as_str());
                let hint = if said(&["no", "n", "non", "none", "off", "offline", "in person"]) {
                    "leave `online` out for an event in person (or write `online: false`)"
                } else if said(&["yes", "y", "on", "oui", "online", "tbd", "tba"])
                    // `Zoom link sent on RSVP`: the link comes later.
                    || (url.contains(' ') && is_words(url))
                {
                    "write the address of the call (`https://...`), or `online: true` when it will be announced later"
                } else {
                    return second_in_links("online", url, invalid);
                };
                Invalid {
                    message: invalid.message,
                    hint: Some(hint.into()),
                }
            }),
    }
    })
}

/// `links:` a map from a kind of link to its address.
pub(super) fn links_field(fields: &mut Fields) -> Option<Links> {
    let mut nested = fields.nested(
        "links",
        &LINK_KINDS,
        "{tickets: https://example.org/tickets}",
    )?;
    let links = LINK_KINDS
        .iter()
        .filter_map(|kind| url_field(&mut nested, kind).map(|url| (*kind, url)))
        .collect();
    nested.finish();
    Some(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_on_a_url_without_both_slashes_with_the_fixed_form() {
        for (written, fixed) in [
            ("https:/example.com/x", "https://example.com/x"),
            ("https:example.org/call", "https://example.org/call"),
            ("HTTP:example.org", "http://example.org/"),
            ("https:///example.org/a", "https://example.org/a"),
            ("https:\\\\example.org/a", "https://example.org/a"),
        ] {
            let err = check_url(written).unwrap_err();
            assert_eq!(err.hint, Some(format!("write `{fixed}`")), "{written}");
        }
        for fine in [
            "https://example.org",
            "HTTPS://Example.org/a?b#c",
            "http://x.org/",
        ] {
            assert_eq!(check_url(fine).unwrap(), fine);
        }
    }

    #[test]
    fn two_addresses_in_one_field_keep_the_first_and_words_are_no_address() {
        for (written, first) in [
            ("https://a.org/x, https://b.org/y", "https://a.org/x"),
            ("https://a.org/x https://b.org/y", "https://a.org/x"),
            ("www.a.org; www.b.org", "https://www.a.org"),
        ] {
            let err = check_url(written).unwrap_err();
            assert!(err.message.ends_with("holds two addresses"), "{written}");
            assert_eq!(
                err.hint,
                Some(format!("one address per field: write `{first}` alone")),
                "{written}"
            );
        }
        let words = check_url("see the meetup page").unwrap_err();
        assert_eq!(words.message, "`see the meetup page` is not a URL");
        // An address with a space in it is still one address.
        let spaced = check_url("https://a.org/my file.pdf").unwrap_err();
        assert_eq!(spaced.hint.as_deref(), Some("encode spaces as `%20`"));
        // Words after an address are not part of it.
        for written in [
            "https://zoom.us/j/1 (password 42)",
            "https://zoom.us/j/1 password 42",
        ] {
            let hint = check_url(written).unwrap_err().hint.unwrap_or_default();
            assert!(
                hint.starts_with("write the address alone, `https://zoom.us/j/1`"),
                "{written}: {hint}"
            );
        }
        assert!(check_url("https://web.archive.org/web/2027/https://a.org").is_ok());
    }

    #[test]
    fn a_second_address_goes_in_links_under_the_kind_it_looks_like() {
        for (second, kind) in [
            ("https://speakerdeck.com/x/talk", "slides"),
            ("https://discord.gg/abc", "chat"),
            ("https://www.youtube.com/watch?v=1", "video"),
            ("https://sessionize.com/x", "cfp"),
            ("https://www.eventbrite.fr/e/1", "tickets"),
            ("https://example.org/about", "tickets"),
        ] {
            let text = format!("https://example.org/event {second}");
            let err = check_url(&text).unwrap_err();
            let hint = second_in_links("url", &text, err).hint.unwrap_or_default();
            assert!(
                hint.ends_with(&format!("`links: {{{kind}: {second}}}`")),
                "{hint}"
            );
        }
    }

    #[test]
    fn a_site_address_is_a_folder_without_query_or_fragment() {
        for (written, fixed) in [
            (
                "https://cal.example.org/index.html",
                "https://cal.example.org/",
            ),
            ("https://x.org/cal/Index.HTM", "https://x.org/cal/"),
            ("https://x.org/cal/?a=1", "https://x.org/cal/"),
            ("https://x.org/#calendrier", "https://x.org/"),
        ] {
            let err = check_base_url(written).unwrap_err();
            assert_eq!(
                err.hint,
                Some(format!("write the site's address alone: `{fixed}`")),
                "{written}"
            );
        }
        for fine in [
            "https://example.org",
            "https://user.github.io/my.calendar",
            "https://user.github.io/my.calendar/",
            "http://x.org/cal/",
        ] {
            assert_eq!(check_base_url(fine).unwrap(), fine);
        }
    }
}
