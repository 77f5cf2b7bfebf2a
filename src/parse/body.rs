//! What an event file's body holds that was meant for its fields: lines
//! written below the `---` that closes the front matter, or a second
//! event's front matter. Read as the description, they would be published
//! as text, and the venue, the tags or the second event lost.

use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;

/// Reports the `fields` at the top of the body (`venue: lumen-studio`
/// right below the closing `---`), each on its line, and a second front
/// matter (a `---` line, then `title:` or `start:`). Returns the fields
/// found at the top, which the front matter is then not said to lack.
pub(super) fn fields_below_front_matter(
    ctx: &FileContext,
    fields: &[&'static str],
) -> Vec<&'static str> {
    let Some(body) = ctx.source.body.as_deref() else {
        return Vec::new();
    };
    let closing = ctx.source.body_line - 1;
    let report = |n: usize, message: String, hint: String| {
        let line = ctx.source.body_line + n;
        ctx.push(Diagnostic::new(&ctx.source.path, line, 1, message).with_hint(Some(hint)));
    };
    let mut found = Vec::new();
    let top = body.lines().enumerate();
    for (n, line) in top.skip_while(|(_, line)| line.trim().is_empty()) {
        let Some(name) = field_named(line, fields) else {
            break;
        };
        report(
            n,
            format!("`{name}:` is below the `---` that closes the fields on line {closing}, so it would be read as the description"),
            format!("move this line above the `---` on line {closing}"),
        );
        found.push(name);
    }
    // Text starting `---` then a field is another event's front matter.
    // Most bodies have no `---`: one search, then no walk of their lines.
    if memchr::memmem::find(body.as_bytes(), b"---").is_none() {
        return found;
    }
    let mut previous = "";
    for (n, line) in body.lines().enumerate() {
        if previous.trim_end() == "---"
            && matches!(field_named(line, fields), Some("title" | "start"))
        {
            report(
                n - 1,
                "a second event's fields, below this `---`: a file holds one event, and these would be read as its description".into(),
                "move them, with the text below them, to a file of their own in content/events/".into(),
            );
            break;
        }
        previous = line;
    }
    found
}

/// The one of `fields` a line of the body starts, as the front matter
/// would write it: `venue: x`, or `tags:` alone before a list.
fn field_named(line: &str, fields: &[&'static str]) -> Option<&'static str> {
    let (key, rest) = line.split_once(':')?;
    let written = rest.is_empty() || rest.starts_with([' ', '\t']);
    fields
        .iter()
        .find(|field| **field == key)
        .copied()
        .filter(|_| written)
}
