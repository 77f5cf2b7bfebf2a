//! Arbitrary bytes as an iCalendar feed to import (`meetcal import`): the
//! feed reader, the conversion of its events and the event files it would
//! write. Nothing may panic or take long (run with `-timeout`), and every
//! file an import writes must read back as an event file without a
//! problem: a feed's text can never make a written file mean something
//! else, or fail `meetcal check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meetcal::fields::FileContext;
use meetcal::source::{FileKind, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(files) = meetcal::import::files_for(data, chrono_tz::Europe::Paris) else {
        return;
    };
    for (path, text) in files {
        let source = Source::parse(&path, text.as_bytes(), FileKind::Markdown)
            .unwrap_or_else(|e| panic!("{}: {e:?}\n{text}", path.display()));
        let ctx = FileContext::new(&source);
        let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
        let parsed = meetcal::parse::parse_event(&ctx, &slug);
        let problems = ctx.into_problems();
        assert!(
            parsed.is_some() && problems.is_empty(),
            "{}: {problems:?}\n{text}",
            path.display()
        );
    }
});
