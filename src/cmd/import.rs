//! `meetcal import` and `meetcal sync`: the options they share, then what
//! each feed did, on standard output; a feed that failed, on standard
//! error, and exit 1.

use meetcal::build::{Error, Now};
use meetcal::import::sync::{sync as sync_all, SyncOptions};
use meetcal::import::{Options, DEFAULT_TIMEOUT};
use std::path::Path;
use std::time::Duration;

/// How each feed is fetched and written, for `import` and `sync` alike.
#[derive(clap::Args)]
pub struct FeedArgs {
    /// Print what would change, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Mark events gone from their feed `status: cancelled`, and remove the changes to one date it no longer makes (events that are over are left as they are).
    #[arg(long)]
    prune: bool,
    /// Seconds a feed's download may take.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT.as_secs(), value_name = "SECONDS")]
    timeout: u64,
    /// The time that decides which events are over, as for `build` [default: the clock].
    #[arg(long, value_name = "TIME")]
    now: Option<Now>,
}

impl FeedArgs {
    /// The library's options; the clock when no `--now` is given.
    pub fn options(self) -> SyncOptions {
        SyncOptions {
            dry_run: self.dry_run,
            prune: self.prune,
            timeout: Duration::from_secs(self.timeout),
            now: self.now.unwrap_or(Now::Clock),
        }
    }
}

pub fn import(root: &Path, options: Options) -> Result<(), Error> {
    let report = meetcal::import::import(root, &options)
        .map_err(|e| Error::Build(format!("{}: {e}", options.source)))?;
    out!("{}", report.to_text());
    Ok(())
}

pub fn sync(root: &Path, options: SyncOptions) -> Result<(), Error> {
    let dry_run = options.dry_run;
    let synced = sync_all(root, options).map_err(Error::Usage)?;
    if synced.is_empty() {
        errln!("no group or venue file names a feed in `import:`; nothing to sync");
        return Ok(());
    }
    let mut failed = 0;
    for feed in &synced {
        match &feed.result {
            Ok(report) => out!("{} {}\n{}", feed.owner, feed.url, report.to_text()),
            Err(e) => {
                failed += 1;
                errln!("error: {} {}: {e}", feed.owner, feed.url);
            }
        }
    }
    if failed > 0 {
        return Err(Error::Build(failed_feeds(failed, synced.len(), dry_run)));
    }
    Ok(())
}

/// The last line of a sync in which some feeds failed: what became of the
/// others, which a dry run only read, and which may be none.
fn failed_feeds(failed: usize, feeds: usize, dry_run: bool) -> String {
    let others = match feeds - failed {
        0 if dry_run => return format!("every feed failed ({failed})"),
        0 => return format!("every feed failed ({failed}); nothing was imported"),
        1 => "the other was".to_string(),
        n => format!("the {n} others were"),
    };
    if dry_run {
        format!(
            "{failed} of {feeds} feeds failed; {others} read, and nothing was written (dry run)"
        )
    } else {
        format!("{failed} of {feeds} feeds failed; {others} imported")
    }
}
