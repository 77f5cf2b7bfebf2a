//! Problems found in the content, located in the file a contributor edits.
//!
//! Every check collects `Diagnostic`s instead of stopping at the first, so a
//! pull request shows all of its mistakes at once.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One problem in one file, at a 1-based line and column of that file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Path as the contributor sees it: relative to the calendar root.
    #[serde(serialize_with = "serialize_path")]
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

fn serialize_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&display_path(path))
}

/// Forward slashes everywhere, so messages read the same on every system.
/// Only on Windows is a backslash a separator: elsewhere it is part of a
/// name, and `x..\..\y.md` must not read as `x../../y.md`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize, message: String) -> Self {
        Diagnostic {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            message,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// How `meetcal check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error: message`, then the hint.
    Human,
    /// GitHub Actions workflow commands, shown on the pull request's lines.
    Github,
    /// A JSON array, for other programs.
    Json,
}

pub fn render(diagnostics: &[Diagnostic], format: Format) -> String {
    render_as(diagnostics, format, "error")
}

/// Warnings, in the human and GitHub formats: what a build published that
/// could hurt later, such as UIDs that change with the site's address.
/// They fail nothing, and the JSON format, a list of problems, leaves
/// them out.
pub fn render_warnings(diagnostics: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Json => String::new(),
        _ => render_as(diagnostics, format, "warning"),
    }
}

fn render_as(diagnostics: &[Diagnostic], format: Format, level: &str) -> String {
    let mut out = String::new();
    match format {
        Format::Human => {
            for d in diagnostics {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {level}: {}",
                    printable(&display_path(&d.file)),
                    d.line,
                    d.column,
                    printable(&d.message)
                );
                if let Some(hint) = &d.hint {
                    let _ = writeln!(out, "  hint: {}", printable(hint));
                }
            }
        }
        Format::Github => {
            for d in diagnostics {
                let mut message = d.message.clone();
                if let Some(hint) = &d.hint {
                    message.push_str("\nhint: ");
                    message.push_str(hint);
                }
                let _ = writeln!(
                    out,
                    "::{level} file={},line={},col={},title=meetcal::{}",
                    escape_github_property(&printable(&display_path(&d.file))),
                    d.line,
                    d.column,
                    escape_github_data(&printable_lines(&message))
                );
            }
        }
        Format::Json => {
            out = serde_json::to_string_pretty(diagnostics).expect("diagnostics serialize");
            out.push('\n');
        }
    }
    out
}

/// Workflow-command escaping, as in GitHub's `@actions/core`.
fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// The Unicode controls that reorder the text around them (embeddings,
/// overrides and isolates): invisible, and able to make a line read
/// differently from what it holds ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show as nothing: zero-width spaces and joiners, marks,
/// separators, bidirectional controls, a byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Text for a terminal or a CI log: control characters (an escape sequence,
/// a line break in a file name), bidirectional controls and other invisible
/// characters are shown as `\u{1b}`, so that no file name or value can
/// rewrite what is shown, and a name that looks right shows why it is not.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_invisible(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// [`printable`], keeping the line breaks that separate a message from its hint.
fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// "1 event", "2 events": a count in a message, its noun an English one
/// that takes an `s`.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Renders a value for a message without letting control characters or
/// very long input into the terminal or the CI log.
pub fn quote(value: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("`");
    for (i, c) in value.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.push_str(&printable(c.encode_utf8(&mut [0; 4])));
    }
    out.push('`');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::new(
            "content/events/a,b.md",
            3,
            1,
            "unknown field `titel`".into(),
        )
        .with_hint(Some("did you mean `title`?".into()))
    }

    #[test]
    fn human_format_is_path_line_col_then_hint() {
        let text = render(&[sample()], Format::Human);
        assert_eq!(
            text,
            "content/events/a,b.md:3:1: error: unknown field `titel`\n  hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn github_format_escapes_properties_and_newlines() {
        let text = render(&[sample()], Format::Github);
        assert_eq!(
            text,
            "::error file=content/events/a%2Cb.md,line=3,col=1,title=meetcal::unknown field `titel`%0Ahint: did you mean `title`?\n"
        );
    }

    #[test]
    fn json_format_lists_every_field() {
        let text = render(&[sample()], Format::Json);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0]["line"], 3);
        assert_eq!(parsed[0]["hint"], "did you mean `title`?");
        assert_eq!(parsed[0]["file"], "content/events/a,b.md");
    }

    #[test]
    fn quote_neutralises_control_characters() {
        assert_eq!(quote("a\nb"), "`a\\u{a}b`");
        assert_eq!(quote("abc\u{202E}fed"), "`abc\\u{202e}fed`");
        assert_eq!(quote("rust\u{200B}night"), "`rust\\u{200b}night`");
        assert!(quote(&"x".repeat(500)).chars().count() < 70);
    }

    #[test]
    fn file_names_cannot_rewrite_the_terminal_or_inject_commands() {
        let hostile = Diagnostic::new(
            "content/events/\u{1b}[2J\n::error file=x::pwned\u{202E}dm.x.md",
            1,
            1,
            "the file name is not a valid slug".into(),
        )
        .with_hint(Some("rename\u{1b}[31m it".into()));
        let human = render(std::slice::from_ref(&hostile), Format::Human);
        assert_eq!(
            human,
            "content/events/\\u{1b}[2J\\u{a}::error file=x::pwned\\u{202e}dm.x.md:1:1: error: the file name is not a valid slug\n  hint: rename\\u{1b}[31m it\n"
        );
        let github = render(&[hostile], Format::Github);
        assert_eq!(github.lines().count(), 1, "{github}");
        assert!(!github.contains('\u{1b}') && !github.contains('\u{202E}'));
    }
}
