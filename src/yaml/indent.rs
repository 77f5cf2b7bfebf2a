//! Lines indented other than their block, read again after the parser
//! stopped on them: a tab, a field one space off, a first field indented
//! alone, the text of a `|` block at the level of its field. Each gives
//! the line as it should be written. These scans run only on a file that
//! failed to parse.

use super::{field_name_len, is_field_name_byte, line_at, Position, YamlError};

/// The indentation of a line that holds something, when it is all spaces.
fn spaces(content: &str) -> Option<usize> {
    let body = content.trim_start_matches(' ');
    let blank = body.trim().is_empty() || body.starts_with('#');
    (!blank && !body.starts_with('\t')).then(|| content.len() - body.len())
}

/// `  title:` at two spaces, in words.
fn spaces_in_words(n: usize) -> String {
    match n {
        1 => "1 space".into(),
        2 => "two spaces".into(),
        n => format!("{n} spaces"),
    }
}

/// A line's text with `indent` spaces before it.
fn indented(content: &str, indent: usize) -> String {
    let body = content.trim_start_matches([' ', '\t']).trim_end();
    format!("{}{body}", " ".repeat(indent))
}

/// The error for a tab in the indentation of line `tab.line`, with the
/// line written as its block indents it: as its block's other lines, or
/// two spaces further than the line that opens the block.
pub(super) fn tab(text: &str, tab: Position) -> YamlError {
    let meant = tab_meant(text, tab.line);
    let content = line_at(text, tab.line).unwrap_or_default();
    let fixed = indented(content, meant);
    let hint = match meant {
        0 => format!("remove the tab, as the lines above start at column 1: `{fixed}`"),
        n => format!(
            "indent it with {} instead of the tab, as its block: `{fixed}`",
            spaces_in_words(n)
        ),
    };
    YamlError::new(
        tab,
        "a tab indents this line, where YAML allows only spaces".into(),
        Some(&hint),
    )
}

/// How many spaces line `number` (indented with a tab) was meant to have.
fn tab_meant(text: &str, number: usize) -> usize {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(i) = number.checked_sub(1).filter(|&i| i < lines.len()) else {
        return 0;
    };
    let above = lines[..i]
        .iter()
        .rev()
        .find_map(|content| Some((spaces(content)?, content.trim_end())));
    let Some((indent, content)) = above else {
        return 0;
    };
    let opens = content.ends_with(':') || content.trim_start().starts_with("- ");
    if !opens {
        return indent;
    }
    // The block's other lines, below, when they are indented with spaces.
    lines[i + 1..]
        .iter()
        .filter_map(|content| spaces(content))
        .next()
        .filter(|&below| below > indent)
        .unwrap_or(indent + 2)
}

/// ` start: 2027-02-10 19:00` below fields that start at column
/// `column`: a field's line indented further, which YAML reads as more of
/// the value above, stopping at its `: `. `number` is the line the parser
/// stopped on.
pub(super) fn field_too_far(text: &str, number: usize, column: usize) -> Option<YamlError> {
    let content = line_at(text, number)?;
    let indent = spaces(content)?;
    let body = &content[indent..];
    let name_len = body.bytes().position(|b| !is_field_name_byte(b))?;
    let is_field = body.starts_with(|c: char| c.is_ascii_alphabetic())
        && (body[name_len..].starts_with(": ") || body[name_len..] == *":");
    if !is_field || indent < column {
        return None;
    }
    let name = &body[..name_len];
    // `repeat:` then `    every: week` and `  on: tuesday`: the block's
    // fields do not line up, and this one belongs with the field above it.
    let above = (1..number).rev().find_map(|n| {
        let content = line_at(text, n)?;
        Some((spaces(content)?, content))
    });
    if let Some((above_indent, above)) = above.filter(|(at, _)| *at > indent) {
        let above_name = above.trim_start().split(':').next().unwrap_or_default();
        let is_field_above =
            above.trim_start().contains(':') && above_name.bytes().all(is_field_name_byte);
        if is_field_above {
            return Some(YamlError::new(
                Position {
                    line: number,
                    column: 1,
                },
                format!(
                    "this line is indented by {}, and `{above_name}:` above it by {}: the fields of one block line up",
                    spaces_in_words(indent),
                    spaces_in_words(above_indent)
                ),
                Some(&format!(
                    "indent `{name}:` as `{above_name}:`: `{}`",
                    indented(content, above_indent)
                )),
            ));
        }
    }
    let fixed = indented(content, column - 1);
    Some(YamlError::new(
        Position {
            line: number,
            column: 1,
        },
        format!(
            "this line is indented by {} where the fields above start at column {column}",
            spaces_in_words(indent)
        ),
        Some(&format!(
            "start `{name}:` at column {column}, as the fields above: `{fixed}`"
        )),
    ))
}

/// `  title: Meetup` as the first line, the fields below it at column 1:
/// the parser reads the first as a map of its own and stops at the next.
/// `first` is where that map starts, `number` the line the parser stopped on.
pub(super) fn first_field_indented(
    text: &str,
    first: Position,
    number: usize,
) -> Option<YamlError> {
    let below = spaces(line_at(text, number)?)?;
    let indent = first.column - 1;
    if below >= indent {
        return None;
    }
    let content = line_at(text, first.line)?;
    let fixed = indented(content, below);
    let name = fixed.trim_start().split(':').next().unwrap_or_default();
    Some(YamlError::new(
        Position {
            line: first.line,
            column: 1,
        },
        format!(
            "this line is indented by {} where the fields below start at column {}",
            spaces_in_words(indent),
            below + 1
        ),
        Some(&format!(
            "start `{name}:` and the lines indented as it at column {}: `{fixed}`",
            below + 1
        )),
    ))
}

/// `description: |` at line `header`, with its text on the next lines at
/// the field's level rather than indented below it: YAML reads an empty
/// text and then fields that are not ones.
pub(super) fn block_not_indented(text: &str, header: Position, name: &str) -> Option<YamlError> {
    let content = line_at(text, header.line)?;
    let field_indent = spaces(content)?;
    // `name: |`, `name: >-` and the like, and nothing else on the line.
    let value = content[field_indent..]
        .strip_prefix(name)?
        .strip_prefix(':')?;
    let value = value.split(" #").next().unwrap_or_default().trim();
    let header_only = value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '1'..='9'));
    if !header_only {
        return None;
    }
    let (i, content) = text
        .split('\n')
        .enumerate()
        .skip(header.line)
        .find(|(_, content)| !content.trim().is_empty())?;
    let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
    if indent > field_indent {
        return None;
    }
    let fixed = indented(content.trim_end_matches('\r'), field_indent + 2);
    Some(YamlError::new(
        Position {
            line: i + 1,
            column: 1,
        },
        format!("the text of `{name}:` is not indented below it"),
        Some(&format!(
            "indent each line of the text by two spaces more than `{name}:`: `{fixed}`"
        )),
    ))
}

/// [`block_not_indented`] for the last field at or above line `number`,
/// the parser having read the block (empty) and stopped in its text.
pub(super) fn block_above(text: &str, number: usize) -> Option<YamlError> {
    for n in (1..=number).rev() {
        let content = line_at(text, n)?;
        let Some(indent) = spaces(content) else {
            continue;
        };
        let body = &content[indent..];
        let name_len = field_name_len(body);
        if name_len > 0 && body[name_len..].starts_with(':') {
            let at = Position {
                line: n,
                column: indent + 1,
            };
            return block_not_indented(text, at, &body[..name_len]);
        }
    }
    None
}
