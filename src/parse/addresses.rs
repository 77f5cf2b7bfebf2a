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
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_control() || c.is_whitespace())
    {
        let hint = if c == ' ' {
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
            .map_err(|invalid| match url.to_lowercase().as_str() {
                "yes" | "y" | "on" | "oui" | "online" | "tbd" | "tba" => Invalid {
                    message: invalid.message,
                    hint: Some(
                        "write the address of the call (`https://...`), or `online: true` when it will be announced later".into(),
                    ),
                },
                "no" | "n" | "non" | "none" | "off" | "offline" | "in person" => Invalid {
                    message: invalid.message,
                    hint: Some(
                        "leave `online` out for an event in person (or write `online: false`)".into(),
                    ),
                },
                _ => invalid,
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
