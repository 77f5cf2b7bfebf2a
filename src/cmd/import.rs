//! `meetcal import` and `meetcal sync`: what each feed did, on standard
//! output; a feed that failed, on standard error, and exit 1.

use meetcal::build::Error;
use meetcal::import::sync::{sync as sync_all, SyncOptions};
use meetcal::import::Options;
use std::path::Path;

pub fn import(root: &Path, options: Options) -> Result<(), Error> {
    let report = meetcal::import::import(root, &options)
        .map_err(|e| Error::Build(format!("{}: {e}", options.source)))?;
    print!("{}", report.to_text());
    Ok(())
}

pub fn sync(root: &Path, options: SyncOptions) -> Result<(), Error> {
    let synced = sync_all(root, options).map_err(Error::Usage)?;
    if synced.is_empty() {
        eprintln!("no group or venue file names a feed in `import:`; nothing to sync");
        return Ok(());
    }
    let mut failed = 0;
    for feed in &synced {
        match &feed.result {
            Ok(report) => print!("{} {}\n{}", feed.owner, feed.url, report.to_text()),
            Err(e) => {
                failed += 1;
                eprintln!("error: {} {}: {e}", feed.owner, feed.url);
            }
        }
    }
    if failed > 0 {
        return Err(Error::Build(format!(
            "{failed} of {} feeds failed; the others were imported",
            synced.len()
        )));
    }
    Ok(())
}
