//! The `meetcal` command line: parses arguments, calls the library, sets
//! the exit code (0 fine, 1 content errors, 2 usage errors).

use clap::{Args, Parser, Subcommand};
use meetcal::build::{build, load_calendar, BuildOptions, Error, Now};
use meetcal::diagnostics::{render, Format};
use meetcal::scaffold::{self, Draft, Kind};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The version and the commit it was built from (see build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("MEETCAL_COMMIT"), ")");

/// Turns a folder of meetup files into a calendar website with iCalendar and RSS feeds.
#[derive(Parser)]
#[command(name = "meetcal", version = VERSION)]
struct Cli {
    /// The calendar's folder: the one holding `content/`.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every file and report every problem.
    Check {
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Build the site into the output folder.
    Build {
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace site.yaml's base_url (for deploy previews).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The time the site is built for: RFC 3339, or `YYYY-MM-DD HH:MM` in the site's zone [default: the clock].
        #[arg(long, value_name = "TIME")]
        now: Option<Now>,
    },
    /// Preview the site on this computer, rebuilt and reloaded on every change.
    Serve {
        /// The port on 127.0.0.1 to serve on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The time the site is built for, as for `build` [default: the clock].
        #[arg(long, value_name = "TIME")]
        now: Option<Now>,
    },
    /// List the occurrences in a date range.
    List {
        /// First date, in the site's zone [default: today].
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<chrono::NaiveDate>,
        /// Date after the last, in the site's zone [default: 90 days after --from].
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Write a new event, group or venue file.
    #[command(subcommand)]
    New(Box<NewCommand>),
    /// Delete a previous output that a build moved aside (run by `build` itself).
    #[command(hide = true)]
    RemovePrevious { path: PathBuf },
    /// Start a new calendar in DIR: settings, examples, Netlify and CI files.
    Init {
        /// The folder to create (or complete: existing files are kept).
        dir: PathBuf,
        #[arg(long, default_value = "Our community calendar")]
        title: String,
        /// The calendar's time zone (an IANA name).
        #[arg(long, default_value = "Europe/Paris")]
        timezone: String,
        /// Where the site will be published.
        #[arg(long, default_value = "https://example.org/")]
        base_url: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new event in content/events/.
    Event(NewEvent),
    /// A new group in content/groups/.
    Group(NewGroup),
    /// A new venue in content/venues/.
    Venue(NewVenue),
}

#[derive(Args)]
struct NewEvent {
    #[arg(long)]
    title: Option<String>,
    /// `YYYY-MM-DD HH:MM`, or `YYYY-MM-DD` for an all-day event.
    #[arg(long)]
    start: Option<String>,
    #[arg(long)]
    end: Option<String>,
    /// `90m`, `2h`, `1h30m`, `2d`.
    #[arg(long)]
    duration: Option<String>,
    #[arg(long)]
    timezone: Option<String>,
    /// Slug of a group file.
    #[arg(long)]
    group: Option<String>,
    /// Slug of a venue file.
    #[arg(long)]
    venue: Option<String>,
    /// https URL of the call or stream.
    #[arg(long)]
    online: Option<String>,
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
    /// The file name [default: from the title, plus the date for one-off events].
    #[arg(long)]
    slug: Option<String>,
    /// A sub-folder of content/events/ to put it in.
    #[arg(long)]
    folder: Option<PathBuf>,
}

#[derive(Args)]
struct NewGroup {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    url: Option<String>,
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    #[arg(long)]
    timezone: Option<String>,
    /// Slug of the group's usual venue.
    #[arg(long)]
    venue: Option<String>,
    #[arg(long)]
    slug: Option<String>,
}

#[derive(Args)]
struct NewVenue {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    lat: Option<f64>,
    #[arg(long, allow_negative_numbers = true)]
    lon: Option<f64>,
    #[arg(long)]
    url: Option<String>,
    /// Access, floor, how to get in.
    #[arg(long)]
    notes: Option<String>,
    #[arg(long)]
    slug: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { format } => check(&cli.root, format),
        Command::Build { out, base_url, now } => {
            let options = BuildOptions {
                out: out.unwrap_or_else(|| cli.root.join("public")),
                root: cli.root,
                base_url,
                now: now.unwrap_or(Now::Clock),
                cleanup: meetcal::output::Cleanup::Background,
            };
            build(&options).map(|built| {
                eprintln!(
                    "built {} events ({} occurrences) into {} files in {}",
                    built.events,
                    built.occurrences,
                    built.files,
                    options.out.display()
                );
            })
        }
        Command::Serve { port, now } => meetcal::serve::serve(&meetcal::serve::ServeOptions {
            root: cli.root,
            port,
            now: now.unwrap_or(Now::Clock),
        }),
        Command::List { from, to, format } => list(&cli.root, from, to, format),
        Command::New(new) => new_file(&cli.root, *new),
        Command::RemovePrevious { path } => {
            meetcal::output::remove_previous(&path).map_err(Error::Usage)
        }
        Command::Init {
            dir,
            title,
            timezone,
            base_url,
        } => init(&dir, title, timezone, base_url),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprint!("{}", error.report());
            ExitCode::from(error.exit_code())
        }
    }
}

fn init(
    dir: &std::path::Path,
    title: String,
    timezone: String,
    base_url: String,
) -> Result<(), Error> {
    use meetcal::init::Outcome;
    let options = meetcal::init::Options {
        title,
        timezone,
        base_url,
        today: chrono::Utc::now().date_naive(),
    };
    let outcomes = meetcal::init::init(dir, &options).map_err(Error::Usage)?;
    for outcome in &outcomes {
        match outcome {
            Outcome::Created(path) => println!("created {}", path.display()),
            Outcome::Kept(path) => println!("kept    {} (it exists already)", path.display()),
        }
    }
    eprintln!(
        "next: edit content/site.yaml, then run `meetcal serve --root {}`",
        dir.display()
    );
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Content problems go to standard output, in the format asked for, so
/// that CI can read them; `ok` and the count go to standard error.
fn check(root: &std::path::Path, format: Format) -> Result<(), Error> {
    match meetcal::build::check(root) {
        Ok(built) => {
            if format == Format::Json {
                println!("[]");
            } else {
                eprintln!(
                    "ok: {} events, {} groups, {} venues",
                    built.events, built.groups, built.venues
                );
            }
            Ok(())
        }
        Err(Error::Content(problems)) => {
            print!("{}", render(&problems, format));
            if format == Format::Human {
                eprintln!("{} problem{} found", problems.len(), plural(problems.len()));
            }
            std::process::exit(1);
        }
        Err(other) => Err(other),
    }
}

fn list(
    root: &std::path::Path,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    format: ListFormat,
) -> Result<(), Error> {
    let calendar = load_calendar(root)?;
    let from = from.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&calendar.site.timezone)
            .date_naive()
    });
    let to = to.unwrap_or(from + chrono::Duration::days(90));
    if to <= from {
        return Err(Error::Usage("--to must be after --from".into()));
    }
    let listed = meetcal::agenda::window(&calendar, from, to);
    match format {
        ListFormat::Json => print!("{}", meetcal::agenda::to_json(&listed)),
        ListFormat::Text => print!("{}", meetcal::agenda::to_text(&listed)),
    }
    Ok(())
}

/// A missing required value: asked for on a terminal, a usage error otherwise.
fn ask(value: Option<String>, flag: &str, question: &str) -> Result<String, Error> {
    if let Some(value) = value {
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(format!("missing --{flag}")));
    }
    eprint!("{question}: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Usage(format!("cannot read the answer: {e}")))?;
    let line = line.trim().to_string();
    if line.is_empty() {
        return Err(Error::Usage(format!("missing --{flag}")));
    }
    Ok(line)
}

/// Asks for an optional value only on a terminal; an empty answer skips it.
fn offer(value: Option<String>, question: &str) -> Option<String> {
    if value.is_some() || !std::io::stdin().is_terminal() {
        return value;
    }
    eprint!("{question} (optional, Enter to skip): ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    Some(line.trim().to_string()).filter(|l| !l.is_empty())
}

fn new_file(root: &std::path::Path, command: NewCommand) -> Result<(), Error> {
    if !root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder; run meetcal from the calendar's folder or pass --root",
            root.display()
        )));
    }
    let draft = match command {
        NewCommand::Event(e) => event_draft(root, e)?,
        NewCommand::Group(g) => group_draft(root, g)?,
        NewCommand::Venue(v) => venue_draft(v)?,
    };
    let problems = draft.problems();
    if !problems.is_empty() {
        eprint!("{}", render(&problems, Format::Human));
        return Err(Error::Usage(
            "the new file would not be valid; fix the options above".into(),
        ));
    }
    let path = draft.write(root).map_err(Error::Usage)?;
    println!("{}", path.display());
    Ok(())
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
        "--{flag}: no {flag} `{slug}`; {hint}({})",
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

fn event_draft(root: &std::path::Path, e: NewEvent) -> Result<Draft, Error> {
    let title = ask(e.title, "title", "Title")?;
    let start = ask(e.start, "start", "Start (YYYY-MM-DD HH:MM, local time)")?;
    let group = offer(e.group, "Group slug");
    let venue = offer(e.venue, "Venue slug");
    check_reference(root, Kind::Group, "group", &group)?;
    check_reference(root, Kind::Venue, "venue", &venue)?;
    let slug = e.slug.unwrap_or_else(|| {
        Draft::default_slug(Kind::Event, &title, Some(&start), e.every.is_some())
    });
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
        fields.push(("tags", scaffold::list(&e.tags)));
    }
    if let Some(every) = e.every {
        let mut repeat = serde_yaml::Mapping::new();
        repeat.insert("every".into(), scaffold::text(&every));
        if let Some(on) = e.on {
            repeat.insert("on".into(), scaffold::text(&on));
        }
        fields.push(("repeat", serde_yaml::Value::Mapping(repeat)));
    } else if e.on.is_some() {
        return Err(Error::Usage("--on needs --every".into()));
    }
    Ok(Draft {
        kind: Kind::Event,
        slug,
        folder: e.folder,
        fields,
        body: "\nDescribe the event here: what will happen, who it is for, how to register.\n"
            .into(),
    })
}

fn group_draft(root: &std::path::Path, g: NewGroup) -> Result<Draft, Error> {
    let name = ask(g.name, "name", "Group name")?;
    check_reference(root, Kind::Venue, "venue", &g.venue)?;
    let slug = g
        .slug
        .unwrap_or_else(|| Draft::default_slug(Kind::Group, &name, None, false));
    let mut fields = vec![("name", scaffold::text(&name))];
    push(&mut fields, "url", g.url);
    if !g.tags.is_empty() {
        fields.push(("tags", scaffold::list(&g.tags)));
    }
    push(&mut fields, "timezone", g.timezone);
    push(&mut fields, "venue", g.venue);
    Ok(Draft {
        kind: Kind::Group,
        slug,
        folder: None,
        fields,
        body: "\nWho the group is for and what happens at its meetups.\n".into(),
    })
}

fn venue_draft(v: NewVenue) -> Result<Draft, Error> {
    let name = ask(v.name, "name", "Venue name")?;
    let address = offer(v.address, "Address");
    let slug = v
        .slug
        .unwrap_or_else(|| Draft::default_slug(Kind::Venue, &name, None, false));
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
        body: "\nHow to find the place, and what it is like.\n".into(),
    })
}
