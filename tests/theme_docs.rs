//! docs/themes.md against the built-in templates: every variable a
//! built-in template uses is documented, so that a theme written from the
//! page alone can show what the default theme shows.

use std::collections::BTreeSet;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn guide() -> String {
    std::fs::read_to_string(repo().join("docs/themes.md")).unwrap()
}

/// The built-in templates, by name (`partials/agenda.html`).
fn templates() -> Vec<(String, String)> {
    let folder = repo().join("themes/default/templates");
    let mut found = Vec::new();
    for sub in ["", "partials/"] {
        for entry in std::fs::read_dir(folder.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                let name = format!("{sub}{}", path.file_name().unwrap().to_string_lossy());
                found.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    found.sort();
    assert!(found.len() > 20, "{found:?}");
    found
}

/// The inside of each `{{ }}` and `{% %}` tag, string literals blanked.
fn tags(template: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{']) {
        rest = &rest[at..];
        let close = match &rest[..rest.len().min(2)] {
            "{{" => "}}",
            "{%" => "%}",
            _ => {
                rest = &rest[1..];
                continue;
            }
        };
        let end = rest.find(close).expect("a closed tag");
        let inside = rest[2..end].trim_matches(['-', ' ', '\n']);
        let mut blanked = String::new();
        let mut quote = None;
        for c in inside.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
                None => blanked.push(c),
            }
        }
        tags.push(blanked);
        rest = &rest[end + 2..];
    }
    tags
}

const KEYWORDS: &[&str] = &[
    "in",
    "and",
    "or",
    "not",
    "is",
    "true",
    "false",
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "set",
    "set_global",
    "loop",
    "none",
    "with",
    "break",
    "continue",
];

/// The paths a template reads (`event.venue.name`, `days`), without the
/// names it binds itself (`for o in ...`, `set days = ...`), and the
/// names it binds.
fn paths(template: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut read, mut bound) = (BTreeSet::new(), BTreeSet::new());
    for tag in tags(template) {
        let words: Vec<&str> = tag.split_whitespace().collect();
        match words.first().copied() {
            Some("block" | "endblock" | "extends" | "include" | "import" | "macro") => continue,
            Some("for") => {
                let names = tag[3..].split(" in ").next().unwrap();
                bound.extend(names.split(',').map(|n| n.trim().to_string()));
            }
            Some("set" | "set_global") => {
                bound.insert(words[1].trim_end_matches('=').to_string());
            }
            _ => {}
        }
        let bytes = tag.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let starts = bytes[i].is_ascii_alphabetic() || bytes[i] == b'_';
            if !starts || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
            {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"_.".contains(&bytes[i]))
            {
                i += 1;
            }
            let path = &tag[start..i];
            let before = tag[..start].trim_end();
            let after = tag[i..].trim_start();
            let filter =
                before.ends_with('|') || before.ends_with(" is") || before.ends_with("is not");
            let call =
                after.starts_with('(') || (after.starts_with('=') && !after.starts_with("=="));
            let top = path.split('.').next().unwrap();
            if !filter && !call && !KEYWORDS.contains(&top) {
                read.insert(path.to_string());
            }
        }
    }
    for name in &bound {
        read.retain(|path| path != name && !path.starts_with(&format!("{name}.")));
    }
    (read, bound)
}

/// The words in backquotes of `text`.
fn quoted(text: &str) -> BTreeSet<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The bullets of "Page variables": the templates each names first, and
/// the words it quotes.
fn page_variables(guide: &str) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let section = guide
        .split("## Page variables")
        .nth(1)
        .expect("a section `Page variables`")
        .split("\n## ")
        .next()
        .unwrap();
    section
        .split("\n- ")
        .skip(1)
        .map(|bullet| {
            let names = bullet
                .split('`')
                .skip(1)
                .step_by(2)
                .take_while(|word| word.ends_with(".html"))
                .map(str::to_string)
                .collect();
            (
                names,
                quoted(bullet).into_iter().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// Every variable a page template reads (with the partials it includes)
/// is named in the bullets of "Page variables" for that template, and
/// every field of `event` it reads in the bullet of `event.html`.
#[test]
fn the_guide_names_every_variable_of_the_page_templates() {
    let guide = guide();
    let bullets = page_variables(&guide);
    let templates = templates();
    let source = |name: &str| {
        templates
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("no template {name}"))
    };
    let mut missing = Vec::new();
    for (name, text) in templates
        .iter()
        .filter(|(n, _)| !n.starts_with("partials/"))
    {
        // The template and what it includes, read as one.
        let mut whole = String::new();
        let mut queue = vec![text.as_str()];
        let mut included = BTreeSet::new();
        while let Some(part) = queue.pop() {
            whole.push_str(part);
            for partial in part.split("{% include \"").skip(1) {
                let partial = partial.split('"').next().unwrap();
                if included.insert(partial) {
                    queue.push(source(partial));
                }
            }
        }
        let documented: BTreeSet<&str> = bullets
            .iter()
            .filter(|(names, _)| names.contains(name))
            .flat_map(|(_, words)| words.iter().map(String::as_str))
            .collect();
        let (read, _) = paths(&whole);
        for path in read {
            let mut parts = path.split('.');
            let top = parts.next().unwrap();
            let known = match top {
                "site" | "page" => continue,
                "event" => {
                    let field = parts.next().unwrap_or("");
                    documented.contains("event") && documented.contains(field)
                }
                _ => documented.contains(top),
            };
            if !known {
                missing.push(format!("{name}: {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/themes.md: {missing:#?}");
}

/// `site.*` and `page.*` as the tables name them, and the fields of an
/// occurrence the entry partials read as the occurrence's table does.
#[test]
fn the_guide_names_every_field_of_site_page_and_an_occurrence() {
    let guide = guide();
    let named = quoted(&guide);
    let occurrence = guide
        .split("An **occurrence**")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").nth(1))
        .expect("the table of an occurrence's fields");
    let fields = quoted(occurrence);
    let mut missing = Vec::new();
    for (name, text) in templates() {
        for path in paths(&text).0 {
            let parts: Vec<&str> = path.split('.').collect();
            let known = match parts.as_slice() {
                ["site", "words", ..] => named.contains("site.words.*"),
                [top @ ("site" | "page"), field, ..] => named.contains(&*format!("{top}.{field}")),
                ["o", field, ..] if name.ends_with("_entry.html") => fields.contains(field),
                _ => true,
            };
            if !known {
                missing.push(format!("{name}: {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/themes.md: {missing:#?}");
}

#[test]
fn paths_leave_out_filters_bound_names_and_literals() {
    let (read, bound) = paths(
        r#"{% for o in days %}{{ o.title | safe }}{% endfor %}{% set level = 2 %}
{{ site.assets["a.css"] }}{% if year_links | length > 1 and x is defined %}{{ loop.index }}{% endif %}"#,
    );
    let read: Vec<&str> = read.iter().map(String::as_str).collect();
    assert_eq!(read, ["days", "site.assets", "x", "year_links"]);
    assert_eq!(
        bound,
        BTreeSet::from(["o".to_string(), "level".to_string()])
    );
}
