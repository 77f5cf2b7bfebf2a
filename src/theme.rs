//! Templates and static files: the default theme is built into the binary; a
//! calendar's own `themes/<name>/` replaces it file by file.

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

macro_rules! embedded_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded_templates![
    "base.html",
    "index.html",
    "event.html",
    "month.html",
    "past.html",
    "events.html",
    "groups.html",
    "tags.html",
    "venues.html",
    "group.html",
    "venue.html",
    "tag.html",
    "subscribe.html",
    "search.html",
    "404.html",
    "partials/agenda.html",
    "partials/agenda_entry.html",
    "partials/month_entry.html",
    "partials/events.html",
    "partials/subscribe_links.html",
    "partials/embed_snippet.html",
    "partials/listed_date.html",
    "partials/calendar_feeds.html",
    "embed.html",
];

const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "local-time.js",
        include_bytes!("../themes/default/static/local-time.js"),
    ),
    // The search page's script, the only one of the theme.
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
];

pub struct Theme {
    pub tera: tera::Tera,
    /// With stylesheets and scripts renamed to carry a hash of their content.
    pub static_files: Vec<OutputFile>,
    /// Original name (`style.css`) to fingerprinted path (`style.0a1b2c3d.css`).
    pub assets: BTreeMap<String, String>,
    /// The templates the theme replaces.
    overridden: BTreeSet<String>,
    /// The theme's folder, relative to the calendar root.
    folder: PathBuf,
    /// The first failure of a render found in one of the theme's own files,
    /// located there. Pages are rendered on several threads, and their
    /// errors travel as text; the build asks for it when one failed.
    located_failure: Mutex<Option<Diagnostic>>,
}

/// Why a theme could not be loaded: a mistake in one of its files, located
/// there, or anything else, as text.
#[derive(Debug)]
pub enum Failure {
    Located(Diagnostic),
    Other(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Other(message)
    }
}

const TEMPLATE_HINT: &str =
    "meetcal's docs/themes.md lists every template and the variables each one can use";

impl Theme {
    /// Loads the theme named in site.yaml from `<root>/themes/`, over the default.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Failure> {
        let folder = Path::new("themes").join(name);
        let dir = root.join(&folder);
        // Links inside the theme are refused by `theme_files`; a linked
        // themes/ or themes/<name>/ would bring in files from elsewhere.
        for linked in [Path::new("themes"), &folder] {
            if crate::load::is_symlink(&root.join(linked)) {
                return Err(Failure::Located(linked_file(linked)));
            }
        }
        if name != "default" && !dir.is_dir() {
            return Err(Failure::Other(format!(
                "theme `{name}` not found: expected a folder themes/{name}/ (or remove `theme` from site.yaml)"
            )));
        }
        let mut templates: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut overridden = BTreeSet::new();
        let mut static_files: Vec<OutputFile> = DEFAULT_STATIC
            .iter()
            .map(|(n, b)| OutputFile::new(*n, *b))
            .collect();
        for (relative, bytes) in theme_files(root, &folder.join("templates"))? {
            let name = relative.to_string_lossy().replace('\\', "/");
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::Located(
                    Diagnostic::new(
                        folder.join("templates").join(&relative),
                        1,
                        1,
                        "the template is not UTF-8 text".into(),
                    )
                    .with_hint(Some(
                        "save the file as UTF-8 (your editor's \"Save with encoding\")".into(),
                    )),
                )
            })?;
            templates.retain(|(n, _)| *n != name);
            overridden.insert(name.clone());
            templates.push((name, text));
        }
        for (relative, bytes) in theme_files(root, &folder.join("static"))? {
            static_files.retain(|f| f.path != relative);
            static_files.push(OutputFile::new(relative, bytes));
        }
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(match locate(&e, &folder, &overridden) {
                Some(located) => Failure::Located(located),
                None => Failure::Other(format!("theme `{name}`: {}", error_chain(&e))),
            });
        }
        let assets = fingerprint(&mut static_files);
        static_files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Theme {
            tera,
            static_files,
            assets,
            overridden,
            folder,
            located_failure: Mutex::default(),
        })
    }

    /// The first failure of a render located in one of the theme's own
    /// files, if there was one; taken, so that `serve`, which keeps the
    /// theme between builds, never reports it for a later build.
    pub fn take_located_failure(&self) -> Option<Diagnostic> {
        self.located_failure
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    /// Keeps `failure` as the build's located failure, unless one was
    /// found first.
    pub fn failed_at(&self, failure: Diagnostic) {
        self.located_failure
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get_or_insert(failure);
    }

    /// Whether the theme replaces none of the default theme's templates
    /// but `these`.
    pub fn replaces_only(&self, these: &[&str]) -> bool {
        self.overridden
            .iter()
            .all(|name| these.contains(&name.as_str()))
    }

    /// Whether `template` is the default theme's own, which meetcal may
    /// write without interpreting it (`render::entries`).
    pub fn is_builtin(&self, template: &str) -> bool {
        !self.overridden.contains(template)
            && DEFAULT_TEMPLATES.iter().any(|(name, _)| *name == template)
    }

    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, String> {
        self.tera.render(template, context).map_err(|e| {
            if let Some(located) = locate(&e, &self.folder, &self.overridden) {
                self.failed_at(located);
            }
            format!("template {template}: {}", error_chain(&e))
        })
    }
}

/// Renames `.css` and `.js` files to `name.<hash>.ext`, so they can be
/// cached for a year: a changed file gets a new name.
fn fingerprint(files: &mut [OutputFile]) -> BTreeMap<String, String> {
    let mut assets = BTreeMap::new();
    for file in files.iter_mut() {
        let path = file.path.to_string_lossy().replace('\\', "/");
        let Some((stem, extension)) = path.rsplit_once('.') else {
            continue;
        };
        if !matches!(extension, "css" | "js") {
            continue;
        }
        let hashed = format!("{stem}.{:08x}.{extension}", fnv1a(&file.bytes) as u32);
        file.path = PathBuf::from(&hashed);
        assets.insert(path, hashed);
    }
    assets
}

/// FNV-1a: a stable content hash for file names, not for security.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where a Tera error is, when it is in a template file of the theme's
/// own (`overridden`): the organizer can open that file at that line. An
/// error in a built-in template stays text: there is no file to point at.
fn locate(err: &tera::Error, folder: &Path, overridden: &BTreeSet<String>) -> Option<Diagnostic> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(error) = current {
        if let Some(tera_error) = error.downcast_ref::<tera::Error>() {
            if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera_error.kind()
            {
                if !overridden.contains(report.filename()) {
                    return None;
                }
                let span = report.span();
                return Some(
                    Diagnostic::new(
                        folder.join("templates").join(report.filename()),
                        span.start_line,
                        span.start_col + 1,
                        report.message().to_string(),
                    )
                    .with_hint(Some(TEMPLATE_HINT.into())),
                );
            }
        }
        current = error.source();
    }
    None
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// A symbolic link in the theme, `path` from the calendar's root.
fn linked_file(path: &Path) -> Diagnostic {
    Diagnostic::new(path, 1, 1, "symbolic links are not allowed in themes/".into()).with_hint(Some(
        "put a copy of the file or folder here: a link could bring files from outside the calendar into the site".into(),
    ))
}

/// Regular files under `folder` of the calendar at `root`, relative to
/// `folder`. Symbolic links are refused, so a theme cannot copy files from
/// outside the calendar into the site.
fn theme_files(root: &Path, folder: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, Failure> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| format!("cannot read the theme: {e}"))?;
        let relative = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() {
            return Err(Failure::Located(linked_file(&folder.join(relative))));
        }
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            files.push((relative, bytes));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn refuses_a_linked_theme_folder() {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(elsewhere.path().join("static")).unwrap();
        std::fs::write(elsewhere.path().join("static/secret.txt"), "secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("themes")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.path().join("themes/default")).unwrap();
        let Some(Failure::Located(err)) = Theme::load(root.path(), "default").err() else {
            panic!("a linked theme folder was read");
        };
        assert_eq!(err.file, Path::new("themes/default"));
        assert!(
            err.message.contains("symbolic links are not allowed"),
            "{err:?}"
        );
    }
}
