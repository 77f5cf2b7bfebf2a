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
        joined(&[&self.root, path])
    }

    /// The site's address, ending in `/`: what [`Urls::absolute`] prefixes.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn absolute(&self, path: &str) -> String {
        joined(&[&self.base, path])
    }

    // The pages every list links to, each address made in one piece.

    pub fn event(&self, slug: &str) -> String {
        let [folder, slug, end] = event_parts(slug);
        joined(&[&self.root, folder, slug, end])
    }

    pub fn group(&self, slug: &str) -> String {
        let [folder, slug, end] = group_parts(slug);
        joined(&[&self.root, folder, slug, end])
    }

    pub fn venue(&self, slug: &str) -> String {
        let [folder, slug, end] = venue_parts(slug);
        joined(&[&self.root, folder, slug, end])
    }

    pub fn tag(&self, tag: &str) -> String {
        let [folder, tag, end] = tag_parts(tag);
        joined(&[&self.root, folder, tag, end])
    }

    pub fn month(&self, year: i32, month: u32) -> String {
        self.local(&month_path(year, month))
    }

    pub fn past_year(&self, year: i32) -> String {
        self.local(&past_year_path(year))
    }
}

// Paths relative to the site's root. A page is a folder (`events/x/`,
// written as `events/x/index.html`); a feed is a file in the folder of the
// page it belongs to.

/// The whole calendar, to subscribe to.
pub const CALENDAR_ICS: &str = "calendar.ics";
/// "What's new", as RSS and as JSON Feed; a group and a tag have their own.
pub const NEWS_RSS: &str = "feed.xml";
pub const NEWS_JSON: &str = "feed.json";
/// Every event as data, for other programs.
pub const EVENTS_JSON: &str = "events.json";
pub const CALENDAR_PAGE: &str = "calendar/";
/// Every event still to come, one line each.
pub const EVENTS_PAGE: &str = "events/";
pub const PAST_PAGE: &str = "past/";
pub const GROUPS_PAGE: &str = "groups/";
pub const SUBSCRIBE_PAGE: &str = "subscribe/";
pub const TAGS_PAGE: &str = "tags/";
pub const VENUES_PAGE: &str = "venues/";
/// Search and filters over every event; works as a list of links without
/// JavaScript.
pub const SEARCH_PAGE: &str = "search/";
/// The index the search page reads, built with the site.
pub const SEARCH_JSON: &str = "search.json";

pub fn event_path(slug: &str) -> String {
    event_parts(slug).concat()
}

/// The single event to import ("Add to calendar").
pub fn event_ics_path(slug: &str) -> String {
    let [folder, slug, _] = event_parts(slug);
    [folder, slug, "/event.ics"].concat()
}

pub fn group_path(slug: &str) -> String {
    group_parts(slug).concat()
}

pub fn venue_path(slug: &str) -> String {
    venue_parts(slug).concat()
}

pub fn tag_path(tag: &str) -> String {
    tag_parts(tag).concat()
}

fn event_parts(slug: &str) -> [&str; 3] {
    [EVENTS_PAGE, slug, "/"]
}

fn group_parts(slug: &str) -> [&str; 3] {
    [GROUPS_PAGE, slug, "/"]
}

fn venue_parts(slug: &str) -> [&str; 3] {
    [VENUES_PAGE, slug, "/"]
}

/// A tag's folder; a tag Windows cannot have as a folder name gets a `_`,
/// which no tag contains, so no two tags share a folder.
fn tag_parts(tag: &str) -> [&str; 3] {
    [TAGS_PAGE, tag, if is_reserved(tag) { "_/" } else { "/" }]
}

/// The pieces one after another, in a string of their length.
fn joined(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// Names Windows cannot use as a file or folder name (`con`, `nul`, `com1`,
/// ...): a repository holding `con.md` cannot be checked out there, so
/// such file slugs are refused. Tags are words people choose (`con`, for a
/// conference), so a reserved tag is kept and its folder renamed
/// ([`tag_path`]). Every other folder meetcal writes is named by a slug,
/// and the files in it all have a `.` that no slug has.
pub fn is_reserved(slug: &str) -> bool {
    matches!(slug, "con" | "prn" | "aux" | "nul")
        || slug.len() == 4
            && (slug.starts_with("com") || slug.starts_with("lpt"))
            && slug.as_bytes()[3].is_ascii_digit()
}

pub fn month_path(year: i32, month: u32) -> String {
    format!("{CALENDAR_PAGE}{year:04}/{month:02}/")
}

pub fn past_year_path(year: i32) -> String {
    format!("{PAST_PAGE}{year}/")
}

/// The embeddable page of a group's, a tag's or a venue's page:
/// `groups/x/embed/`.
pub fn embed_path(page: &str) -> String {
    format!("{page}{EMBED_FOLDER}")
}

/// The folder of a page's embed, inside the page's folder.
pub const EMBED_FOLDER: &str = "embed/";

/// Whether `path` (relative, `groups/x/embed/index.html`) is in an embed:
/// the only pages other sites may frame.
pub fn is_embed(path: &str) -> bool {
    // Each folder's name is its constant without the closing `/`.
    let named = |segment: Option<&str>, folder: &str| segment == folder.strip_suffix('/');
    let mut segments = path.trim_start_matches('/').split('/');
    let top = segments.next();
    let slug = segments.next();
    let third = segments.next();
    [GROUPS_PAGE, TAGS_PAGE, VENUES_PAGE]
        .iter()
        .any(|folder| named(top, folder))
        && slug.is_some_and(|s| !s.is_empty())
        && named(third, EMBED_FOLDER)
}

/// A page's calendar feed: `groups/x/calendar.ics`.
pub fn calendar_ics_in(page: &str) -> String {
    format!("{page}{CALENDAR_ICS}")
}

/// The scheme and host of an absolute address, without its path:
/// `https://example.org` of `https://example.org/cal/events/x/`.
pub fn origin(absolute: &str) -> &str {
    let host_at = absolute.find("://").map_or(0, |at| at + 3);
    let path_at = absolute[host_at..]
        .find('/')
        .map_or(absolute.len(), |at| host_at + at);
    &absolute[..path_at]
}

/// An absolute address with the `webcal://` scheme calendar apps subscribe to.
pub fn webcal_of(absolute: &str) -> String {
    match absolute.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => absolute.to_string(),
    }
}

/// Google Calendar's "add by URL" link for the feed at `webcal`.
pub fn google_subscribe_link(webcal: &str) -> String {
    let mut google = String::with_capacity(50 + webcal.len() * 3 / 2);
    google.push_str("https://calendar.google.com/calendar/r?cid=");
    push_form_encoded(&mut google, webcal);
    google
}

/// `value` in `application/x-www-form-urlencoded`, as the `url` crate's
/// `form_urlencoded` writes it (letters, digits and `*-._` as they are, a
/// space as `+`, every other byte as `%XX`), onto the end of `out`: every
/// event page's Google Calendar link carries the start of its description.
pub fn push_form_encoded(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    // SAFETY: form encoding writes only ASCII, so `out` stays UTF-8;
    // appending bytes rather than a `str` saves checking that they are.
    let out = unsafe { out.as_mut_vec() };
    out.reserve(bytes.len() + bytes.len() / 4);
    #[cfg_attr(not(target_arch = "x86_64"), allow(unused_mut))]
    let mut at = 0;
    // Sixteen bytes a step while they are kept, a space being `+`: prose is
    // mostly letters and spaces.
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(at..at + 16) {
        let (kept, count) = kept_in_form(chunk.try_into().expect("sixteen bytes"));
        out.extend_from_slice(&kept[..count]);
        at += count;
        if count < 16 {
            let (encoded, len) = FORM_ENCODED[usize::from(bytes[at])];
            out.extend_from_slice(&encoded[..usize::from(len)]);
            at += 1;
        }
    }
    push_form_encoded_bytewise(&bytes[at..], out);
}

/// [`push_form_encoded`] a byte at a time, a stack buffer at a time:
/// every byte writes the four bytes of its table entry and moves on by its
/// length, without a branch (in prose, a test per byte for letters and
/// spaces is mispredicted at every word).
fn push_form_encoded_bytewise(bytes: &[u8], out: &mut Vec<u8>) {
    let mut buffer = [0u8; 256];
    let mut used = 0;
    for &b in bytes {
        if used + 4 > buffer.len() {
            out.extend_from_slice(&buffer[..used]);
            used = 0;
        }
        let (encoded, len) = FORM_ENCODED[usize::from(b)];
        buffer[used..used + 4].copy_from_slice(&encoded);
        used += usize::from(len);
    }
    out.extend_from_slice(&buffer[..used]);
}

/// `chunk` as form encoding writes the bytes it keeps (letters, digits and
/// `*-._` as they are, a space as `+`), and how many of its first bytes are
/// such bytes, with SSE2, which every x86-64 processor has.
#[cfg(target_arch = "x86_64")]
fn kept_in_form(chunk: &[u8; 16]) -> ([u8; 16], usize) {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_storeu_si128, _mm_xor_si128,
    };
    let mut kept = [0u8; 16];
    // SAFETY: `chunk` and `kept` are sixteen bytes each, and neither the
    // load nor the store has an alignment requirement; the rest is
    // arithmetic on SSE2 registers.
    let mask = unsafe {
        let x = _mm_loadu_si128(chunk.as_ptr().cast());
        let byte = |b: u8| _mm_set1_epi8(b as i8);
        // Whether each byte of `v` is within `low..=high`, unsigned.
        let within = |v: __m128i, low: u8, high: u8| {
            let above = _mm_cmpeq_epi8(_mm_max_epu8(v, byte(low)), v);
            let below = _mm_cmpeq_epi8(_mm_min_epu8(v, byte(high)), v);
            _mm_and_si128(above, below)
        };
        // A letter of either case is a lowercase letter with 0x20 set.
        let letter = within(_mm_or_si128(x, byte(0x20)), b'a', b'z');
        let digit = within(x, b'0', b'9');
        let space = _mm_cmpeq_epi8(x, byte(b' '));
        let mut keeps = _mm_or_si128(_mm_or_si128(letter, digit), space);
        for mark in [b'*', b'-', b'.', b'_'] {
            keeps = _mm_or_si128(keeps, _mm_cmpeq_epi8(x, byte(mark)));
        }
        // `+` is a space with bits 0x0b flipped.
        let written = _mm_xor_si128(x, _mm_and_si128(space, byte(b' ' ^ b'+')));
        _mm_storeu_si128(kept.as_mut_ptr().cast(), written);
        // One bit a byte, the upper sixteen clear: at most sixteen are kept.
        _mm_movemask_epi8(keeps) as u32
    };
    (kept, (!mask).trailing_zeros() as usize)
}

/// Each byte form-encoded, padded to four bytes, and its length: letters,
/// digits and `*-._` as they are, a space as `+`, any other byte as `%XX`.
static FORM_ENCODED: [([u8; 4], u8); 256] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [([0u8; 4], 0u8); 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if matches!(byte, b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z')
        {
            ([byte, 0, 0, 0], 1)
        } else if byte == b' ' {
            ([b'+', 0, 0, 0], 1)
        } else {
            ([b'%', HEX[b >> 4], HEX[b & 15], 0], 3)
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_the_address_without_its_path() {
        assert_eq!(
            origin("https://example.org/cal/events/x/"),
            "https://example.org"
        );
        assert_eq!(origin("http://localhost:1111/"), "http://localhost:1111");
        assert_eq!(origin("https://example.org"), "https://example.org");
    }

    /// Any character, and prose of the bytes kept and a few others, whose
    /// runs cross the sixteen-byte steps of the vector encoding.
    #[test]
    fn form_encodes_as_the_url_crate_does() {
        let mut next = crate::test_random::below(17);
        let every_ascii: String = (0..128u8).map(char::from).collect();
        let prose = [
            "a", "Z", "m9", " ", "*", "-", ".", "_", ",", "é", "\n", "%", "+", "@", "`",
        ];
        let mut texts = vec![String::new(), every_ascii];
        for _ in 0..2_000 {
            let len = next(200) as usize;
            texts.push(
                (0..len)
                    .map(|_| char::from_u32(next(0x1_0000) as u32 >> (next(4) * 4)).unwrap_or('é'))
                    .collect(),
            );
            let words = next(60) as usize;
            texts.push(
                (0..words)
                    .map(|_| match next(3) {
                        0 => prose[next(prose.len() as u64) as usize],
                        _ => "word",
                    })
                    .collect(),
            );
        }
        for text in &texts {
            let theirs: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
            let mut ours = String::from("x");
            push_form_encoded(&mut ours, text);
            assert_eq!(ours, format!("x{theirs}"), "{text:?}");
            let mut bytewise = Vec::new();
            push_form_encoded_bytewise(text.as_bytes(), &mut bytewise);
            assert_eq!(bytewise, theirs.as_bytes(), "{text:?}");
        }
    }

    #[test]
    fn windows_device_names_are_reserved() {
        for reserved in ["con", "nul", "aux", "prn", "com1", "lpt9", "com0"] {
            assert!(is_reserved(reserved), "{reserved}");
        }
        for fine in [
            "index", "feed", "calendar", "404", "events", "con-2027", "com", "com10", "console",
        ] {
            assert!(!is_reserved(fine), "{fine}");
        }
    }

    #[test]
    fn a_reserved_tag_gets_a_folder_every_system_can_write() {
        assert_eq!(tag_path("con"), "tags/con_/");
        assert_eq!(tag_path("com1"), "tags/com1_/");
        assert_eq!(tag_path("conf"), "tags/conf/");
    }

    #[test]
    fn builds_local_absolute_and_webcal_addresses() {
        let urls = Urls::new("https://example.org/cal/");
        assert_eq!(urls.event("a"), "/cal/events/a/");
        assert_eq!(
            urls.absolute("calendar.ics"),
            "https://example.org/cal/calendar.ics"
        );
        assert_eq!(
            webcal_of(&urls.absolute("calendar.ics")),
            "webcal://example.org/cal/calendar.ics"
        );
        assert_eq!(urls.month(2027, 3), "/cal/calendar/2027/03/");
    }
}
