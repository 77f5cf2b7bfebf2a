//! One content file as text: encoding checks and the front-matter split.
//!
//! Pure functions of the bytes, so every mistake a contributor can make in a
//! file's shape is unit-testable without touching the disk.

use crate::diagnostics::Diagnostic;
use crate::yaml::{Entries, Position, Positions, YamlError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use crate::limits::MAX_FILE_BYTES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// YAML front matter between `---` lines, then a Markdown body.
    Markdown,
    /// Only YAML; a `description` field holds the Markdown.
    Yaml,
}

impl FileKind {
    pub fn from_path(path: &Path) -> Option<FileKind> {
        match path.extension()?.to_str()? {
            "md" => Some(FileKind::Markdown),
            "yaml" | "yml" => Some(FileKind::Yaml),
            _ => None,
        }
    }
}

/// A content file split into its YAML and its Markdown body.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in messages, relative to the calendar root.
    pub path: PathBuf,
    pub yaml: String,
    /// The file line on which `yaml` starts (1-based).
    pub yaml_line: usize,
    /// The Markdown after the front matter, for `.md` files.
    pub body: Option<String>,
    /// The file line on which `body` starts (1-based).
    pub body_line: usize,
    /// Where each key and value of `yaml` is, kept from its one parse
    /// ([`Source::read_yaml`]) for every message about the file, including
    /// those of the checks that run after all files are read.
    positions: OnceLock<Positions>,
}

/// What an empty file at `path` should hold, by the folder it is in.
fn empty_file_hint(path: &Path) -> &'static str {
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|name| name.to_str());
    if path.file_name().is_some_and(|name| name == "site.yaml") && folder == Some("content") {
        return "site.yaml needs `title:`, `base_url:` and `timezone:`; `meetcal init` writes an example";
    }
    match folder {
        Some("groups") => "a group needs at least `name:`; `meetcal new group` writes a starting point",
        Some("venues") => "a venue needs at least `name:`; `meetcal new venue` writes a starting point",
        _ => "an event needs at least `title:` and `start:`; `meetcal new event` writes a starting point",
    }
}

impl Source {
    pub fn parse(path: &Path, bytes: &[u8], kind: FileKind) -> Result<Source, Diagnostic> {
        Source::parse_owned(path, bytes.to_vec(), kind)
    }

    /// [`Source::parse`], keeping the bytes read as the body's text: a
    /// calendar is mostly descriptions, and loading one copied each.
    pub fn parse_owned(path: &Path, bytes: Vec<u8>, kind: FileKind) -> Result<Source, Diagnostic> {
        let fail = |line: usize, message: &str, hint: &str| {
            Err(Diagnostic::new(path, line, 1, message.to_string())
                .with_hint(Some(hint.to_string())))
        };
        if bytes.len() > MAX_FILE_BYTES {
            return Err(too_large(path, bytes.len()));
        }
        let mut text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => return Err(not_utf8(path, err.as_bytes(), err.utf8_error())),
        };
        if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
            return fail(
                line_of_offset(text.as_bytes(), offset),
                "the file contains a NUL byte",
                "the file looks binary; save it as plain text",
            );
        }
        // A byte-order mark and Windows line endings are harmless: accept them,
        // and a lone CR (classic Mac OS) as the line break YAML and Markdown
        // both read it as.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        if text.trim().is_empty() {
            return fail(1, "the file is empty", empty_file_hint(path));
        }
        match kind {
            FileKind::Yaml => Ok(Source {
                path: path.to_path_buf(),
                yaml: text,
                yaml_line: 1,
                body: None,
                body_line: 1,
                positions: OnceLock::new(),
            }),
            FileKind::Markdown => split_front_matter(path, text),
        }
    }

    /// Parses the YAML into its fields, keeping where each one is for
    /// [`Source::positions`].
    pub fn read_yaml(&self) -> Result<Entries, YamlError> {
        match crate::yaml::parse(&self.yaml) {
            Ok(document) => {
                let _ = self.positions.set(document.positions);
                Ok(document.fields)
            }
            Err(err) => {
                // The error has its own position; nothing else is located.
                let _ = self.positions.set(Positions::default());
                Err(err)
            }
        }
    }

    /// Where each key and value of the YAML is. Parses the YAML if
    /// [`Source::read_yaml`] has not.
    pub fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| {
            crate::yaml::parse(&self.yaml)
                .map(|document| document.positions)
                .unwrap_or_default()
        })
    }

    /// A diagnostic at a position inside the YAML text, moved to the file's
    /// lines. The YAML reader counts lines as editors do (see
    /// [`Position`]); should a position still fall past the YAML text, it is
    /// moved to the text's last line, so it always names a line the file has.
    pub fn error_at(&self, at: Position, message: String, hint: Option<String>) -> Diagnostic {
        let last_line = self.yaml.matches('\n').count() + 1;
        let (line, column) = if at.line > last_line {
            (last_line, 1)
        } else {
            (at.line, at.column.max(1))
        };
        Diagnostic::new(&self.path, line + self.yaml_line - 1, column, message).with_hint(hint)
    }
}

pub fn too_large(path: &Path, size: usize) -> Diagnostic {
    Diagnostic::new(
        path,
        1,
        1,
        format!(
            "the file is {} KiB, over the limit of {} KiB",
            size.div_ceil(1024),
            MAX_FILE_BYTES / 1024
        ),
    )
    .with_hint(Some(
        "an event description rarely needs more than a few paragraphs; link to a page with the details".into(),
    ))
}

fn split_front_matter(path: &Path, mut text: String) -> Result<Source, Diagnostic> {
    // Lines found with memchr, each with its `\n`: a character search per
    // line was a tenth of reading the front matter.
    let line_end = |from: usize| {
        memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |at| from + at + 1)
    };
    let first = &text[..line_end(0)];
    if let Some(invisible) = invisible_before_dashes(first) {
        return Err(Diagnostic::new(
            path,
            1,
            1,
            format!(
                "line 1 starts with the invisible character U+{:04X} before `---`, so the front matter does not start",
                invisible as u32
            ),
        )
        .with_hint(Some(
            "delete the character: the first line is `---` alone (it comes with text copied from a web page)".into(),
        )));
    }
    if first.trim_end() != "---" {
        return Err(Diagnostic::new(
            path,
            1,
            1,
            "a Markdown file must start with front matter: a line with only `---`".into(),
        )
        .with_hint(Some(
            "put the fields between two `---` lines at the top, then the description".into(),
        )));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    while offset < text.len() {
        let end = line_end(offset);
        if text[offset..end].trim_end() == "---" {
            let yaml = text[yaml_start..offset].to_string();
            let body_start = end;
            let body_line = 3 + memchr::memchr_iter(b'\n', yaml.as_bytes()).count();
            // The file's own text becomes the body, in place.
            text.drain(..body_start);
            let body = text;
            return Ok(Source {
                path: path.to_path_buf(),
                yaml,
                yaml_line: 2,
                body_line,
                body: Some(body),
                positions: OnceLock::new(),
            });
        }
        offset = end;
    }
    if let Some((line, written)) = closing_meant(&text) {
        return Err(Diagnostic::new(
            path,
            line,
            1,
            format!("the front matter's closing line is `{written}`, where it takes three dashes"),
        )
        .with_hint(Some(
            "write `---`, with three hyphens and nothing else".into(),
        )));
    }
    Err(Diagnostic::new(
        path,
        1,
        1,
        "unterminated front matter: the opening `---` has no closing `---`".into(),
    )
    .with_hint(Some(
        "add a line with only `---` after the last field, before the description".into(),
    )))
}

/// An invisible character before a first line's `---` (a zero-width
/// space, as web pages hold), which makes it no front matter.
fn invisible_before_dashes(first: &str) -> Option<char> {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}'
        )
    };
    let c = first.chars().next().filter(|c| invisible(*c))?;
    (first.trim_start_matches(invisible).trim_end() == "---").then_some(c)
}

/// A line after the first made only of dashes, but not three hyphens
/// (`--`, `----`, an editor's `—`): the closing line meant, with its
/// number. Only read when no closing line was found.
fn closing_meant(text: &str) -> Option<(usize, &str)> {
    text.split('\n').enumerate().skip(1).find_map(|(i, line)| {
        let line = line.trim();
        let dashes = !line.is_empty() && line.chars().all(|c| matches!(c, '-' | '–' | '—'));
        // `-` alone is a YAML list's empty item.
        (dashes && line != "-").then_some((i + 1, line))
    })
}

/// Where a file stops being UTF-8, and what it most likely is: a byte
/// that is a letter in Windows-1252 (`0xE9`, `é`), as older editors on
/// Windows save text.
fn not_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let at = error.valid_up_to();
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Everything before `at` is UTF-8, so its characters can be counted.
    let column = std::str::from_utf8(&bytes[line_start..at]).map_or(1, |t| t.chars().count() + 1);
    let byte = bytes[at];
    // A lone byte before plain text: a multi-byte character cut short, or
    // one written too long (`0xC0 0x80`), is no sign of it.
    let lone = error.error_len() == Some(1)
        && bytes
            .get(at + 1)
            .is_none_or(|next| !(0x80..=0xBF).contains(next));
    let windows = windows_1252(byte).filter(|_| lone);
    let message = match windows {
        _ if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) => {
            "the file is not valid UTF-8 text: it is UTF-16".to_string()
        }
        Some('\u{a0}') => format!("the file is not valid UTF-8 text: it looks like Windows-1252 (or Latin-1), where the byte 0x{byte:02X} is a non-breaking space"),
        Some(c) => format!("the file is not valid UTF-8 text: it looks like Windows-1252 (or Latin-1), where the byte 0x{byte:02X} is `{c}`"),
        None => "the file is not valid UTF-8 text".to_string(),
    };
    Diagnostic::new(path, line_of_offset(bytes, at), column, message).with_hint(Some(
        "save the file with the UTF-8 encoding (most editors offer it in \"Save as\")".into(),
    ))
}

/// The character a byte from 0x80 up is in Windows-1252: Latin-1, with
/// printable characters (`€`, `’`, `œ`) where Latin-1 has controls.
fn windows_1252(byte: u8) -> Option<char> {
    const FROM_0X80: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(FROM_0X80[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        0xA0..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Result<Source, Diagnostic> {
        Source::parse(Path::new("e.md"), text.as_bytes(), FileKind::Markdown)
    }

    #[test]
    fn an_empty_file_is_told_what_its_folder_needs() {
        let hint = |path: &str| {
            let err = Source::parse(Path::new(path), b"\n", FileKind::Yaml).unwrap_err();
            assert_eq!(err.message, "the file is empty");
            err.hint.unwrap()
        };
        assert!(hint("content/site.yaml").contains("`base_url:`"));
        assert!(hint("content/groups/rust.yaml").contains("a group needs"));
        assert!(hint("content/venues/cafe.yaml").contains("a venue needs"));
        assert!(hint("content/events/2027/rust.yaml").contains("an event needs"));
        assert!(hint("content/events/site.yaml").contains("an event needs"));
    }

    #[test]
    fn can_split_front_matter_and_body() {
        let source = md("---\ntitle: A\n---\nHello\n").unwrap();
        assert_eq!(source.yaml, "title: A\n");
        assert_eq!(source.yaml_line, 2);
        assert_eq!(source.body.as_deref(), Some("Hello\n"));
    }

    #[test]
    fn front_matter_ends_at_the_first_line_of_only_dashes() {
        let split = |text: &str| {
            let source = md(text).unwrap();
            (source.yaml, source.body.unwrap(), source.body_line)
        };
        assert_eq!(
            split("---\na: 1\nb: 2\n---\nBody\n"),
            ("a: 1\nb: 2\n".into(), "Body\n".into(), 5)
        );
        // The closing line may end the file, or carry trailing spaces.
        assert_eq!(split("---\na: 1\n---"), ("a: 1\n".into(), String::new(), 4));
        assert_eq!(
            split("---  \na: 1\n--- \t\nB"),
            ("a: 1\n".into(), "B".into(), 4)
        );
        assert_eq!(
            split("---\n---\nB\n---\nC"),
            (String::new(), "B\n---\nC".into(), 3)
        );
        // Dashes inside a line, or more of them, are not the end.
        assert_eq!(
            split("---\na: ---\n----\n---\nB"),
            ("a: ---\n----\n".into(), "B".into(), 5)
        );
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let source = md("\u{feff}---\r\ntitle: A\r\n---\r\nHi\r\n").unwrap();
        assert_eq!(source.yaml, "title: A\n");
        assert_eq!(source.body.as_deref(), Some("Hi\n"));
    }

    #[test]
    fn accepts_classic_mac_line_endings() {
        let source = md("---\rtitle: A\r---\rHi\r").unwrap();
        assert_eq!(source.yaml, "title: A\n");
        assert_eq!(source.body.as_deref(), Some("Hi\n"));
    }

    #[test]
    fn errors_on_unterminated_front_matter() {
        let err = md("---\ntitle: A\nstart: 2027-01-01\n").unwrap_err();
        assert!(err.message.contains("unterminated front matter"));
        assert_eq!(err.line, 1);
    }

    #[test]
    fn errors_on_missing_front_matter() {
        let err = md("title: A\n").unwrap_err();
        assert!(err.message.contains("must start with front matter"));
    }

    #[test]
    fn errors_on_empty_and_non_utf8_files() {
        assert!(md("  \n\n").unwrap_err().message.contains("empty"));
        let err = Source::parse(
            Path::new("e.yaml"),
            b"title: A\nstart: caf\xe9\n",
            FileKind::Yaml,
        )
        .unwrap_err();
        assert!(err.message.contains("UTF-8"));
        assert_eq!((err.line, err.column), (2, 11));
        assert!(err.message.contains("0xE9 is `é`"), "{}", err.message);
        let err = Source::parse(
            Path::new("e.yaml"),
            b"title: L\x92atelier\n",
            FileKind::Yaml,
        )
        .unwrap_err();
        assert!(err.message.contains("Windows-1252"), "{}", err.message);
        assert!(err.message.contains("0x92 is `’`"), "{}", err.message);
        assert_eq!((err.line, err.column), (1, 9));
        // Neither a character written too long nor UTF-16 is Windows-1252.
        for (bytes, says) in [
            (
                &b"title: A\xc0\x80\n"[..],
                "the file is not valid UTF-8 text",
            ),
            (
                b"\xff\xfet\0i\0",
                "the file is not valid UTF-8 text: it is UTF-16",
            ),
        ] {
            let err = Source::parse(Path::new("e.md"), bytes, FileKind::Markdown).unwrap_err();
            assert_eq!(err.message, says);
        }
        // A character cut short at the end is not another encoding.
        let err =
            Source::parse(Path::new("e.yaml"), b"title: A\xe2\x80", FileKind::Yaml).unwrap_err();
        assert_eq!(err.message, "the file is not valid UTF-8 text");
    }

    #[test]
    fn errors_on_nul_bytes_and_huge_files() {
        let err = md("---\ntitle: A\0\n---\n").unwrap_err();
        assert!(err.message.contains("NUL"));
        assert_eq!(err.line, 2);
        let huge = format!("---\ntitle: A\n---\n{}", "x".repeat(MAX_FILE_BYTES));
        assert!(md(&huge).unwrap_err().message.contains("over the limit"));
    }

    #[test]
    fn positions_past_the_yaml_stay_inside_the_file() {
        // A YAML 1.1 parser counted NEL (U+0085) as a line break, and so
        // reported line 3 of a two-line text.
        let text = "---\nurl: x\u{85}gs: [nul\n---\n";
        let source = Source::parse(Path::new("e.md"), text.as_bytes(), FileKind::Markdown).unwrap();
        let d = source.error_at(Position { line: 3, column: 9 }, "m".into(), None);
        assert_eq!((d.line, d.column), (3, 1));
        let d = source.error_at(Position { line: 1, column: 4 }, "m".into(), None);
        assert_eq!((d.line, d.column), (2, 4));
    }

    #[test]
    fn positions_count_lines_in_the_file() {
        let source = md("---\ntitle: A\nstart: x\n---\n").unwrap();
        let d = source.error_at(Position { line: 2, column: 1 }, "m".into(), None);
        assert_eq!(d.line, 3);
    }
}
