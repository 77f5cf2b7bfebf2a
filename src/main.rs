//! The `meetcal` command line: parses arguments, calls the library, sets
//! the exit code (0 fine, 1 content errors, 2 usage errors).

/// A fifth of a build's CPU went to the system allocator's malloc and free
/// of small strings; mimalloc's per-thread pages make the build a quarter
/// faster (docs/performance.md, round twelve).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `print!` for what a command writes on standard output, where a reader
/// that has gone (`meetcal list | head -3`) is not an error: `print!`
/// panics on a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!`, as [`out!`].
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprint!`, as [`out!`]: `meetcal check 2>&1 | head` closes stderr too.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!`, as [`out!`].
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cmd;

use clap::{Parser, Subcommand};
use cmd::import::FeedArgs;
use cmd::new::{new_file, NewCommand};
use meetcal::build::{build, load_calendar, BuildOptions, Error, Now};
use meetcal::diagnostics::{counted, render, render_warnings, Format};
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
        /// How to print the problems.
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
        /// The time the site is built for: RFC 3339, or `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` in the site's zone [default: the clock].
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
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_option)]
        from: Option<chrono::NaiveDate>,
        /// Date after the last, in the site's zone [default: 90 days after --from].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_option)]
        to: Option<chrono::NaiveDate>,
        /// How to print them.
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Write a new event, group or venue file.
    #[command(subcommand)]
    New(Box<NewCommand>),
    /// Delete a previous output that a build moved aside (run by `build` itself).
    #[command(hide = true)]
    RemovePrevious { path: PathBuf },
    /// Import a feed (an .ics file or an http(s) URL) as event files.
    Import {
        /// An iCalendar file, or its http(s) address.
        source: String,
        /// The group of every imported event (a slug of content/groups/).
        #[arg(long, value_name = "SLUG")]
        group: Option<String>,
        /// The venue of events that give no location (a slug of content/venues/).
        #[arg(long, value_name = "SLUG")]
        venue: Option<String>,
        /// A tag for every imported event; repeat for several.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// The folder the files go in [default: content/events/imported/[<group>/]<feed>].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        how: FeedArgs,
    },
    /// Import every feed that group and venue files name in `import:`.
    Sync {
        #[command(flatten)]
        how: FeedArgs,
    },
    /// Start a new calendar in DIR: settings, examples, Netlify and CI files.
    Init {
        /// The folder to create (or complete: existing files are kept) [default: --root].
        dir: Option<PathBuf>,
        /// The calendar's name, shown on every page.
        #[arg(long, default_value = "Our community calendar")]
        title: String,
        /// The calendar's time zone (an IANA name).
        #[arg(long, default_value = "Europe/Paris")]
        timezone: String,
        /// Where the site will be published, with its path if it has one (`https://example.org/meetups/`).
        #[arg(long, value_name = "URL", default_value = "https://example.org/")]
        base_url: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    return_freed_memory_soon();
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
            meetcal::free::process_ends_after_build();
            meetcal::timing::stage("total", || build(&options)).map(|built| {
                if let Some(host) = &built.unpinned_uid_host {
                    let warning = meetcal::build::unpinned_uid_warning(&options.root, host);
                    err!("{}", render_warnings(&[warning], Format::Human));
                }
                errln!(
                    "built {} ({}) into {} in {}",
                    counted(built.events, "event"),
                    counted(built.occurrences, "occurrence"),
                    counted(built.files, "file"),
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
        Command::Import {
            source,
            group,
            venue,
            tags,
            out,
            how,
        } => {
            let how = how.options();
            cmd::import::import(
                &cli.root,
                meetcal::import::Options {
                    source,
                    group,
                    venue,
                    tags,
                    folder: out,
                    dry_run: how.dry_run,
                    prune: how.prune,
                    timeout: how.timeout,
                    now: how.now,
                },
            )
        }
        Command::Sync { how } => cmd::import::sync(&cli.root, how.options()),
        Command::Init {
            dir,
            title,
            timezone,
            base_url,
        } => folder_to_init(dir, cli.root).and_then(|dir| init(&dir, title, timezone, base_url)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            err!("{}", error.report());
            ExitCode::from(error.exit_code())
        }
    }
}

/// The calendar `init` writes: its DIR, or `--root`, which names the same
/// folder for every other command; given both, it would ignore one.
fn folder_to_init(dir: Option<PathBuf>, root: PathBuf) -> Result<PathBuf, Error> {
    match dir {
        Some(dir) if root != std::path::Path::new(".") && dir != root => {
            Err(Error::Usage(format!(
                "init: `--root {}` and `{}` name two folders; give the calendar's folder once",
                root.display(),
                dir.display()
            )))
        }
        Some(dir) => Ok(dir),
        None => Ok(root),
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
    // Paths as they are from where init was run, to be copied as printed.
    let here = dir == std::path::Path::new(".");
    let shown = |path: &std::path::Path| match here {
        true => path.display().to_string(),
        false => dir.join(path).display().to_string(),
    };
    for outcome in &outcomes {
        match outcome {
            Outcome::Created(path) => outln!("created {}", shown(path)),
            Outcome::Kept(path) => outln!("kept    {} (it exists already)", shown(path)),
            Outcome::Completed(path, rules) => {
                outln!("added   {} to {}", rules.join(" "), shown(path))
            }
            Outcome::Skipped(path) => outln!(
                "skipped {} (an example, for a new calendar only)",
                shown(path)
            ),
        }
    }
    let serve = match here {
        true => "meetcal serve".to_string(),
        // A command to paste: the folder quoted for a shell when it must be.
        false => format!(
            "meetcal serve --root {}",
            meetcal::init::shell_word(&dir.to_string_lossy())
        ),
    };
    errln!(
        "next: edit {}, then run `{serve}`",
        shown(std::path::Path::new("content/site.yaml"))
    );
    Ok(())
}

/// Content problems go to standard output, in the format asked for, so
/// that CI can read them; `ok` and the count go to standard error.
fn check(root: &std::path::Path, format: Format) -> Result<(), Error> {
    match meetcal::build::check(root) {
        Ok(built) => {
            if let Some(host) = &built.unpinned_uid_host {
                let warning = meetcal::build::unpinned_uid_warning(root, host);
                out!("{}", render_warnings(&[warning], format));
            }
            if format == Format::Json {
                outln!("[]");
            } else {
                errln!(
                    "ok: {}, {}, {}",
                    counted(built.events, "event"),
                    counted(built.groups, "group"),
                    counted(built.venues, "venue")
                );
            }
            Ok(())
        }
        Err(Error::Content(problems)) => {
            out!("{}", render(&problems, format));
            if format == Format::Human {
                errln!("{} found", counted(problems.len(), "problem"));
            }
            std::process::exit(1);
        }
        Err(other) => Err(other),
    }
}

/// A date option read as a file's dates are, with the same hint
/// (`01/04/2027` is `2027-04-01` or `2027-01-04`).
fn date_option(text: &str) -> Result<chrono::NaiveDate, String> {
    meetcal::when::parse_date(text.trim()).map_err(|invalid| match invalid.hint {
        Some(hint) => format!("{}; {hint}", invalid.message),
        None => invalid.message,
    })
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
        // `--to` is the day after the last: the same date twice lists nothing.
        return Err(Error::Usage(format!(
            "--to must be after --from: it is the day after the last listed, so for {from} alone write --to {}",
            from + chrono::Duration::days(1)
        )));
    }
    let listed = meetcal::agenda::window(&calendar, from, to);
    match format {
        ListFormat::Json => out!("{}", meetcal::agenda::to_json(&listed)),
        ListFormat::Text => out!("{}", meetcal::agenda::to_text(&listed)),
    }
    Ok(())
}

/// mimalloc holds freed memory for a second before it gives it back to the
/// system. A build frees large buffers (pages, feeds) all along, and holding
/// them raised a 10,000-event build's peak memory from 90 MB to 135 MB. Ten
/// milliseconds keep the peak near the system allocator's (88 MB, against
/// 85 MB after one millisecond) and spare the faults of memory given back
/// and taken again at once: 1 to 5% of a build's time.
/// `MIMALLOC_PURGE_DELAY` in the environment still decides.
fn return_freed_memory_soon() {
    // `mi_option_purge_delay` in mimalloc.h's `mi_option_t` (v2 and v3 alike).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options, which it reads with each purge.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) }
    }
}
