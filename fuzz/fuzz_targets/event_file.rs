//! Arbitrary bytes as a content file: the encoding checks and front-matter
//! split (`Source::parse`), then the event, group, venue or site parser with
//! its `FileContext`, and the YAML reader's positions on their own. Nothing
//! may panic, every problem and position must point into the file, and the
//! YAML reader's quick and full ways must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meetcal::fields::FileContext;
use meetcal::source::{FileKind, Source};
use meetcal::yaml::Seg;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the kind of file and the parser; the rest is the file.
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let kind = if choice & 1 == 0 {
        FileKind::Markdown
    } else {
        FileKind::Yaml
    };
    let Ok(source) = Source::parse(Path::new("content/events/fuzz.md"), bytes, kind) else {
        return;
    };
    let ctx = FileContext::new(&source);
    match (choice >> 1) & 3 {
        0 | 1 => drop(meetcal::parse::parse_event(&ctx, "fuzz")),
        2 => drop(meetcal::parse::parse_group(&ctx, "fuzz")),
        _ => drop(meetcal::parse::parse_venue(&ctx, "fuzz")),
    }
    let lines = bytes.split(|b| *b == b'\n' || *b == b'\r').count();
    for problem in ctx.into_problems() {
        assert!(
            problem.line >= 1 && problem.line <= lines + 1 && problem.column >= 1,
            "{problem:?} is outside the file's {lines} lines"
        );
    }

    // The positions kept from the parse above (none after a YAML error),
    // for paths most files have and paths none can.
    let key = |name: &str| Seg::Key(name.to_string());
    let paths = [
        vec![],
        vec![key("title")],
        vec![key("repeat"), key("on"), Seg::Index(1)],
        vec![key("venue"), key("name")],
        vec![key("tags"), Seg::Index(0)],
        vec![Seg::Index(3), key("")],
        vec![key(""), key("")],
    ];
    // An empty value at the very end of a text with no final line break is
    // placed on the line after it (`Source::error_at` moves it back).
    let yaml_lines = source.yaml.split('\n').count() + 1;
    for path in &paths {
        let positions = source.positions();
        for at in [positions.key(path), positions.value(path)] {
            assert!(
                at.line >= 1 && at.column >= 1 && at.line <= yaml_lines,
                "{at:?} of {path:?} is past the YAML's {yaml_lines} lines"
            );
        }
    }

    // The YAML reader on its own, on the text as given (CRs and all).
    if let Ok(text) = std::str::from_utf8(bytes) {
        // Its quick reader of simple lines reads what the full one does.
        if let (Some(quick), full) = meetcal::yaml::both_ways(text) {
            let full = full.unwrap_or_else(|err| panic!("only the quick reader read it: {err:?}"));
            assert_eq!(
                format!("{:?} {:?}", quick.fields, quick.positions),
                format!("{:?} {:?}", full.fields, full.positions),
            );
        }
        match meetcal::yaml::parse(text) {
            Ok(document) => {
                for path in &paths {
                    for at in [document.positions.key(path), document.positions.value(path)] {
                        assert!(at.line >= 1 && at.column >= 1, "{at:?} of {path:?}");
                    }
                }
            }
            Err(err) => assert!(err.at.line >= 1 && err.at.column >= 1, "{err:?}"),
        }
    }
});
