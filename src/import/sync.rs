//! `meetcal sync`: every feed named by a group's or venue's `import:`,
//! imported into a folder of its own. One feed failing does not stop the
//! others; the caller learns which failed.

use super::{fetch, folder_for, import_into, Options, Report};
use crate::load::Loaded;
use std::path::Path;
use std::time::Duration;

/// How every feed is imported.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    pub dry_run: bool,
    pub prune: bool,
    pub timeout: Duration,
    pub now: crate::when::now::Now,
}

/// One feed and what its import did, or why it failed.
#[derive(Debug)]
pub struct Synced {
    /// `groups/<slug>` or `venues/<slug>`.
    pub owner: String,
    pub url: String,
    pub result: Result<Report, String>,
}

/// What each feed of the loaded calendar gets imported with: a group's
/// feeds into `content/events/imported/<group>/`, a venue's into
/// `content/events/imported/venue-<venue>/`.
pub fn feeds(loaded: &Loaded, options: SyncOptions) -> Vec<(String, Options)> {
    let mut feeds = Vec::new();
    let mut groups: Vec<_> = loaded.groups.iter().map(|(_, g)| g).collect();
    groups.sort_by(|a, b| a.slug.cmp(&b.slug));
    for group in groups {
        for feed in &group.imports {
            feeds.push((
                format!("groups/{}", group.slug),
                Options {
                    source: feed.url.clone(),
                    group: Some(group.slug.clone()),
                    venue: None,
                    tags: feed.tags.clone(),
                    folder: Some(folder_for(&feed.url, Some(&group.slug))),
                    dry_run: options.dry_run,
                    prune: options.prune,
                    timeout: options.timeout,
                    now: options.now,
                },
            ));
        }
    }
    let mut venues: Vec<_> = loaded.venues.iter().map(|(_, v)| v).collect();
    venues.sort_by(|a, b| a.slug.cmp(&b.slug));
    for venue in venues {
        let Some(slug) = &venue.slug else { continue };
        for feed in &venue.imports {
            feeds.push((
                format!("venues/{slug}"),
                Options {
                    source: feed.url.clone(),
                    group: None,
                    venue: Some(slug.clone()),
                    tags: feed.tags.clone(),
                    folder: Some(folder_for(&feed.url, Some(&format!("venue-{slug}")))),
                    dry_run: options.dry_run,
                    prune: options.prune,
                    timeout: options.timeout,
                    now: options.now,
                },
            ));
        }
    }
    feeds
}

/// Imports every feed, in the order of [`feeds`]. Two feeds that would
/// share a folder are refused before anything is imported: with `--prune`
/// each would cancel the other's events.
///
/// The calendar is loaded once. Each feed has a folder of its own, but a
/// feed's slugs and UIDs are the whole calendar's: each import keeps the
/// loaded calendar as it leaves the disk, so the next feed takes another
/// slug and refuses a UID an earlier one wrote.
pub fn sync(root: &Path, options: SyncOptions) -> Result<Vec<Synced>, String> {
    let mut calendar = crate::load::load(root)?;
    let feeds = feeds(&calendar, options);
    let mut folders = std::collections::BTreeMap::new();
    for (owner, feed) in &feeds {
        if let Some(other) = folders.insert(feed.folder.clone(), owner) {
            return Err(format!(
                "{owner} and {other} both import {}: name each feed once",
                feed.source
            ));
        }
    }
    Ok(feeds
        .into_iter()
        .map(|(owner, options)| Synced {
            owner,
            url: options.source.clone(),
            result: fetch::fetch(&options.source, root, options.timeout)
                .and_then(|bytes| import_into(root, &mut calendar, &options, &bytes)),
        })
        .collect())
}
