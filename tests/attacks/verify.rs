//! Checks of their own, named by a case's `verify:` lines.

use crate::common::{fixture, site_from};
use crate::common::{python_has, require_tool, text};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn verify(name: &str, site: &Path, public: &Path) -> Result<(), String> {
    let read =
        |path: &str| std::fs::read_to_string(public.join(path)).map_err(|e| format!("{path}: {e}"));
    match name {
        // The site lists the nearest dates of an open-ended daily series
        // only: 60 from now on (and 53 before).
        "bounded-by-the-horizon" => {
            let json: serde_json::Value = serde_json::from_str(&read("events.json")?).unwrap();
            let daily = json["events"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["slug"] == "every-day")
                .ok_or("no every-day in events.json")?;
            let listed = daily["occurrences"].as_array().unwrap();
            let (first, last) = (&listed[0]["start"], &listed[listed.len() - 1]["start"]);
            // events.json holds the coming dates; now is 2027-01-05 12:00.
            if listed.len() != meetcal::limits::SERIES_LISTED_AHEAD
                || !first.as_str().unwrap().starts_with("2027-01-06")
                || !last.as_str().unwrap().starts_with("2027-03-06")
            {
                return Err(format!(
                    "{} occurrences listed, from {first} to {last}",
                    listed.len()
                ));
            }
            // An upcoming list shows a series' next dates only.
            let home = read("index.html")?;
            let shown = home.matches(r#"href="/events/every-day/""#).count();
            if shown != meetcal::limits::SERIES_PER_LIST {
                return Err(format!("the home page shows {shown} dates of the series"));
            }
            let ics = read("events/every-day/event.ics")?;
            if !ics.contains("RRULE:FREQ=DAILY\r\n") {
                return Err("the feed does not carry the open rule".into());
            }
        }
        // A series since 1970 lists only its nearest past dates.
        "nearest-past-dates-only" => {
            let past = read("past/index.html")?;
            let listed = past.matches("/events/since-1970/").count();
            if listed == 0 || listed > meetcal::limits::SERIES_LISTED_PAST {
                return Err(format!("{listed} past occurrences listed"));
            }
        }
        // The output stays small, whatever the input's nesting.
        "output-under-10-mb" => {
            let total: u64 = walkdir::WalkDir::new(public)
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum();
            if total > 10 * 1024 * 1024 {
                return Err(format!("{total} bytes of output"));
            }
        }
        // iCalendar lines in a description stay text: every feed holds as
        // many VEVENTs as before, and no line of the description starts a
        // line of the feed.
        "ics-lines-stay-text" => {
            let feed = read("events/lines-2027-03-10/event.ics")?.replace("\r\n ", "");
            let starts = |prefix: &str| feed.lines().filter(|l| l.starts_with(prefix)).count();
            if starts("BEGIN:VEVENT") != 1 || starts("END:VCALENDAR") != 1 {
                return Err(format!("the description made components:\n{feed}"));
            }
            if starts("UID:x") + starts("SUMMARY:Injected") > 0 {
                return Err(format!("the description made properties:\n{feed}"));
            }
            let description = feed.lines().find(|l| l.starts_with("DESCRIPTION:"));
            if !description.is_some_and(|d| d.contains("END:VCALENDAR") && d.contains("UID:x")) {
                return Err(format!("the description is not kept as text:\n{feed}"));
            }
        }
        // Pages for slugs named like the files meetcal writes are all there.
        "generated-names-do-not-collide" => {
            for page in [
                "events/index/index.html",
                "events/feed/index.html",
                "events/calendar/index.html",
                "events/404/event.ics",
                "groups/index/index.html",
                "groups/index/feed.xml",
                "groups/index.html",
                "venues/calendar/index.html",
                "venues/calendar/calendar.ics",
                "tags/feed/feed.xml",
                "tags/index/index.html",
                "tags/sitemap/index.html",
            ] {
                read(page)?;
            }
            let sitemap = read("sitemap.xml")?;
            let locs: Vec<&str> = sitemap.lines().filter(|l| l.contains("<loc>")).collect();
            if locs.len() != locs.iter().collect::<BTreeSet<_>>().len() {
                return Err("the sitemap lists a page twice".into());
            }
        }
        // No file or folder of the site has a name Windows cannot hold.
        "every-name-windows-can-write" => {
            for entry in walkdir::WalkDir::new(public) {
                let entry = entry.map_err(|e| e.to_string())?;
                let name = entry.file_name().to_string_lossy().to_lowercase();
                let stem = name.split('.').next().unwrap_or_default();
                if meetcal::urls::is_reserved(stem) {
                    return Err(format!("{} is reserved on Windows", entry.path().display()));
                }
            }
        }
        // The event of the hostile folder exists and links to its source,
        // the folder's name percent-encoded: no markup of it reaches the page.
        "folder-name-is-text" => {
            let page = read("events/folder-2027-03-10/index.html")?;
            if !page.contains("/%22%3E%3Cscript%3Ealert(1)%3C/folder-2027-03-10.md\"") {
                return Err("the edit link does not carry the encoded folder name".into());
            }
            if page.contains("<script>alert") || page.contains("\"><script") {
                return Err("the folder's name reached the page as markup".into());
            }
        }
        // An event's entry in the search index keeps within its budget,
        // whatever the file holds (limits::SEARCH_*).
        "search-entry-within-its-budget" => {
            let index: serde_json::Value =
                serde_json::from_str(&read("search.json")?).map_err(|e| e.to_string())?;
            let events = index["events"]
                .as_array()
                .ok_or("search.json has no events")?;
            let slugs: BTreeSet<&str> = events.iter().filter_map(|e| e["s"].as_str()).collect();
            let mut worst = (0, String::new());
            for entry in events {
                let bytes = serde_json::to_vec(entry).unwrap().len();
                let text = entry["x"].as_str().unwrap_or_default().chars().count();
                let dates = entry["d"].as_array().map_or(0, Vec::len);
                if bytes > meetcal::limits::SEARCH_ENTRY_BYTES
                    || text > meetcal::limits::SEARCH_TEXT_CHARS + 1
                    || dates > meetcal::limits::SEARCH_DATES
                {
                    return Err(format!(
                        "{}: {bytes} bytes, {text} characters of text, {dates} dates",
                        entry["s"]
                    ));
                }
                worst = worst.max((bytes, entry["s"].to_string()));
            }
            let events_built = std::fs::read_dir(public.join("events"))
                .map_err(|e| e.to_string())?
                .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
                .count();
            if slugs.len() != events_built {
                return Err(format!("{} entries for {events_built} events", slugs.len()));
            }
            eprintln!(
                "search index: the largest entry is {} ({} bytes)",
                worst.1, worst.0
            );
        }
        // One file costs at most its budget over the base calendar.
        "within-the-budget" => {
            let base = site_from(&[&fixture("fixtures/base")]);
            let report = super::within_the_budget(site, base.path())?;
            eprintln!("budget: {report}  {}", site.display());
        }
        // One event far ahead is a month page, not a page per month until
        // then, and every month page links only to month pages that exist.
        "few-month-pages" => {
            let months: Vec<PathBuf> = walkdir::WalkDir::new(public.join("calendar"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_name() == "index.html")
                .map(|e| e.into_path())
                .collect();
            if months.len() > 2 * 12 + 4 {
                return Err(format!("{} month pages", months.len()));
            }
            let link = regex::Regex::new(r#"href="/(calendar/\d{4}/\d{2}/)""#).unwrap();
            for page in &months {
                let html = std::fs::read_to_string(page).unwrap();
                for found in link.captures_iter(&html) {
                    if !public.join(&found[1]).join("index.html").is_file() {
                        return Err(format!(
                            "{} links to {}, which does not exist",
                            page.display(),
                            &found[1]
                        ));
                    }
                }
            }
        }
        "shallow-clone-same-feeds" => super::shallow_clone_same_feeds(site)?,
        "file-name-cannot-forge-history" => super::file_name_cannot_forge_history(site)?,
        "linked-out-folder-refused" => super::linked_out_folder_refused(site)?,
        "serve-follows-replaced-content" => super::serve_follows_replaced_content(site)?,
        "serve-redirects-stay-on-the-site" => super::serve_redirects_stay_on_the_site(site)?,
        "serve-drops-slow-clients" => super::serve_drops_slow_clients(site)?,
        // What the independent Python readers say (always run in CI).
        "python-readers" => python_readers(site, public)?,
        other => panic!("no verifier {other}"),
    }
    Ok(())
}

/// feedparser, an XML parser and jsonschema read every feed; icalendar and
/// recurring-ical-events read every .ics.
fn python_readers(site: &Path, public: &Path) -> Result<(), String> {
    if !require_tool(
        python_has("feedparser, jsonschema, icalendar, recurring_ical_events"),
        "Python with feedparser, jsonschema, icalendar and recurring-ical-events",
    ) {
        return Ok(());
    }
    let _ = site;
    let feeds = Command::new("python3")
        .arg(fixture("interop/feeds_check.py"))
        .arg(public)
        .arg("https://cal.example.org/")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema/events.schema.json"))
        .output()
        .unwrap();
    if feeds.status.code() != Some(0) {
        return Err(format!(
            "feeds_check.py: {}{}",
            text(&feeds.stdout),
            text(&feeds.stderr)
        ));
    }
    let ical = Command::new("python3")
        .arg(fixture("interop/ical_check.py"))
        .arg(public)
        .args([
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2028-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&ical.stdout)
        .map_err(|e| format!("ical_check.py: {e}: {}", text(&ical.stderr)))?;
    if !report["problems"].as_array().is_some_and(Vec::is_empty) {
        return Err(format!("ical_check.py: {:#}", report["problems"]));
    }
    Ok(())
}
