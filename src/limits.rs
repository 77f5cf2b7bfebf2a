//! What one content file may cost. Files come from strangers' pull requests
//! and deploy previews build them on the maintainers' account, so every way a
//! file's size turns into build time, memory or output is bounded here, and
//! docs/running.md gives the reason for each number.
//!
//! The budget these limits keep: any one file within [`MAX_FILE_BYTES`]
//! adds at most 100 MB of peak memory, 2 s of build time and 2 MB of output,
//! whatever its shape (tests/hostile measures it).

/// The longest one occurrence of a series may last. A single event may last
/// a year (`when::MAX_DURATION_DAYS`); a series' occurrences are listed on
/// every day they cover, so a daily series of long occurrences would fill
/// the month pages.
pub const MAX_SERIES_OCCURRENCE_DAYS: i64 = 31;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// The most characters a text field may hold, by field name; `None`: no limit
/// of its own (the file's size bounds it).
///
/// Titles and names are repeated on every page that lists the event, so they
/// are short; a description is repeated in every feed the event is in (the
/// site's, its group's, its venue's and each of its tags'), so it is a few
/// paragraphs: a longer text belongs on a page the event links to.
pub fn max_chars(field: &str) -> Option<usize> {
    Some(match field {
        "title" | "name" => MAX_TITLE_CHARS,
        "address" => 200,
        "notes" => 500,
        "description" => MAX_DESCRIPTION_CHARS,
        // `uid` has its own rule (parse.rs): 200 visible ASCII characters.
        "url" | "online" => 2_000,
        _ => return None,
    })
}

/// Titles of events and names of groups and venues.
pub const MAX_TITLE_CHARS: usize = 120;

/// A description, in the Markdown source.
pub const MAX_DESCRIPTION_CHARS: usize = 4_000;

/// Tags on one event or group, and the length of each.
pub const MAX_TAGS: usize = 8;
pub const MAX_TAG_CHARS: usize = 32;

/// How many dates of one series the site lists: the nearest ones before and
/// after `now` (a weekly series for two years, a daily one for three months
/// ahead). The event page says so, and the feeds carry the whole rule.
pub const SERIES_LISTED_AHEAD: usize = 60;
pub const SERIES_LISTED_PAST: usize = 53;

/// What one event adds to the search index (`search.json`): its title,
/// place and tags are bounded above; its description is cut to
/// [`SEARCH_TEXT_CHARS`] characters and its dates are those the site lists
/// (at most [`SEARCH_DATES`]). Whatever the characters, its entry stays
/// within [`SEARCH_ENTRY_BYTES`]: past it, the text goes, then the oldest
/// dates. Every visitor of the search page downloads the whole index.
pub const SEARCH_TEXT_CHARS: usize = 160;
pub const SEARCH_DATES: usize = SERIES_LISTED_PAST + SERIES_LISTED_AHEAD;
pub const SEARCH_ENTRY_BYTES: usize = 4 * 1024;

/// How far ahead list pages look.
pub const SOON_DAYS: i64 = 90;
/// The most occurrences a list page shows (and `/past/`, of the latest).
pub const SOON_MAX: usize = 200;

/// How many dates of one series an upcoming list (home, group, venue and tag
/// pages) shows: a weekly series over the list's 90 days. The month pages
/// show the rest.
pub const SERIES_PER_LIST: usize = 13;

/// How many items a news feed (RSS and JSON Feed: the site's, each
/// group's, each tag's) carries: the latest announcements. A feed reader
/// fetches the whole file every time it polls, so the feed says what is new,
/// not everything there is; the calendar feeds (`.ics`) and the pages list
/// every event. Fifty is a week of announcements on a busy calendar and
/// keeps a feed under about 500 KB whatever the calendar's size, where the
/// whole calendar would make it grow with every event (3 MB at 10,000).
pub const NEWS_ITEMS: usize = 50;

/// Month pages always exist this many months either side of `now`; further
/// away, only months with events get a page, so one event in 2199 is one
/// page, not two thousand.
pub const MONTHS_AROUND_NOW: i32 = 12;
