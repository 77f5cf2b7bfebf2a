use super::comments::comment_after_plain;
use super::*;
use crate::diagnostics::Diagnostic;
use crate::source::Source;
use crate::yaml::Position;

/// A `#` in a block is the text's own, on whichever line it is.
#[test]
fn a_block_keeps_its_hash_signs() {
    for text in [
        "description: |\n  Join us #rustlang\n",
        "description: >-\n  Join us #rustlang\n  and more #2\n",
        "description: |\n  One\n  Join us #rustlang\n",
    ] {
        let source = yaml_file(text);
        let ctx = FileContext::new(&source);
        let map = source.read_yaml().unwrap();
        let mut fields = Fields::new(&ctx, map, &["description"]);
        let read = fields.prose("description").unwrap_or_default();
        assert!(read.contains("#rustlang"), "{text}: {read:?}");
        let problems = ctx.into_problems();
        assert!(problems.is_empty(), "{text}: {problems:?}");
    }
    let source = yaml_file("description: Join us #rustlang\n");
    let ctx = FileContext::new(&source);
    let map = source.read_yaml().unwrap();
    assert_eq!(
        Fields::new(&ctx, map, &["description"]).prose("description"),
        None
    );
    assert_eq!(ctx.into_problems().len(), 1);
}

#[test]
fn a_comment_is_found_after_a_plain_value_only() {
    let at = Position { line: 1, column: 8 };
    let found = |text| comment_after_plain(text, at).map(|(at, _)| at.column);
    assert_eq!(found("title: Meetup #12\n"), Some(15));
    assert_eq!(found("title: Meetup\t#12\n"), Some(15));
    assert_eq!(found("title: C# night\n"), None);
    assert_eq!(found("title: Paris Web Meetups   # required\n"), None);
    assert_eq!(found("title: Meetup #\n"), None);
    assert_eq!(found("title: \"Meetup\" # first\n"), None);
    assert_eq!(found("title: 'a #1'\n"), None);
    assert_eq!(found("title: |\n  a #1\n"), None);
}
use std::path::Path;

fn yaml_file(text: &str) -> Source {
    Source::parse(
        Path::new("e.yaml"),
        text.as_bytes(),
        crate::source::FileKind::Yaml,
    )
    .unwrap()
}

fn title_problems(title: &str) -> Vec<Diagnostic> {
    let source = yaml_file(&format!("title: \"{title}\"\n"));
    let ctx = FileContext::new(&source);
    let map = source.read_yaml().unwrap();
    let mut fields = Fields::new(&ctx, map, &["title"]);
    fields.text("title");
    ctx.into_problems()
}

#[test]
fn errors_on_bidirectional_controls_but_not_on_marks_and_joiners() {
    for bidi in ["\\u202E", "\\u2066", "\\u202A"] {
        let problems = title_problems(&format!("Rust{bidi} night"));
        assert_eq!(problems.len(), 1, "{bidi}");
        assert!(
            problems[0].message.contains("changes the order"),
            "{problems:?}"
        );
    }
    // Right-to-left marks, joiners in emoji and Persian, zero-width spaces.
    for fine in ["\\u200F", "\\u200D", "\\u200C", "\\u200B", "\\uFEFF"] {
        assert!(title_problems(&format!("a{fine}b")).is_empty(), "{fine}");
    }
}

/// Numbers and true/false in a text field keep the text typed: a title
/// `1.80` is not shortened to `1.8`, in a map, a flow map or a list.
#[test]
fn numbers_and_booleans_read_as_the_text_written() {
    let source = yaml_file(
        "title: 1.80 # a comment\nuid: +1\nvenue: {name: 0o17, address: 1e3}\ntags: [True, 007]\nurl: 12\n",
    );
    let ctx = FileContext::new(&source);
    let map = source.read_yaml().unwrap();
    let mut fields = Fields::new(&ctx, map, &["title", "uid", "venue", "tags", "url"]);
    assert_eq!(fields.text("title").as_deref(), Some("1.80"));
    assert_eq!(fields.text("uid").as_deref(), Some("+1"));
    let Some(Value::Mapping(venue)) = fields.take("venue") else {
        panic!("a map");
    };
    let mut venue = Fields {
        prefix: fields.path("venue"),
        ..Fields::new(&ctx, venue.into_iter().collect(), &["name", "address"])
    };
    assert_eq!(venue.text("name").as_deref(), Some("0o17"));
    assert_eq!(venue.text("address").as_deref(), Some("1e3"));
    let tags: Vec<String> = fields
        .text_list("tags")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(tags, ["True", "007"]);
    assert_eq!(fields.text("url").as_deref(), Some("12"));
    assert!(ctx.into_problems().is_empty());
}
