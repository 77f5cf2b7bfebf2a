//! iCalendar files as RFC 5545 lays them out: content lines, unfolded, in
//! the components that open and close around them; and the rules of the
//! RFC about what goes where, for the components meetcal writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What Python's icalendar and recurring-ical-events read in the feeds of
/// the built site `out` between two UTC times (`2027-01-01T00:00:00Z`):
/// tests/interop/ical_check.py's JSON report.
pub fn python_report(out: &Path, from: &str, to: &str) -> Vec<u8> {
    let run = std::process::Command::new("python3")
        .arg(super::fixture("interop/ical_check.py"))
        .arg(out)
        .args(["--from", from, "--to", to])
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        super::text(&run.stderr)
    );
    run.stdout
}

/// Builds the site at `root` for `now` into a temporary folder.
pub fn build(root: &Path, now: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = super::meetcal(
        root,
        &["build", "--out", out.path().to_str().unwrap(), "--now", now],
    );
    assert_eq!(run.status.code(), Some(0), "{}", super::text(&run.stderr));
    out
}

/// A built feed, by its path in the output folder.
pub fn read(out: &Path, feed: &str) -> String {
    let path = out.join(feed);
    String::from_utf8(std::fs::read(&path).unwrap_or_else(|e| panic!("{feed}: {e}"))).unwrap()
}

/// Content lines, unfolded.
pub fn lines(feed: &str) -> Vec<String> {
    feed.replace("\r\n ", "")
        .split_terminator("\r\n")
        .map(str::to_string)
        .collect()
}

/// The values of every `name` property, parameters left out.
pub fn values(feed: &str, name: &str) -> Vec<String> {
    lines(feed)
        .into_iter()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key == name || key.starts_with(&format!("{name};"))).then(|| value.to_string())
        })
        .collect()
}

pub fn uids(feed: &str) -> BTreeSet<String> {
    values(feed, "UID").into_iter().collect()
}

/// One content line: its name (upper case, as meetcal writes it) and the
/// line whole, parameters and value included.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: String,
    pub line: String,
}

impl Property {
    /// What follows the name and parameters.
    pub fn value(&self) -> &str {
        split_value(&self.line).map_or("", |(_, v)| v)
    }

    /// The value of a parameter, such as `TZID`.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        let head = split_value(&self.line).map_or("", |(h, _)| h);
        outside_quotes(head, ';')
            .skip(1)
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
    }
}

/// The parts of `text` between the `separator`s that are not inside a
/// quoted parameter value.
fn outside_quotes(text: &str, separator: char) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    text.split(move |c| {
        if c == '"' {
            quoted = !quoted;
        }
        c == separator && !quoted
    })
}

/// A content line's name and parameters, and its value: split at the first
/// `:` outside a quoted parameter value.
fn split_value(line: &str) -> Option<(&str, &str)> {
    let head = outside_quotes(line, ':').next()?;
    Some((head, line.get(head.len() + 1..)?))
}

/// A component between its `BEGIN:` and `END:` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: String,
    pub properties: Vec<Property>,
    pub components: Vec<Component>,
}

impl Component {
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    pub fn first(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.components.iter().filter(move |c| c.name == name)
    }
}

/// Reads an iCalendar object into its components: every content line must
/// be a property (`NAME[;PARAM=…]:value`) inside a component, every `END`
/// must close the innermost open component, and nothing may follow the
/// one outermost component.
pub fn parse(ics: &str) -> Result<Component, String> {
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let mut open: Vec<Component> = Vec::new();
    let mut closed: Option<Component> = None;
    for (number, line) in unfolded.split_terminator("\r\n").enumerate() {
        let at = format!("content line {}: {line:?}", number + 1);
        if closed.is_some() {
            return Err(format!("{at} follows the end of the object"));
        }
        let name = line.split([';', ':']).next().unwrap_or_default();
        let Some((_, value)) = split_value(line) else {
            return Err(format!("{at} is not a property"));
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("{at} is not a property"));
        }
        let name = name.to_ascii_uppercase();
        match name.as_str() {
            "BEGIN" => open.push(Component {
                name: value.to_string(),
                properties: Vec::new(),
                components: Vec::new(),
            }),
            "END" => {
                let component = open
                    .pop()
                    .ok_or_else(|| format!("{at} closes nothing open"))?;
                if component.name != value {
                    return Err(format!("{at} closes BEGIN:{}", component.name));
                }
                match open.last_mut() {
                    Some(parent) => parent.components.push(component),
                    None => closed = Some(component),
                }
            }
            _ => open
                .last_mut()
                .ok_or_else(|| format!("{at} is outside every component"))?
                .properties
                .push(Property {
                    name,
                    line: line.to_string(),
                }),
        }
    }
    if let Some(component) = open.last() {
        return Err(format!("BEGIN:{} is never closed", component.name));
    }
    closed.ok_or_else(|| "no component at all".to_string())
}

/// What a component may hold: RFC 5545 section 3.6 for the components
/// meetcal writes (and VALARM, which clients add to them).
struct Rules {
    /// Properties that must appear exactly once.
    once: &'static [&'static str],
    /// Properties that may appear once at the most.
    at_most_once: &'static [&'static str],
    /// Components that may appear inside it.
    inside: &'static [&'static str],
    /// Whether it must hold at least one component.
    not_empty: bool,
}

fn rules(component: &str) -> Option<Rules> {
    Some(match component {
        // 3.4, 3.6: `icalbody = calprops component`, component = 1*(…).
        "VCALENDAR" => Rules {
            once: &["PRODID", "VERSION"],
            at_most_once: &["CALSCALE", "METHOD"],
            inside: &["VEVENT", "VTIMEZONE"],
            not_empty: true,
        },
        // 3.6.1: UID and DTSTAMP are required; DTSTART too where, as in
        // meetcal's feeds, nothing else says when. RRULE "SHOULD NOT"
        // occur more than once.
        "VEVENT" => Rules {
            once: &["UID", "DTSTAMP", "DTSTART"],
            at_most_once: &[
                "CLASS",
                "CREATED",
                "DESCRIPTION",
                "GEO",
                "LAST-MODIFIED",
                "LOCATION",
                "ORGANIZER",
                "PRIORITY",
                "SEQUENCE",
                "STATUS",
                "SUMMARY",
                "TRANSP",
                "URL",
                "RECURRENCE-ID",
                "RRULE",
                "DTEND",
                "DURATION",
            ],
            inside: &["VALARM"],
            not_empty: false,
        },
        // 3.6.5: one TZID, and at least one STANDARD or DAYLIGHT.
        "VTIMEZONE" => Rules {
            once: &["TZID"],
            at_most_once: &["LAST-MODIFIED", "TZURL"],
            inside: &["STANDARD", "DAYLIGHT"],
            not_empty: true,
        },
        "STANDARD" | "DAYLIGHT" => Rules {
            once: &["DTSTART", "TZOFFSETTO", "TZOFFSETFROM"],
            at_most_once: &[],
            inside: &[],
            not_empty: false,
        },
        // 3.6.6.
        "VALARM" => Rules {
            once: &["ACTION", "TRIGGER"],
            at_most_once: &["DURATION", "REPEAT"],
            inside: &[],
            not_empty: false,
        },
        _ => return None,
    })
}

/// Where `component`, at `path`, breaks the rules of its kind, and so on
/// down the components inside it.
fn component_problems(component: &Component, path: &str, found: &mut Vec<String>) {
    let Some(rules) = rules(&component.name) else {
        found.push(format!("{path}: not a component meetcal writes"));
        return;
    };
    for name in rules.once {
        let count = component.all(name).count();
        if count != 1 {
            found.push(format!("{path}: {name} {count} times, must be once"));
        }
    }
    for name in rules.at_most_once {
        let count = component.all(name).count();
        if count > 1 {
            found.push(format!("{path}: {name} {count} times, at most once"));
        }
    }
    if rules.not_empty && component.components.is_empty() {
        found.push(format!("{path}: holds no component"));
    }
    for (i, inner) in component.components.iter().enumerate() {
        let inner_path = format!("{path} > {}#{}", inner.name, i + 1);
        if rules.inside.contains(&inner.name.as_str()) {
            component_problems(inner, &inner_path, found);
        } else {
            found.push(format!(
                "{inner_path}: not allowed inside {}",
                component.name
            ));
        }
    }
}

/// Where a parsed iCalendar object breaks RFC 5545: it is one VCALENDAR of
/// version 2.0; each component holds only the components allowed in it,
/// each required property once and each single one once at the most;
/// a VEVENT has DTEND or DURATION, not both, and a known STATUS; every
/// TZID parameter names a VTIMEZONE of the object, and each is defined
/// once; no two VEVENTs share a UID unless RECURRENCE-ID tells them apart.
/// And, as meetcal writes them, an instance comes with the series it
/// changes (the RFC would allow one alone).
pub fn rfc5545_problems(calendar: &Component) -> Vec<String> {
    let mut found = Vec::new();
    if calendar.name != "VCALENDAR" {
        found.push(format!(
            "the object is a {}, not a VCALENDAR",
            calendar.name
        ));
        return found;
    }
    component_problems(calendar, "VCALENDAR", &mut found);
    if let Some(version) = calendar.first("VERSION") {
        if version.value() != "2.0" {
            found.push(format!("VERSION:{}, must be 2.0", version.value()));
        }
    }

    let mut zones = BTreeSet::new();
    for zone in calendar.children("VTIMEZONE") {
        if let Some(tzid) = zone.first("TZID") {
            if !zones.insert(tzid.value()) {
                found.push(format!("VTIMEZONE {} defined twice", tzid.value()));
            }
        }
    }
    let mut instances: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for (i, event) in calendar.children("VEVENT").enumerate() {
        let path = format!("VEVENT#{}", i + 1);
        if event.first("DTEND").is_some() && event.first("DURATION").is_some() {
            found.push(format!("{path}: both DTEND and DURATION"));
        }
        if let Some(status) = event.first("STATUS") {
            if !["TENTATIVE", "CONFIRMED", "CANCELLED"].contains(&status.value()) {
                found.push(format!("{path}: STATUS:{}", status.value()));
            }
        }
        if let Some(uid) = event.first("UID") {
            let instance = event.first("RECURRENCE-ID").map(Property::value);
            *instances.entry((uid.value(), instance)).or_default() += 1;
        }
    }
    for ((uid, instance), count) in &instances {
        if *count > 1 {
            found.push(format!(
                "{count} VEVENTs with UID {uid} and RECURRENCE-ID {instance:?}"
            ));
        }
        if instance.is_some() && !instances.contains_key(&(uid, None)) {
            found.push(format!(
                "UID {uid}: the instance {instance:?} without its series"
            ));
        }
    }
    let mut every = vec![calendar];
    while let Some(component) = every.pop() {
        for property in &component.properties {
            if let Some(tzid) = property.parameter("TZID") {
                if !zones.contains(tzid) {
                    found.push(format!("{}: TZID={tzid} has no VTIMEZONE", property.line));
                }
            }
        }
        every.extend(&component.components);
    }
    found
}

/// [`parse`], then [`rfc5545_problems`]: every way the text is not a
/// well-formed iCalendar object, empty when it is one.
pub fn problems(ics: &str) -> Vec<String> {
    match parse(ics) {
        Ok(calendar) => rfc5545_problems(&calendar),
        Err(e) => vec![e],
    }
}

/// Where an object breaks the rules of a calendar object resource, which a
/// CalDAV server stores and must refuse otherwise (RFC 4791 4.1), as it
/// would when a client saves a downloaded `event.ics` as it is: no METHOD,
/// and one UID for all its components but the time zones.
pub fn caldav_problems(calendar: &Component) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(method) = calendar.first("METHOD") {
        found.push(format!("METHOD:{} in a calendar object", method.value()));
    }
    let uids: BTreeSet<&str> = calendar
        .components
        .iter()
        .filter(|c| c.name != "VTIMEZONE")
        .flat_map(|c| c.all("UID").map(Property::value))
        .collect();
    if uids.len() != 1 {
        found.push(format!(
            "{} UIDs in a calendar object: {uids:?}",
            uids.len()
        ));
    }
    found
}

/// The base fixture's calendar, with the iCalendar fixture's events.
pub fn ical_fixture() -> tempfile::TempDir {
    super::site_from(&[&super::fixture("fixtures/ical")])
}

/// Each VEVENT of a feed whose UID is `uid`, as its unfolded content lines.
pub fn vevents(feed: &str, uid: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines(feed) {
        match line.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => {
                let event = current.take().unwrap();
                if event.contains(&format!("UID:{uid}")) {
                    found.push(event);
                }
            }
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push(line);
                }
            }
        }
    }
    found
}

pub fn has(event: &[String], line: &str) -> bool {
    event.iter().any(|l| l == line)
}

/// Writes `files` (path under content/, text) into a copy of the base
/// fixture, in the site's `language`.
pub fn site_with(language: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let site = super::site_from(&[&super::fixture("fixtures/base")]);
    let settings = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}language: {language}\n")).unwrap();
    for (path, text) in files {
        std::fs::write(site.path().join("content").join(path), text).unwrap();
    }
    site
}
