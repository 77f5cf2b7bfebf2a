//! Every public address of the site, in one place: they must stay stable.

/// Links inside the site are root-relative (`/events/x/`), so a build
/// previewed on another host still works; canonical links and feeds are
/// absolute.
pub struct Urls {
    base: String,
    root: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let root = url::Url::parse(base_url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        Urls {
            base: base_url.to_string(),
            root,
        }
    }

    pub fn root(&self) -> &str {
        &self.root
    }

    /// A path relative to the site's root, as an in-site link.
    pub fn local(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The same address with the `webcal://` scheme calendar apps subscribe to.
    pub fn webcal(&self, path: &str) -> String {
        let absolute = self.absolute(path);
        match absolute.split_once("://") {
            Some((_, rest)) => format!("webcal://{rest}"),
            None => absolute,
        }
    }

    pub fn event(&self, slug: &str) -> String {
        self.local(&event_path(slug))
    }

    pub fn group(&self, slug: &str) -> String {
        self.local(&format!("groups/{slug}/"))
    }

    pub fn venue(&self, slug: &str) -> String {
        self.local(&format!("venues/{slug}/"))
    }

    pub fn tag(&self, tag: &str) -> String {
        self.local(&format!("tags/{tag}/"))
    }

    pub fn month(&self, year: i32, month: u32) -> String {
        self.local(&month_path(year, month))
    }

    pub fn past_year(&self, year: i32) -> String {
        self.local(&format!("past/{year}/"))
    }
}

pub fn event_path(slug: &str) -> String {
    format!("events/{slug}/")
}

pub fn month_path(year: i32, month: u32) -> String {
    format!("calendar/{year:04}/{month:02}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_local_absolute_and_webcal_addresses() {
        let urls = Urls::new("https://example.org/cal/");
        assert_eq!(urls.event("a"), "/cal/events/a/");
        assert_eq!(
            urls.absolute("calendar.ics"),
            "https://example.org/cal/calendar.ics"
        );
        assert_eq!(
            urls.webcal("calendar.ics"),
            "webcal://example.org/cal/calendar.ics"
        );
        assert_eq!(urls.month(2027, 3), "/cal/calendar/2027/03/");
    }
}
