//! Arbitrary bytes as a content file: the encoding checks and front-matter
//! split (`Source::parse`), then the event, group, venue or site parser with
//! its `FileContext`, and the YAML locator on its own. Nothing may panic,
//! and every problem must point at a line of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meetcal::fields::FileContext;
use meetcal::source::{FileKind, Source};
use meetcal::yaml::{Locator, Seg};
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

    let locator = Locator::new(&source.yaml);
    let key = |name: &str| Seg::Key(name.to_string());
    for path in [
        vec![key("title")],
        vec![key("repeat"), key("on"), Seg::Index(1)],
        vec![key("venue"), key("name")],
        vec![key("tags"), Seg::Index(0)],
        vec![Seg::Index(3), key("")],
    ] {
        let at = locator.key(&path);
        assert!(at.line >= 1 && at.column >= 1);
        let at = locator.value(&path);
        assert!(at.line >= 1 && at.column >= 1);
    }
});
