//! Finding the content files: one walk of `content/`, reporting what is
//! there but not read.

use super::read::symlink_refused;
use super::{relative, Kind, MAX_DEPTH};
use crate::diagnostics::Diagnostic;
use crate::source::FileKind;
use std::path::{Path, PathBuf};

/// The content files to read, with their kind, in one walk of `content/`.
/// Everything else there is reported, so a contributor learns why a file
/// never appears: symbolic links, folders too deep, files meetcal does not
/// read, and output markers. Names starting with `.` or `_` are left out on
/// purpose (drafts, `.gitkeep`), but for an output marker, which would let
/// a build replace the folder it is in.
pub fn list_content(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(PathBuf, Kind)> {
    let mut jobs = Vec::new();
    list_content_each(root, problems, |job| jobs.push(job));
    jobs
}

/// [`list_content`], handing each file to read to `found` as it is listed.
pub(super) fn list_content_each(
    root: &Path,
    problems: &mut Vec<Diagnostic>,
    mut found: impl FnMut((PathBuf, Kind)),
) {
    // content/ is depth 0, events/ depth 1 and a file in it depth 2; one
    // level past the deepest files shows the folders too deep, to name them.
    let walker = walkdir::WalkDir::new(root.join("content"))
        .follow_links(false)
        .max_depth(MAX_DEPTH + 2)
        // By name: siblings' paths differ only after their parent's, and
        // comparing them as bytes skips splitting each into components at
        // every comparison (a tenth of a load of 10,000 files).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || name == crate::output::MARKER
                || !name.starts_with('.') && !name.starts_with('_')
        });
    // The folder under content/ the walk is in (`events`): the walk goes
    // depth first, so it is the last entry seen at depth 1.
    let mut folder = String::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                // The I/O error alone: walkdir's own text repeats the full path.
                let (message, hint) = match err.io_error() {
                    Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => (
                        format!("cannot read: {io}"),
                        Some(super::read::UNREADABLE_HINT.into()),
                    ),
                    Some(io) => (format!("cannot read: {io}"), None),
                    None => (format!("cannot read: {err}"), None),
                };
                problems.push(Diagnostic::new(path, 1, 1, message).with_hint(hint));
                continue;
            }
        };
        match entry.depth() {
            0 => continue,
            1 => folder = entry.file_name().to_string_lossy().into_owned(),
            _ => {}
        }
        // Folders above the entry inside its kind's folder: 0 for
        // `content/events/x.md`, 1 for `content/events/2027/x.md`.
        let folders = entry.depth().saturating_sub(2);
        // Each kind, with how many folders deep its files may be.
        let kind = match folder.as_str() {
            "events" => Some((Kind::Event, MAX_DEPTH)),
            "groups" => Some((Kind::Group, 0)),
            "venues" => Some((Kind::Venue, 0)),
            _ => None,
        };
        if entry.path_is_symlink() {
            problems.push(symlink_refused(&relative(root, entry.path())));
        } else if entry.file_type().is_dir() {
            // Groups and venues in a sub-folder are named file by file.
            if folder == "events" && folders >= MAX_DEPTH {
                problems.push(
                    Diagnostic::new(
                        relative(root, entry.path()),
                        1,
                        1,
                        format!("folders may be nested at most {MAX_DEPTH} deep here"),
                    )
                    .with_hint(Some(
                        "move the files up: a folder per year, or per group, is deep enough".into(),
                    )),
                );
            }
        } else if entry.depth() == 1 && entry.file_name() == "site.yaml" {
            // Read on its own, first.
        } else if let Some((kind, _)) =
            kind.filter(|(_, most)| folders <= *most && FileKind::from_path(entry.path()).is_some())
        {
            found((relative(root, entry.path()), kind));
        } else {
            let fields_only = entry.file_type().is_file() && holds_fields_only(entry.path());
            problems.push(unread(
                relative(root, entry.path()),
                &folder,
                kind.is_some(),
                fields_only,
            ));
        }
    }
}

/// The extension a content file meant to have: its own in lowercase when
/// that is one meetcal reads (`Rust.YAML`), else `yaml` for a file of
/// fields alone and `md` for the others.
fn meant_extension(path: &Path, fields_only: bool) -> String {
    let lower = path
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match lower.as_str() {
        "yaml" | "yml" => lower,
        _ if fields_only => "yaml".into(),
        _ => "md".into(),
    }
}

/// Whether a file meetcal does not read looks like fields alone: its first
/// line that is not blank or a comment is `name: value`, not `---`. Only
/// its first few kilobytes are read, and only for the hint.
fn holds_fields_only(full: &Path) -> bool {
    use std::io::Read;
    let mut start = [0; 4096];
    let read = std::fs::File::open(full).and_then(|mut file| file.read(&mut start));
    let Ok(text) = std::str::from_utf8(&start[..read.unwrap_or(0)]) else {
        return false;
    };
    let first =
        (text.lines().map(str::trim)).find(|line| !line.is_empty() && !line.starts_with('#'));
    first.is_some_and(|line| {
        let name = line.split_once(':').map_or("", |(name, _)| name);
        !name.is_empty() && name.bytes().all(crate::yaml::is_field_name_byte)
    })
}

/// Why a file under content/ is not read, and where it belongs.
fn unread(path: PathBuf, folder: &str, in_its_folder: bool, fields_only: bool) -> Diagnostic {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let (message, hint) = if name == crate::output::MARKER {
        (
            "this marker file would let `meetcal build` replace the folder it is in".to_string(),
            "delete it: only meetcal writes it, into the site it builds".to_string(),
        )
    } else if in_its_folder && FileKind::from_path(&path).is_none() {
        (
            "meetcal does not read this file: content files end in `.md`, `.yaml` or `.yml`"
                .to_string(),
            {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                // `rust-night.md.txt`, as some editors save it: the name
                // it was meant to have.
                let meant = Path::new(stem.as_ref());
                let (stem, extension) = match FileKind::from_path(meant) {
                    Some(_) => (
                        meant.file_stem().unwrap_or_default().to_string_lossy(),
                        meant_extension(meant, false),
                    ),
                    None => (stem.clone(), meant_extension(&path, fields_only)),
                };
                format!(
                    "rename it to `{}.{extension}`, or start its name with `_` to keep it out of the calendar",
                    crate::model::slugify(&stem),
                )
            },
        )
    } else if folder == "events" {
        (
            format!("meetcal does not read this file: it is in more than {MAX_DEPTH} folders inside content/events/"),
            "move it up: a folder per year, or per group, is deep enough".to_string(),
        )
    } else if in_its_folder {
        (
            format!("meetcal does not read this file: {folder} are read from content/{folder}/ itself, not from folders inside it"),
            format!("move it to content/{folder}/"),
        )
    } else {
        (
            "meetcal does not read this file: events go in content/events/, groups in content/groups/, venues in content/venues/".to_string(),
            "move it there, or start its name with `_` to keep it out of the calendar".to_string(),
        )
    };
    Diagnostic::new(path, 1, 1, message).with_hint(Some(hint))
}
