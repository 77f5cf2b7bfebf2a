//! Which file of the site a request path names: plain names only, decoded,
//! never a parent folder or a separator smuggled in an escape.

use super::Files;

/// A request path, checked: plain names only, decoded.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct SitePath {
    segments: Vec<String>,
    /// Ends with `/`: the folder's `index.html`.
    folder: bool,
}

pub(super) enum Found<'a> {
    File(&'a str),
    /// A folder asked for without its trailing slash.
    Folder,
    Missing,
}

impl SitePath {
    /// Refuses (403) any segment that names a parent or holds a separator,
    /// encoded or not; 400 for what no browser would send.
    pub fn parse(path: &str) -> Result<SitePath, u16> {
        if !path.starts_with('/') || !path.is_ascii() || path.bytes().any(|b| b.is_ascii_control())
        {
            return Err(400);
        }
        if path.contains('\\') {
            return Err(403);
        }
        let mut segments = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let decoded = percent_decode(raw).ok_or(400u16)?;
            let segment = String::from_utf8(decoded).map_err(|_| 400u16)?;
            if segment == "."
                || segment == ".."
                || segment.contains(['/', '\\'])
                || segment.chars().any(char::is_control)
            {
                return Err(403);
            }
            segments.push(segment);
        }
        Ok(SitePath {
            segments,
            folder: path.ends_with('/'),
        })
    }

    pub fn find<'a>(&self, files: &'a Files) -> Found<'a> {
        let joined = self.segments.join("/");
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        let key = |name: &str| files.get_key_value(name).map(|(k, _)| &**k);
        if self.folder || joined.is_empty() {
            return key(&index).map_or(Found::Missing, Found::File);
        }
        match key(&joined) {
            Some(file) => Found::File(file),
            None if files.contains_key(index.as_str()) => Found::Folder,
            None => Found::Missing,
        }
    }
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Files {
        names
            .iter()
            .map(|n| {
                (
                    std::sync::Arc::from(*n),
                    std::sync::Arc::new(crate::serve::incremental::Content::whole(Vec::new())),
                )
            })
            .collect()
    }

    fn found(path: &str, files: &Files) -> Option<String> {
        match SitePath::parse(path).unwrap().find(files) {
            Found::File(key) => Some(key.to_string()),
            Found::Folder => Some("redirect".into()),
            Found::Missing => None,
        }
    }

    #[test]
    fn can_find_files_and_folder_indexes() {
        let site = files(&["index.html", "style.css", "events/a/index.html"]);
        assert_eq!(found("/", &site).as_deref(), Some("index.html"));
        assert_eq!(found("/style.css", &site).as_deref(), Some("style.css"));
        assert_eq!(
            found("/events/a/", &site).as_deref(),
            Some("events/a/index.html")
        );
        assert_eq!(
            found("/events//a/", &site).as_deref(),
            Some("events/a/index.html")
        );
        assert_eq!(found("/events/a", &site).as_deref(), Some("redirect"));
        assert_eq!(found("/events/b/", &site), None);
        assert_eq!(found("/style.css/", &site), None);
    }

    #[test]
    fn can_decode_percent_encoded_names() {
        let site = files(&["tags/caf\u{e9}/index.html"]);
        assert_eq!(
            found("/tags/caf%C3%A9/", &site).as_deref(),
            Some("tags/caf\u{e9}/index.html")
        );
    }

    #[test]
    fn errors_on_traversal_encoded_or_not() {
        for path in [
            "/../Cargo.toml",
            "/events/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/.%2e/x",
            "/..%2f..%2fetc/passwd",
            "/events/..%5c..%5c",
            "/events/..\\..\\",
            "/a%00b",
            "/./index.html",
        ] {
            assert_eq!(SitePath::parse(path), Err(403), "{path}");
        }
        for path in ["x", "/a%zz", "/a%2", "/caf\u{e9}", "/a\u{1}b", "/%ff"] {
            assert_eq!(SitePath::parse(path), Err(400), "{path}");
        }
    }
}
