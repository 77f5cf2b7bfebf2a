use super::*;

fn fields(text: &str) -> Result<Mapping, YamlError> {
    parse(text).map(|document| document.fields.into_iter().collect())
}

const TEXT: &str = "title: Rust night\nrepeat:\n  every: week\n  on: [tuesday, thursdy]\n  except:\n    - 2027-01-01\n";

#[test]
fn can_locate_nested_keys_and_items() {
    let loc = parse(TEXT).unwrap().positions;
    assert_eq!(loc.key(&key("title")), Position { line: 1, column: 1 });
    let on = vec![Seg::Key("repeat".into()), Seg::Key("on".into())];
    assert_eq!(loc.key(&on), Position { line: 4, column: 3 });
    let mut item = on.clone();
    item.push(Seg::Index(1));
    assert_eq!(
        loc.key(&item),
        Position {
            line: 4,
            column: 17
        }
    );
    let except = vec![
        Seg::Key("repeat".into()),
        Seg::Key("except".into()),
        Seg::Index(0),
    ];
    assert_eq!(loc.key(&except).line, 6);
}

#[test]
fn falls_back_to_the_enclosing_key() {
    let loc = parse(TEXT).unwrap().positions;
    let missing = vec![Seg::Key("repeat".into()), Seg::Key("until".into())];
    assert_eq!(loc.key(&missing), Position { line: 2, column: 1 });
}

#[test]
fn reports_syntax_errors_with_a_position() {
    let err = fields("title: a\nbad: [\n").unwrap_err();
    assert!(err.at.line >= 2, "{err:?}");
    assert!(err.message.starts_with("YAML syntax error"), "{err:?}");
}

#[test]
fn refuses_alias_bombs() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in 'b'..='j' {
        text.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = name;
    }
    let err = fields(&text).unwrap_err();
    assert!(err.message.contains("anchors and aliases"), "{err:?}");
    assert_eq!(err.at, Position { line: 1, column: 4 });
}

#[test]
fn refuses_any_anchor_or_alias_at_the_first() {
    for (text, line) in [
        ("title: &t Rust\n", 1),
        ("title: Rust\ntags: [a, b]\nvenue: *v\n", 3),
        ("title: a\nrepeat: &r\n  every: week\n", 2),
    ] {
        let err = fields(text).unwrap_err();
        assert!(
            err.message.contains("anchors and aliases"),
            "{text}: {err:?}"
        );
        assert_eq!(err.at.line, line, "{text}: {err:?}");
    }
    // In quotes they are text.
    assert!(fields("title: \"*Rust* & friends\"\n").is_ok());
    // An alias that names no anchor, and a lone `*`.
    for text in ["title: a\nvenue: *v\n", "title: *\n"] {
        let err = fields(text).unwrap_err();
        assert!(err.message.contains("anchors and aliases"), "{err:?}");
    }
}

#[test]
fn refuses_deep_nesting_quickly_and_where_it_starts() {
    let start = std::time::Instant::now();
    for deep in [
        format!(
            "title: a\nvenue: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!(
            "title: a\nvenue: {}1{}\n",
            "{a: ".repeat(50_000),
            "}".repeat(50_000)
        ),
        format!("title: a\nvenue:\n{}x\n", "- ".repeat(100_000)),
    ] {
        let err = fields(&deep).unwrap_err();
        assert!(
            err.message.contains("nested more than 32 levels"),
            "{err:?}"
        );
        assert_eq!(
            err.at.line,
            2 + usize::from(deep.contains("- - ")),
            "{err:?}"
        );
    }
    // A quadratic parse took seconds in a release build.
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    let fine = "repeat:\n  every: week\n  on: [monday, [x]]\n";
    assert!(fields(fine).is_ok());
}

#[test]
fn a_list_is_not_a_map_of_fields() {
    let err = fields("- a\n- b\n").unwrap_err();
    assert!(err.message.contains("found a list"), "{err:?}");
}

#[test]
fn locates_the_second_of_two_keys() {
    let err = fields("title: A\nstart: x\ntitle: B\n").unwrap_err();
    assert_eq!(err.at, Position { line: 3, column: 1 });
    assert_eq!(err.message, "`title` is given twice");
    let err = fields("repeat:\n  every: week\n  on: x\n  every: day\n").unwrap_err();
    assert_eq!(err.at, Position { line: 4, column: 3 });
    assert_eq!(
        err.hint.as_deref(),
        Some("keep one of the two `every:` lines")
    );
}

#[test]
fn locates_values_and_keys_of_every_kind() {
    let text = "title: Rust night\nvenue: {name: Le Comptoir, lat: 48.8}\ntags:\n  - rust\n  -   web\n\"quoted\": x\n1: one\n";
    let positions = parse(text).unwrap().positions;
    let at = |line, column| Position { line, column };
    assert_eq!(positions.value(&key("title")), at(1, 8));
    let lat = vec![Seg::Key("venue".into()), Seg::Key("lat".into())];
    assert_eq!(positions.key(&lat), at(2, 28));
    assert_eq!(positions.value(&lat), at(2, 33));
    let web = vec![Seg::Key("tags".into()), Seg::Index(1)];
    assert_eq!(positions.key(&web), at(5, 7));
    assert_eq!(positions.value(&web), at(5, 7));
    assert_eq!(positions.key(&key("quoted")), at(6, 1));
    // Keys are named as written, whatever their kind.
    assert_eq!(positions.key(&key("1")), at(7, 1));
    // A path past a text value falls back to its key; a path to nothing, to the start.
    let past = vec![Seg::Key("title".into()), Seg::Index(0)];
    assert_eq!(positions.value(&past), at(1, 1));
    assert_eq!(positions.key(&key("nothing")), at(1, 1));
    assert_eq!(positions.key(&[]), at(1, 1));
}

#[test]
fn a_key_that_is_a_list_is_skipped_by_paths() {
    let text = "? [a, b]\n: x\ntitle: y\n";
    let document = parse(text).unwrap();
    assert_eq!(document.fields.len(), 2);
    assert_eq!(
        document.positions.value(&key("title")),
        Position { line: 3, column: 8 }
    );
}

/// YAML 1.1 parsers end a line at NEL (U+0085) and at the Unicode line and
/// paragraph separators; editors do not, and neither does this reader.
#[test]
fn counts_lines_as_editors_do() {
    for separator in ['\u{85}', '\u{2028}', '\u{2029}'] {
        let text =
            format!("title: Rust{separator}night\nvenue: x{separator}y\ntags: [a, b]\nstart: [\n");
        let err = fields(&text).unwrap_err();
        // The `[` left open on the last line, not a line past the text.
        assert_eq!(err.at.line, 4, "{separator:?}: {err:?}");
        let text = format!("title: Rust{separator}night\nvenue: x{separator}y\ntags: [a, b]\n");
        let document = parse(&text).unwrap();
        assert_eq!(
            position_of(&document.fields, "title").and_then(|i| document.fields[i].1.as_str()),
            Some(format!("Rust{separator}night").as_str())
        );
        let b = vec![Seg::Key("tags".into()), Seg::Index(1)];
        assert_eq!(
            document.positions.value(&b),
            Position {
                line: 3,
                column: 11
            },
            "{separator:?}"
        );
        // Columns count characters: the separator is one.
        let bad = format!("title: a{separator}b: c\n");
        assert_eq!(
            fields(&bad).unwrap_err().at,
            Position {
                line: 1,
                column: 11
            }
        );
    }
}

#[test]
fn finds_a_key_given_twice_by_its_value() {
    let err = fields("venue: {name: a, name: b}\n").unwrap_err();
    assert_eq!(err.message, "`name` is given twice");
    assert_eq!(
        err.at,
        Position {
            line: 1,
            column: 18
        }
    );
    // `0x1` is the number 1, as `1` is.
    let err = fields("1: a\n0x1: b\n").unwrap_err();
    assert_eq!(err.message, "`0x1` is given twice");
    assert_eq!(err.at.line, 2);
    // A number and a text are two keys.
    assert!(fields("1: a\n\"1\": b\n").is_ok());
    let err = fields("? [a]\n: x\n? [a]\n: y\n").unwrap_err();
    assert_eq!(err.message, "the same key is given twice");
    assert_eq!(err.at, Position { line: 3, column: 3 });
}

#[test]
fn refuses_a_second_document() {
    for (text, line) in [
        ("title: a\n---\nstart: b\n", 2),
        ("---\ntitle: a\nstart: b\n---\n", 4),
        ("title: a\n...\nstart: b\n", 3),
    ] {
        let err = fields(text).unwrap_err();
        assert!(err.message.contains("second YAML document"), "{err:?}");
        assert_eq!(err.at.line, line, "{text}");
    }
    assert!(fields("---\ntitle: a\n...\n").is_ok());
}

#[test]
fn says_where_a_tab_after_a_colon_is() {
    let err = fields("title: a\nstart:\t2027-03-10 19:00\n").unwrap_err();
    assert_eq!(
        err.message,
        "a tab follows the `:`, where YAML needs a space"
    );
    assert_eq!(err.at, Position { line: 2, column: 7 });
    // After a space, a tab is only blank.
    assert!(fields("title: \tRust night\n").is_ok());
}

#[test]
fn points_at_the_unclosed_bracket_or_quote() {
    let err = fields("title: a\ntags: [rust, web\nstart: 2027-03-10\n").unwrap_err();
    assert!(err.message.starts_with("YAML syntax error: "), "{err:?}");
    assert_eq!(err.at.line, 3, "{err:?}");
    let hint = err.hint.unwrap();
    assert!(hint.contains("list of `tags` runs from `[`"), "{hint}");
    let err = fields("title: \"Rust night\nstart: 2027-03-10\n").unwrap_err();
    assert_eq!(err.at, Position { line: 1, column: 8 });
    assert_eq!(
        err.message,
        "the quote `\"` that starts here is not closed on its line"
    );
    assert!(err.hint.unwrap().contains("end the value with a `\"`"));
    let err = fields("title: 'Rust' night\n").unwrap_err();
    assert!(err.message.contains("in single quotes"), "{err:?}");
    assert!(err.hint.unwrap().contains(r#"`title: "'Rust' night"`"#));
    // A value holding `: `: the whole value in quotes.
    let err = fields("title: Rust night: async\n").unwrap_err();
    assert_eq!(
        err.at,
        Position {
            line: 1,
            column: 18
        }
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("put the value in straight quotes: `title: \"Rust night: async\"`")
    );
    let err = fields("title: \"Rust\" night: \"async\"\n").unwrap_err();
    assert!(err.message.contains("in double quotes"), "{err:?}");
    // Anything else: the caller's general advice.
    let err = fields("title: Rust night\n  and more: yes\n").unwrap_err();
    assert_eq!(
        err.at,
        Position {
            line: 2,
            column: 11
        }
    );
    assert_eq!(err.hint, None);
}

#[test]
fn a_wrong_core_tag_is_refused_at_its_value() {
    let err = fields("title: a\ncount: !!int ten\n").unwrap_err();
    assert_eq!(err.at, Position { line: 2, column: 8 });
    assert_eq!(
        err.message,
        "`ten` is tagged `!!int` but is not a whole number"
    );
    let map = fields("uid: !!str 12\nvenue: !place x\n").unwrap();
    assert_eq!(map.get("uid"), Some(&Value::String("12".into())));
    assert_eq!(describe(&map["venue"]), "a tagged value");
}

/// The values are the ones serde_yaml's own parser gave, which the field
/// readers were written against: every file of the repository, and the
/// scalars of the core schema.
#[test]
fn reads_the_values_serde_yaml_read() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for folder in ["content", "tests", "src/init"] {
        for entry in walkdir::WalkDir::new(root.join(folder)) {
            let path = entry.unwrap().into_path();
            let Some(kind) = crate::source::FileKind::from_path(&path) else {
                continue;
            };
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if let Ok(source) = crate::source::Source::parse(&path, &bytes, kind) {
                texts.push(source.yaml);
            }
        }
    }
    assert!(texts.len() > 100, "{} files", texts.len());
    for scalar in [
        "",
        "~",
        "null",
        "NULL",
        "true",
        "False",
        "yes",
        "on",
        "12",
        "+12",
        "-12",
        "012",
        "-012",
        "0x1F",
        "-0x1f",
        "0o17",
        "0b11",
        "0x",
        "1_000",
        "1.5",
        ".5",
        "1.",
        "1e3",
        "-1E-3",
        ".inf",
        "-.Inf",
        "+.inf",
        "inf",
        "nan",
        "1e400",
        "12:30",
        "2027-03-10",
        "2027-03-10 19:00",
        "'12'",
        "\"true\"",
        "|\n  12\n",
        ">-\n  a\n  b\n",
        "!!str 12",
        "!!float 1",
        "!!null ~",
        "!!bool true",
        "!local 12",
        "!local [a]",
        "[1, '2', three]",
        "{a: 1, b: [~]}",
        "18446744073709551615",
        "-9223372036854775808",
        "123456789012345678901234567890123456789012",
    ] {
        texts.push(format!("value: {scalar}\n"));
    }
    let mut compared = 0;
    for text in &texts {
        let Ok(old) = serde_yaml::from_str::<Value>(text) else {
            continue;
        };
        // A file that is one text or one list is refused, as a file of fields
        // must be (`title:Rust night` alone is text to YAML).
        if !matches!(old, Value::Mapping(_) | Value::Null) {
            continue;
        }
        let new = match parse(text) {
            Ok(document) => Value::Mapping(document.fields.into_iter().collect()),
            Err(err) => panic!("{text:?}: serde_yaml read it, but {err:?}"),
        };
        let old = if old == Value::Null {
            Value::Mapping(Mapping::new())
        } else {
            old
        };
        assert_eq!(format!("{new:?}"), format!("{old:?}"), "{text:?}");
        compared += 1;
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn a_block_at_the_end_of_a_text_without_a_final_line_break() {
    for (text, value) in [
        ("a: |\n  line", "line"),
        ("a: |+\n  line", "line"),
        ("a: >\n  line\n  two", "line two"),
        ("a: |\n    line\n  ", "line\n"),
        ("a: |\n  line\n", "line\n"),
        ("a: |\n  line\nb: x", "line\n"),
    ] {
        let map = fields(text).unwrap();
        assert_eq!(map["a"], Value::String(value.into()), "{text:?}");
    }
}

#[test]
fn reads_text_and_lists_over_several_indented_lines() {
    let map = fields("title: \"Rust\n  night\"\ntags: [rust,\n  web]\n").unwrap();
    assert_eq!(map["title"], Value::String("Rust night".into()));
    assert_eq!(map["tags"].as_sequence().map(Vec::len), Some(2));
    // YAML 1.2 wants the next lines indented (YAML 1.1 parsers did not).
    let err = fields("title: \"Rust\nnight\"\n").unwrap_err();
    assert_eq!(err.at, Position { line: 1, column: 8 });
    assert!(err
        .hint
        .unwrap()
        .contains("indent the lines that continue it"));
    let err = fields("tags: [rust,\nweb]\n").unwrap_err();
    assert!(err
        .hint
        .unwrap()
        .contains("indent the lines after the first"));
}

/// The two readers as text to compare: values by their debug form (a `.nan`
/// is not equal to itself), positions node by node.
fn shown(document: &Document) -> String {
    format!("{:?} {:?}", document.fields, document.positions)
}

#[test]
fn the_quick_reader_reads_typical_front_matter_as_the_full_reader_does() {
    for text in [
        "title: \"Rust night\"\nstart: 2027-03-10 19:00\nend: 2027-03-10 21:00\ngroup: rust-paris\ntags: [rust, web]\n",
        "# a comment\n\ntitle: Apéro   \nvenue: 'La Cantine'\nall_day: true\nseats: 40\nprice: 1.5\n",
        "title: x\ntags: []\nlinks: [ a b ,c,  0x1F ]\nnote: a [b] {c}, d#e f:g\n",
        "title: x\n  \nuid: 012\nneg: .inf\nnothing: ~\nx-y_z: \"a # b: c\"",
        "title: x\nrepeat:\n  every: week\n  on: [tuesday, thursday]\n  until: 2027-06-29\ntags: [a]\n",
        "repeat:\n    every: month\n    on: \"first wednesday\"\n\n# c\nvenue:\n  name: La Cantine\n  address: 'Rue 1'",
    ] {
        let (quick, full) = both_ways(text);
        let quick = quick.unwrap_or_else(|| panic!("{text:?} took the full reader"));
        assert_eq!(shown(&quick), shown(&full.unwrap()), "{text:?}");
    }
}

#[test]
fn the_quick_reader_steps_aside_for_the_rest_of_yaml() {
    for text in [
        "",
        "# only a comment\n",
        "title: x\nrepeat:\n  every: week\n  except:\n    - 2027-01-01\n",
        "repeat:\n  every: week\n   on: monday\n",
        "repeat:\n  every: week\n\n  on: monday\n",
        "repeat:\n  # c\n  every: week\n",
        "repeat:\ntitle: x\n",
        "repeat:\n- a\n",
        "title: x # comment\n",
        "# a byte-order mark \u{feff} in a comment\ntitle: x\n",
        "# a control \u{1} in a comment\ntitle: x\n",
        "title: x\ntitle: y\n",
        "title: \"a \\\" b\"\n",
        "title: 'it''s'\n",
        "title: &a x\n",
        "title: !!str 12\n",
        "title:\tx\n",
        "title: x\r\n",
        "- a\n- b\n",
        "title: [a, [b]]\n",
        "except: [2026-0 -, 2027-01-01]\n",
        "tags: [a -]\n",
        "title: [a,\n  b]\n",
        "title: a: b\n",
        "---\ntitle: x\n",
    ] {
        assert!(both_ways(text).0.is_none(), "{text:?}");
    }
}

/// Many texts made of lines that are nearly simple, and nearly not: what
/// the quick reader reads, the full reader reads the same.
#[test]
fn the_quick_reader_agrees_with_the_full_reader() {
    let keys = [
        "title", "tags", "a-b", "x_1", "true", "null", "Null", "title",
    ];
    let gaps = [": ", ": ", ": ", ":  ", ":", ": \t", "::", " : "];
    let values = [
        "x",
        "Rust night",
        "apéro",
        "12",
        "-1",
        "012",
        "0x1F",
        "1e3",
        ".nan",
        ".inf",
        "~",
        "true",
        "2027-03-10 19:00",
        "12:30",
        "a: b",
        "a:",
        "a #b",
        "a#b",
        "#a",
        "&a",
        "*a",
        "!a",
        "|",
        ">",
        "%a",
        "@a",
        "`a",
        "-a",
        "- a",
        "?a",
        "? a",
        ":a",
        "a,b",
        "[",
        "]",
        "[a]",
        "[a, b]",
        "[ a ]",
        "[a,]",
        "[,]",
        "[]",
        "[ ]",
        "[a b, c]",
        "[a:b]",
        "[-a]",
        "[a] x",
        "[a]  ",
        "[é, ü]",
        "{a: 1}",
        "\"q\"",
        "\"q\" x",
        "\"q\"  ",
        "\"a'b\"",
        "\"a\\nb\"",
        "\"\"",
        "'q'",
        "'a\"b'",
        "''",
        "'a''b'",
        "'q",
        "\"q",
        "x  ",
        "a\u{85}b",
        "a\u{2028}b",
        "a\u{feff}b",
        "a\u{7f}b",
        "\u{a0}x",
        "a\u{e000}",
        "---",
        "...",
    ];
    let indents = ["", "", "", "", "  ", "  ", "  ", "    ", " ", "   "];
    let extras = [
        "",
        "",
        "",
        "",
        "\n",
        "# c\n",
        "# \u{feff}\n",
        "# \u{85}\n",
        "  \n",
        "  more\n",
        "- x\n",
        "---\n",
    ];
    let mut below = crate::test_random::below(17);
    let (mut read, mut nested, mut compared) = (0, 0, 0);
    for _ in 0..150_000 {
        let mut text = String::new();
        // After a key that opens an indented map, mostly its first key.
        let mut opened = false;
        for _ in 0..1 + below(5) {
            let indent = match (opened, below(4)) {
                (true, 0) | (false, 0) => indents[below(indents.len() as u64) as usize],
                (true, _) => "  ",
                (false, _) => "",
            };
            text.push_str(indent);
            text.push_str(keys[below(keys.len() as u64) as usize]);
            opened = below(3) == 0;
            if opened {
                text.push(':');
            } else {
                text.push_str(gaps[below(gaps.len() as u64) as usize]);
                // Half the values from the simple ones at the front of the list.
                let range = if below(2) == 0 {
                    14
                } else {
                    values.len() as u64
                };
                text.push_str(values[below(range) as usize]);
            }
            // Mostly a line break, sometimes none at the end of the text.
            if below(8) != 0 {
                text.push('\n');
            }
            text.push_str(extras[below(extras.len() as u64) as usize]);
        }
        let (quick, full) = both_ways(&text);
        compared += 1;
        if let Some(quick) = quick {
            read += 1;
            nested += usize::from(quick.fields.iter().any(|(_, value)| value.is_mapping()));
            match full {
                Ok(full) => assert_eq!(shown(&quick), shown(&full), "{text:?}"),
                Err(err) => panic!("{text:?}: the quick reader read it, the full one said {err:?}"),
            }
        }
    }
    // Both outcomes are well represented, so the comparison means something.
    assert!(
        read > compared / 40 && read < compared * 19 / 20 && nested > read / 20,
        "{read} of {compared}, {nested} with an indented map"
    );
}

#[test]
fn points_at_a_field_with_no_space_after_its_colon() {
    let cases = [
        // The last line: the parser stops past the end.
        ("title: Rust\nstart:2027-02-10 19:00\n", 2, 7, "start"),
        (
            "title: Rust\nstart:2027-02-10 19:00\nduration: 2h\n",
            2,
            7,
            "start",
        ),
        ("title:Rust\nstart: 2027-02-10 19:00\n", 1, 7, "title"),
        // The only line, or a first line the next one continues: all text.
        ("title:Rust night\n", 1, 7, "title"),
        ("# Tea\ntitle:Tea\nstart:2027-02-10 19:00\n", 2, 7, "title"),
        (
            "title: Rust\ntags: [a, b]\n\n# where\n  venue:x\n",
            5,
            9,
            "venue",
        ),
    ];
    for (text, line, column, name) in cases {
        let err = fields(text).unwrap_err();
        assert_eq!(err.at, Position { line, column }, "{text:?}: {err:?}");
        assert_eq!(
            err.message,
            format!("`{name}:` needs a space after its `:`")
        );
        assert!(err.hint.unwrap().contains(&format!("`{name}: ")));
    }
    // A `name:text` line inside a block is text, and other mistakes keep
    // their own message.
    let err = fields("description: |\n  Doors:19h\ntitle: Rust night: async\n").unwrap_err();
    assert!(
        err.message.starts_with("the value of `title` holds"),
        "{err:?}"
    );
    let err = fields("title: Rust night\n async: yes\n").unwrap_err();
    assert!(
        err.message.starts_with("this line is indented by 1 space"),
        "{err:?}"
    );
    assert!(err.hint.unwrap().ends_with("`async: yes`"));
}
