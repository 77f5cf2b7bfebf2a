//! `meetcal new`: its options, the questions it asks on a terminal, and
//! the draft it writes through `meetcal::scaffold`.

use clap::{Args, Subcommand};
use meetcal::build::Error;
use meetcal::diagnostics::Diagnostic;
use meetcal::scaffold::{self, Draft, Kind};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum NewCommand {
    // Boxed: its many options would make every variant as large.
    /// A new event in content/events/.
    Event(Box<NewEvent>),
    /// A new group in content/groups/.
    Group(NewGroup),
    /// A new venue in content/venues/.
    Venue(NewVenue),
}

#[derive(Args)]
pub struct NewEvent {
    /// The event's name.
    #[arg(long)]
    title: Option<String>,
    /// `YYYY-MM-DD HH:MM`, or `YYYY-MM-DD` for an all-day event.
    #[arg(long)]
    start: Option<String>,
    /// `YYYY-MM-DD HH:MM`, or the last day of an all-day event.
    #[arg(long)]
    end: Option<String>,
    /// `90m`, `2h`, `1h30m`, `2d`.
    #[arg(long)]
    duration: Option<String>,
    /// An IANA zone such as `America/Toronto` [default: the group's, else the site's].
    #[arg(long)]
    timezone: Option<String>,
    /// Slug of a group file.
    #[arg(long)]
    group: Option<String>,
    /// Slug of a venue file, or `none` for no venue (not even the group's).
    #[arg(long)]
    venue: Option<String>,
    /// https URL of the call or stream.
    #[arg(long)]
    online: Option<String>,
    /// The event's own page: registration, details.
    #[arg(long)]
    url: Option<String>,
    /// Comma-separated tags.
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    /// Make it recurring: day, week, month or year.
    #[arg(long)]
    every: Option<String>,
    /// With --every: a weekday, or `first wednesday` for a month.
    #[arg(long)]
    on: Option<String>,
    /// With --every: every how many weeks (or days, months, years); 2 for
    /// every other.
    #[arg(long)]
    interval: Option<u32>,
    /// With --every: the last date the series may fall on, `YYYY-MM-DD`.
    #[arg(long)]
    until: Option<String>,
    /// With --every: how many dates the series has.
    #[arg(long)]
    count: Option<u32>,
    /// The file name [default: from the title, plus the date for one-off events].
    #[arg(long)]
    slug: Option<String>,
    /// A sub-folder of content/events/ to put it in.
    #[arg(long)]
    folder: Option<PathBuf>,
}

#[derive(Args)]
pub struct NewGroup {
    /// The group's name.
    #[arg(long)]
    name: Option<String>,
    /// The group's website.
    #[arg(long)]
    url: Option<String>,
    /// Comma-separated tags of its events.
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    /// The zone of its events, an IANA name [default: the site's].
    #[arg(long)]
    timezone: Option<String>,
    /// Slug of the group's usual venue.
    #[arg(long)]
    venue: Option<String>,
    /// The file name [default: from the name].
    #[arg(long)]
    slug: Option<String>,
}

#[derive(Args)]
pub struct NewVenue {
    /// The venue's name.
    #[arg(long)]
    name: Option<String>,
    /// Its street address.
    #[arg(long)]
    address: Option<String>,
    /// Its latitude in decimal degrees, with --lon.
    #[arg(long, allow_negative_numbers = true)]
    lat: Option<f64>,
    /// Its longitude in decimal degrees, with --lat.
    #[arg(long, allow_negative_numbers = true)]
    lon: Option<f64>,
    /// The venue's website.
    #[arg(long)]
    url: Option<String>,
    /// Access, floor, how to get in.
    #[arg(long)]
    notes: Option<String>,
    /// The file name [default: from the name].
    #[arg(long)]
    slug: Option<String>,
}

/// A missing required value: asked for on a terminal, a usage error otherwise.
fn ask(value: Option<String>, flag: &str, question: &str) -> Result<String, Error> {
    ask_checked(value, flag, question, anything)
}

/// As [`ask`], and a typed answer that `check` refuses is asked for again,
/// with the reason: nothing typed so far is lost to one mistake.
fn ask_checked(
    value: Option<String>,
    flag: &str,
    question: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<String, Error> {
    if let Some(value) = value {
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(format!("missing --{flag}")));
    }
    loop {
        let line = answer(&format!("{question}: "))
            .map_err(|e| Error::Usage(format!("cannot read the answer: {e}")))?;
        if line.is_empty() {
            return Err(Error::Usage(format!("missing --{flag}")));
        }
        match check(&line) {
            Ok(()) => return Ok(line),
            Err(problem) => errln!("{problem}"),
        }
    }
}

/// Asks for an optional value only on a terminal; an empty answer skips it,
/// and one that `check` refuses is asked for again.
fn offer(
    value: Option<String>,
    question: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Option<String> {
    if value.is_some() || !std::io::stdin().is_terminal() {
        return value;
    }
    loop {
        let line = answer(&format!("{question} (optional, Enter to skip): ")).ok()?;
        if line.is_empty() {
            return None;
        }
        match check(&line) {
            Ok(()) => return Some(line),
            Err(problem) => errln!("{problem}"),
        }
    }
}

/// One line typed after `prompt`, trimmed; empty at the end of the input.
fn answer(prompt: &str) -> std::io::Result<String> {
    err!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

/// Any answer will do.
fn anything(_: &str) -> Result<(), String> {
    Ok(())
}

/// What adds a kind of file's options to a command: their names.
type Options = fn(clap::Command) -> clap::Command;

pub fn new_file(root: &std::path::Path, command: NewCommand) -> Result<(), Error> {
    if !root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder; run meetcal from the calendar's folder or pass --root",
            root.display()
        )));
    }
    let (draft, options): (Draft, Options) = match command {
        NewCommand::Event(e) => (event_draft(root, *e)?, NewEvent::augment_args),
        NewCommand::Group(g) => (group_draft(root, g)?, NewGroup::augment_args),
        NewCommand::Venue(v) => (venue_draft(v)?, NewVenue::augment_args),
    };
    let problems = draft.problems_in(root);
    if !problems.is_empty() {
        let text = draft.text();
        let options = options(clap::Command::new("new"));
        let names: Vec<&str> = options
            .get_arguments()
            .filter_map(|a| a.get_long())
            .collect();
        for problem in &problems {
            errln!("{}", said_of_option(&text, problem, &names));
        }
        // Not named: its name may come from the very option that is wrong.
        return Err(Error::Usage(
            "the file would not be valid, so nothing was written; fix the options above".into(),
        ));
    }
    let path = draft.write(root).map_err(Error::Usage)?;
    outln!("{}", path.display());
    Ok(())
}

/// A problem of the draft, said of the option its value came from: the file
/// it would be in is not written, so its line and column lead nowhere.
fn said_of_option(text: &str, problem: &Diagnostic, options: &[&str]) -> String {
    let lines: Vec<&str> = text.lines().take(problem.line).collect();
    let option = lines
        .iter()
        .rev()
        .find_map(|line| {
            let key = line.trim_start().split_once(':')?.0;
            // A list item (`- rust`) belongs to the key above it.
            (!key.starts_with('-')).then_some(key)
        })
        .filter(|_| problem.line > 1)
        .map(|key| match key {
            "repeat" => "every",
            key => key,
        });
    let mut said = match option {
        Some(option) => format!("error: --{option}: {}", problem.message),
        None => format!("error: {}", problem.message),
    };
    if let Some(hint) = &problem.hint {
        said.push_str(&format!("\n  hint: {}", as_options(hint, options)));
    }
    said
}

/// A hint's lines to write (`start: 2027-01-14 19:00`) as the `options`
/// that write them (`--start "2027-01-14 19:00"`): the mistake was in an
/// option. A hint with a line no option writes (`interval: 2`) stays as
/// it is, in the file's words.
fn as_options(hint: &str, options: &[&str]) -> String {
    let quoted = || hint.split('`').skip(1).step_by(2);
    let field = |part: &str| {
        let (name, value) = part.split_once(':')?;
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        (is_name && (value.is_empty() || value.starts_with(' ')))
            .then(|| (name.to_string(), value.trim_start().to_string()))
    };
    if quoted()
        .filter_map(field)
        .any(|(name, _)| !options.contains(&name.as_str()))
    {
        return hint.to_string();
    }
    let mut said = String::with_capacity(hint.len() + 16);
    for (i, part) in hint.split('`').enumerate() {
        match (i % 2 == 1).then(|| field(part)) {
            Some(Some((name, value))) if value.is_empty() => said.push_str(&format!("`--{name}`")),
            Some(Some((name, value))) => said.push_str(&format!("`--{name} \"{value}\"`")),
            Some(None) => said.push_str(&format!("`{part}`")),
            None => said.push_str(part),
        }
    }
    said
}

fn check_reference(
    root: &std::path::Path,
    kind: Kind,
    flag: &str,
    slug: &Option<String>,
) -> Result<(), Error> {
    let Some(slug) = slug else { return Ok(()) };
    let known = scaffold::known_slugs(root, kind);
    if known.iter().any(|k| k == slug) {
        return Ok(());
    }
    let hint = meetcal::suggest::did_you_mean(slug, known.iter().map(String::as_str))
        .map(|close| format!("did you mean `{close}`? "))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--{flag}: no {flag} `{slug}`; {hint}{}",
        meetcal::suggest::known_list(known.iter().map(String::as_str))
    )))
}

fn push(
    fields: &mut Vec<(&'static str, serde_yaml::Value)>,
    name: &'static str,
    value: Option<String>,
) {
    if let Some(value) = value {
        fields.push((name, scaffold::text(&value)));
    }
}

/// `--tags "rust, web"`: each tag without the spaces around it.
fn trimmed(tags: Vec<String>) -> Vec<String> {
    tags.iter()
        .map(|tag| tag.trim().to_string())
        .filter(|tag| !tag.is_empty())
        .collect()
}

/// The file's slug: `--slug`, else one made from the title or name, which
/// must have something to make it from.
fn slug_or(
    slug: Option<String>,
    flag: &str,
    name: &str,
    default: impl FnOnce() -> String,
) -> Result<String, Error> {
    if name.trim().is_empty() {
        return Err(Error::Usage(format!("--{flag} is empty")));
    }
    if let Some(slug) = slug {
        return Ok(slug);
    }
    if meetcal::model::slugify(name).is_empty() {
        return Err(Error::Usage(format!(
            "--{flag} `{name}` gives no file name: file names are made of Latin letters, \
             digits and hyphens; name the file with --slug, for example --slug tokyo-rust-meetup"
        )));
    }
    Ok(default())
}

fn event_draft(root: &std::path::Path, e: NewEvent) -> Result<Draft, Error> {
    let title = ask(e.title, "title", "Title")?;
    let start = ask_checked(
        e.start,
        "start",
        "Start (YYYY-MM-DD HH:MM, local time)",
        |start| match meetcal::when::parse_start(start) {
            Ok(_) => Ok(()),
            Err(invalid) => Err(match invalid.hint {
                Some(hint) => format!("{}\n  hint: {hint}", invalid.message),
                None => invalid.message,
            }),
        },
    )?;
    let known = |kind, flag| {
        move |slug: &str| match check_reference(root, kind, flag, &Some(slug.to_string())) {
            Err(Error::Usage(problem)) => Err(problem),
            _ => Ok(()),
        }
    };
    let group = offer(e.group, "Group slug", known(Kind::Group, "group"));
    let venue = offer(
        e.venue,
        "Venue slug (or none)",
        |venue: &str| match is_no_venue(venue) {
            true => Ok(()),
            false => known(Kind::Venue, "venue")(venue),
        },
    );
    check_reference(root, Kind::Group, "group", &group)?;
    // `--venue none`: an online-only event of a group with a usual venue,
    // read as the file's `venue: none` is.
    let venue = match venue {
        Some(none) if is_no_venue(&none) => Some(meetcal::parse::NO_VENUE.to_string()),
        venue => {
            check_reference(root, Kind::Venue, "venue", &venue)?;
            venue
        }
    };
    let slug = slug_or(e.slug, "title", &title, || {
        Draft::default_slug(Kind::Event, &title, Some(&start), e.every.is_some())
    })?;
    let mut fields = vec![
        ("title", scaffold::text(&title)),
        ("start", scaffold::text(&start)),
    ];
    push(&mut fields, "end", e.end);
    push(&mut fields, "duration", e.duration);
    push(&mut fields, "timezone", e.timezone);
    push(&mut fields, "group", group);
    push(&mut fields, "venue", venue);
    push(&mut fields, "online", e.online);
    push(&mut fields, "url", e.url);
    if !e.tags.is_empty() {
        fields.push(("tags", scaffold::list(&trimmed(e.tags))));
    }
    if let Some(every) = e.every {
        let mut repeat = serde_yaml::Mapping::new();
        repeat.insert("every".into(), scaffold::text(&every));
        if let Some(interval) = e.interval {
            repeat.insert("interval".into(), interval.into());
        }
        if let Some(on) = e.on {
            repeat.insert("on".into(), scaffold::text(&on));
        }
        if let Some(until) = e.until {
            repeat.insert("until".into(), scaffold::text(&until));
        }
        if let Some(count) = e.count {
            repeat.insert("count".into(), count.into());
        }
        fields.push(("repeat", serde_yaml::Value::Mapping(repeat)));
    } else {
        let series_only = [
            ("--on", e.on.is_some()),
            ("--interval", e.interval.is_some()),
            ("--until", e.until.is_some()),
            ("--count", e.count.is_some()),
        ];
        if let Some((flag, _)) = series_only.iter().find(|(_, given)| *given) {
            return Err(Error::Usage(format!("{flag} needs --every")));
        }
    }
    Ok(Draft {
        kind: Kind::Event,
        slug,
        folder: e.folder,
        fields,
        body: format!("\n{}\n", meetcal::parse::PLACEHOLDERS[0]),
    })
}

fn group_draft(root: &std::path::Path, g: NewGroup) -> Result<Draft, Error> {
    let name = ask(g.name, "name", "Group name")?;
    if g.venue.as_deref().is_some_and(is_no_venue) {
        return Err(Error::Usage(
            "--venue none: a group with no usual venue leaves --venue out".into(),
        ));
    }
    check_reference(root, Kind::Venue, "venue", &g.venue)?;
    let slug = slug_or(g.slug, "name", &name, || {
        Draft::default_slug(Kind::Group, &name, None, false)
    })?;
    let mut fields = vec![("name", scaffold::text(&name))];
    push(&mut fields, "url", g.url);
    if !g.tags.is_empty() {
        fields.push(("tags", scaffold::list(&trimmed(g.tags))));
    }
    push(&mut fields, "timezone", g.timezone);
    push(&mut fields, "venue", g.venue);
    Ok(Draft {
        kind: Kind::Group,
        slug,
        folder: None,
        fields,
        body: format!("\n{}\n", meetcal::parse::PLACEHOLDERS[1]),
    })
}

fn is_no_venue(venue: &str) -> bool {
    venue.trim().eq_ignore_ascii_case(meetcal::parse::NO_VENUE)
}

fn venue_draft(v: NewVenue) -> Result<Draft, Error> {
    let name = ask(v.name, "name", "Venue name")?;
    let address = offer(v.address, "Address", anything);
    let slug = slug_or(v.slug, "name", &name, || {
        Draft::default_slug(Kind::Venue, &name, None, false)
    })?;
    let mut fields = vec![("name", scaffold::text(&name))];
    push(&mut fields, "address", address);
    if let Some(lat) = v.lat {
        fields.push(("lat", serde_yaml::Value::from(lat)));
    }
    if let Some(lon) = v.lon {
        fields.push(("lon", serde_yaml::Value::from(lon)));
    }
    push(&mut fields, "url", v.url);
    push(&mut fields, "notes", v.notes);
    Ok(Draft {
        kind: Kind::Venue,
        slug,
        folder: None,
        fields,
        body: format!("\n{}\n", meetcal::parse::PLACEHOLDERS[2]),
    })
}
