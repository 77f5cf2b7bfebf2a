//! `site.yaml`: the calendar's title, address, zone, language and theme.

use super::*;

pub fn parse_site(ctx: &FileContext) -> Option<Site> {
    let mut f = fields_of(ctx, SITE_FIELDS)?;
    let title = f.required_text("title", || "Paris Web Meetups".into());
    let base_url = if f.has("base_url") {
        parsed(&mut f, "base_url", check_base_url)
    } else {
        f.missing("base_url", "https://example.org/");
        None
    };
    let timezone = if f.has("timezone") {
        timezone_field(&mut f)
    } else {
        f.missing("timezone", "Europe/Paris");
        None
    };
    let description = f.prose("description");
    let language_path = f.path("language");
    let language = f
        .text("language")
        .filter(|code| {
            use crate::text::locale::Language;
            let known = Language::parse(code).is_some();
            if let (true, None) = (known, Language::tag(code)) {
                f.ctx.error_at_value(
                    &language_path,
                    format!("{} is not a language tag", quote(code)),
                    Some(
                        "write the language's code, then the region's if you need it, \
                         joined by `-`: `language: fr` or `language: fr-CA`"
                            .into(),
                    ),
                );
                return false;
            }
            if let (false, Some(named)) = (known, Language::named(code)) {
                f.ctx.error_at_value(
                    &language_path,
                    format!("{} is the name of a language, not its code", quote(code)),
                    Some(format!("write `language: {}`", named.code())),
                );
            } else if !known {
                f.ctx.error_at_value(
                    &language_path,
                    format!("meetcal does not speak {} yet", quote(code)),
                    Some(format!(
                        "the languages available are: {}",
                        crate::text::locale::LANGUAGES.join(", ")
                    )),
                );
            }
            known
        })
        // `fr_CA` is read as `fr-CA`, the form HTML and the feeds expect.
        .and_then(|code| crate::text::locale::Language::tag(&code))
        .unwrap_or_else(|| "en".into());
    let theme = slug_field(&mut f, "theme").unwrap_or_else(|| "default".into());
    let default_duration =
        parsed(&mut f, "default_duration", parse_duration).unwrap_or(Duration::hours(2));
    let edit_url = url_field(&mut f, "edit_url");
    let uid_domain = parsed(&mut f, "uid_domain", check_uid_domain);
    f.finish();
    let mut base_url = base_url?;
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    Some(Site {
        title: title?,
        base_url,
        timezone: timezone?,
        description,
        language,
        theme,
        default_duration,
        edit_url,
        uid_domain,
    })
}

/// `uid_domain`: the host name every derived UID ends with, in lower case
/// as a URL's host is.
fn check_uid_domain(text: &str) -> Result<String, Invalid> {
    let host = text.trim().to_ascii_lowercase();
    let is_label = |label: &str| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if host.len() <= 253 && host.split('.').all(is_label) {
        return Ok(host);
    }
    let host_of_url = url::Url::parse(text.trim())
        .ok()
        .and_then(|url| url.host_str().map(str::to_string));
    Err(Invalid {
        message: format!("{} is not a host name", quote(text.trim())),
        hint: Some(match host_of_url {
            Some(host) => format!("write the host alone: `uid_domain: {host}`"),
            None => "write a host name, such as `uid_domain: meetups.example.org`".into(),
        }),
    })
}
