use super::*;

#[test]
fn bare_addresses_become_links_outside_links_and_code() {
    let html = to_html(
        "Slides: https://example.org/a_b_c.\n\n[named](https://example.org/x) \
         `https://in.code/` <a href=\"https://example.org/y\">https://example.org/y</a>\n\n\
         ```\nhttps://in.block/\n```",
    );
    assert!(
        html.contains("Slides: <a href=\"https://example.org/a_b_c\" rel=\"noopener noreferrer\">https://example.org/a_b_c</a>.</p>"),
        "{html}"
    );
    assert_eq!(html.matches("<a ").count(), 3, "{html}");
    assert!(html.contains("<code>https://in.code/</code>"), "{html}");
    assert!(html.contains("https://in.block/\n</code></pre>"), "{html}");
}

#[test]
fn no_link_inside_a_raw_link() {
    for markdown in [
        "<a\nhref=\"https://a.org\">https://b.org and a note[^1]</a>\n\n[^1]: N.",
        "<A HREF=\"https://a.org\">https://b.org</A> then https://c.org",
    ] {
        let html = to_html(markdown);
        assert!(!html.contains("<a href=\"https://b.org"), "{html}");
        assert!(!html.contains("<a href=\"#fn-1"), "{html}");
        assert!(!html.contains("noreferrer\"></a>"), "an empty link: {html}");
    }
    // `</abbr>` closes no link.
    let html = to_html("<abbr>W</abbr> https://c.org");
    assert!(html.contains("<a href=\"https://c.org\""), "{html}");
    // An address pulldown-cmark hands over in two pieces.
    let html = to_html("See https://_x.example.org here");
    assert!(
        html.contains("<a href=\"https://_x.example.org\""),
        "{html}"
    );
}

#[test]
fn removes_active_content() {
    let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>\n\n<a href=\"data:text/html,x\">d</a> <svg onload=alert(1)>\n\n<details open ontoggle=alert(1)><summary onclick=alert(1)>Q</summary>A</details>";
    let html = to_html(hostile);
    assert!(
        html.contains("<details><summary>Q</summary>A</details>"),
        "{html}"
    );
    for bad in [
        "<script",
        "onerror",
        "javascript:",
        "<iframe",
        "data:",
        "<svg",
        "onload",
        "<img",
        "ontoggle",
        "onclick",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
}

#[test]
fn the_fast_path_and_the_sanitizer_agree() {
    for markdown in [
        "# Title\n\n**bold** and [a link](https://example.org/a?b=1&c=\"2\" \"T<i>\") and `<code>`",
        "- [mail](mailto:x@example.org)\n- [local](/events/x/)\n\n> quote & <escaped>",
        "Text with &amp; entities and <http://example.org/autolink>.",
        "### Notes[^a]\n\n#### More [b[^a]](https://example.org/a%2 b\\c)\n\n[^a]: *The* note.",
        "| Time | Talk |\n|:--|--:|\n| 19:00 | [Rust](https://example.org/) |",
    ] {
        let fast = to_html(markdown);
        let parsed = autolink::link_bare_urls(parse(markdown).events);
        let headings = Headings::under(Shape::of(&parsed).heading_levels);
        let mut notes = Notes::default();
        let events = parsed
            .into_iter()
            .map(|(e, _)| headings.map_or(e.clone(), |h| h.shift(e)));
        let mut raw = String::new();
        html::push_html(&mut raw, events.map(|e| notes.render(e)).flat_map(framed));
        let checked = drop_rel_without_href(&cleaner("/").clean(&raw).to_string());
        let normalise = |html: &str| cleaner("/").clean(html).to_string();
        assert_eq!(normalise(&fast), normalise(&checked), "{markdown}");
    }
    assert!(!safe_link("javascript:alert(1)"));
    assert!(!safe_link(" JavaScript:alert(1)"));
    assert!(!safe_link("//evil.example/x"));
    assert!(!safe_link("data:text/html,x"));
    assert!(safe_link("https://example.org") && safe_link("/events/x/"));
    assert!(safe_link("HTTPS://example.org") && safe_link("MailTo:x@example.org"));
    assert!(!safe_link("java\tscript:alert(1)") && !safe_link("java\nscript:x"));
    for elsewhere in [
        "#top",
        "events/x/",
        "/\\evil.example/x",
        "\\\\evil.example\\x",
        "/\t/evil.example",
        " //evil.example",
    ] {
        assert!(!safe_link(elsewhere), "{elsewhere:?}");
    }
}

#[test]
fn tables_are_framed_and_only_the_frame_keeps_its_attributes() {
    let table = "| Time | Talk |\n|---|---|\n| 19:00 | Rust |\n";
    let frame_around = |html: &str| {
        let start = html.find(TABLE_FRAME).expect("a frame");
        let table = html.find("<table>").expect("a table");
        let end = html.find("</table>").expect("its end");
        start < table
            && html[end + "</table>".len()..]
                .trim_start()
                .starts_with("</div>")
    };
    // The fast path, and the sanitizer's (raw HTML elsewhere).
    let fast = to_html(table);
    let sanitized = to_html(&format!("<b>Programme</b>\n\n{table}"));
    assert!(frame_around(&fast), "{fast}");
    assert!(frame_around(&sanitized), "{sanitized}");
    assert_eq!(fast.matches("<div").count(), 1, "{fast}");
    // A frame written by hand is kept only as the frame.
    let forged = to_html(
        "<div class=\"table-frame\" tabindex=\"0\">a</div>\
         <div class=\"x\" tabindex=\"-1\" onclick=\"alert(1)\" style=\"position:fixed\">b</div>",
    );
    assert!(
        forged.contains(&format!("{TABLE_FRAME}a</div>")),
        "{forged}"
    );
    assert!(forged.contains("<div>b</div>"), "{forged}");
    assert!(!to_html("No table.").contains("<div"));
}

#[test]
fn raw_html_tables_are_framed_once_as_markdown_tables_are() {
    let markdown_table = "| Time | Talk |\n|---|---|\n| 19:00 | Rust |\n";
    let raw = "<table><tr><td title=\"<table>\">a</td><td><table><tr><td>b</td></tr></table></td></tr></table>";
    let html = to_html(&format!("{raw}\n\n{markdown_table}"));
    // The raw table, the one inside it and the Markdown one: a frame each.
    assert_eq!(html.matches(TABLE_FRAME).count(), 3, "{html}");
    assert_eq!(html.matches("<table").count(), 3, "{html}");
    assert_eq!(
        html.matches("<div").count(),
        html.matches("</div>").count(),
        "{html}"
    );
    for (at, _) in html.match_indices("<table") {
        assert!(html[..at].ends_with(TABLE_FRAME), "{html}");
    }
    for (at, _) in html.match_indices("</table>") {
        let after = &html[at + "</table>".len()..];
        assert!(after.trim_start().starts_with("</div>"), "{html}");
    }
}

#[test]
fn protocol_relative_and_backslash_links_lose_their_address() {
    let html = to_html(
        "[a](//evil.example/x) <a href=\"\\\\evil.example\\x\">b</a> <a href=\"/\\evil.example\">c</a> [d](/events/x/)",
    );
    assert!(!html.contains("evil.example"), "{html}");
    assert_eq!(html.matches("href=").count(), 1, "{html}");
    assert!(html.contains("href=\"/events/x/\""), "{html}");
}

#[test]
fn links_without_a_scheme_stay_relative_and_disguised_schemes_go() {
    // Found by fuzzing (fuzz/fuzz_targets/markdown.rs): `:x` has no
    // scheme, so it is a relative address, as browsers read it.
    // Relative addresses are not site paths: they lose their address too.
    let html = to_html("[a](:%ba) [b](%6Aavascript:x) [c](java\tscript:x) [d](JAVASCRIPT:x)");
    assert_eq!(html.matches("href=").count(), 0, "{html}");
    assert!(html.contains('a') && html.contains('d'), "{html}");
}

#[test]
fn keeps_formatting_and_marks_links() {
    let html = to_html("# Title\n\n**bold** and [a link](https://example.org)");
    assert!(html.contains("<h2>Title</h2>"), "{html}");
    assert!(html.contains("<strong>bold</strong>"));
    assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
}

#[test]
fn deep_nesting_is_flattened_and_fast() {
    let start = std::time::Instant::now();
    for deep in [
        format!("{} deep", ">".repeat(100_000)),
        format!("{}deep", "- ".repeat(100_000)),
        format!("{}deep", "1. ".repeat(60_000)),
    ] {
        let html = to_html(&deep);
        assert!(html.contains("deep"), "the text survives");
        let opened = html.matches("<blockquote>").count()
            + html.matches("<ul>").count()
            + html.matches("<ol>").count();
        assert!(opened <= MAX_NESTING, "{opened} levels kept");
    }
    // Seconds in a debug build; a quadratic parse took minutes.
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn too_much_raw_html_is_shown_as_text() {
    let few = to_html("<em>a</em> <strong>b</strong>");
    assert!(few.contains("<em>a</em>"), "{few}");
    let many = format!("{}x", "<div>".repeat(MAX_RAW_HTML_TAGS + 1));
    let html = to_html(&many);
    assert!(html.starts_with("&lt;div&gt;"), "{}", &html[..40]);
    assert!(!html.contains("<div"));
}

#[test]
fn headings_start_at_h2_and_keep_their_order() {
    let levels = |markdown: &str| {
        let html = to_html(markdown);
        assert!(!html.contains("<h1"), "{html}");
        let mut found: Vec<(usize, usize)> = (1..=6)
            .flat_map(|n| {
                let tag = format!("<h{n}>");
                html.match_indices(&tag)
                    .map(|(at, _)| (at, n))
                    .collect::<Vec<_>>()
            })
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
    };
    assert_eq!(
        levels("# Programme\n\n## Talks\n\n### One\n\n## Food"),
        [2, 3, 4, 3]
    );
    assert_eq!(levels("### Only\n\ntext\n\n### Third level"), [2, 2]);
    // No level is skipped, whatever levels the Markdown uses.
    assert_eq!(levels("## a\n\n#### b\n\n###### c"), [2, 3, 4]);
    assert_eq!(levels("# a\n\n###### b"), [2, 3]);
    assert_eq!(
        levels("# 1\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6"),
        [2, 3, 4, 5, 6, 6]
    );
    // Raw HTML takes the sanitizer's path: same levels.
    assert_eq!(levels("# a <em>b</em>\n\n## c"), [2, 3]);
}

#[test]
fn images_keep_their_alt_text_as_text() {
    assert_eq!(
        to_html("![A map of the venue](https://x.org/map.png)"),
        "<p>A map of the venue</p>\n"
    );
    let html = to_html(
        "See ![a <b> & *map*](https://x.org/m.png \"T\") [![Logo](l.png)](https://example.org)",
    );
    assert!(
        !html.contains("<img") && !html.contains("x.org") && !html.contains("l.png"),
        "{html}"
    );
    assert!(html.contains("See a &lt;b&gt; &amp; map "), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">Logo</a>"),
        "{html}"
    );
    // Without raw HTML, an image no longer needs the sanitizer.
    let mut parsed = parse("![a](b.png) [c](https://example.org)").events;
    images_as_text(&mut parsed);
    assert!(parsed.iter().all(|(event, _)| is_plain(event)));
    // With raw HTML, the same text.
    let html = to_html("![A *map*](m.png) <em>x</em>");
    assert_eq!(html, "<p>A map <em>x</em></p>\n");
}

#[test]
fn footnotes_keep_their_text_and_link_to_it() {
    let html = to_html(
        "Text[^1] and[^n].\n\n[^1]: The note.\n[^n]: Another, [linked](https://example.org).",
    );
    assert!(
        html.contains("The note.") && html.contains("Another"),
        "{html}"
    );
    assert!(
        html.contains("<sup><a href=\"#fn-1\">1</a></sup>"),
        "{html}"
    );
    assert!(
        html.contains("<li id=\"fn-1\">\n<p>The note.</p>"),
        "{html}"
    );
    assert!(html.contains("<ol start=\"2\"><li id=\"fn-2\">"), "{html}");
    // Through the sanitizer too; a forged or repeated id is dropped, and
    // a reference inside a link is not a link in a link.
    let html = to_html("<em>a</em>[^1]\n\n[^1]: The note.\n\n[^1]: Again.\n\n<ul><li id=\"fn-1\">forged</li><li id=\"dates\">x</li></ul>");
    assert!(
        html.contains("<sup><a href=\"#fn-1\">1</a></sup>"),
        "{html}"
    );
    assert!(
        html.contains("The note.") && html.contains("Again."),
        "{html}"
    );
    assert_eq!(html.matches(" id=").count(), 1, "{html}");
    assert!(html.contains("<li id=\"fn-1\">\n<p>The note."), "{html}");
    let mut notes = Notes::default();
    let in_link = [
        Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: "https://example.org".into(),
            title: "".into(),
            id: "".into(),
        }),
        Event::FootnoteReference("1".into()),
    ];
    let rendered: Vec<_> = in_link.into_iter().map(|e| notes.render(e)).collect();
    assert_eq!(rendered[1], Event::InlineHtml("<sup>1</sup>".into()));
    // Only the footnotes' own in-page links are kept.
    let html = to_html("[a](#fn-1) <a href=\"#dates\">b</a> <a href=\"#fn-x\">c</a>");
    assert_eq!(html.matches("href=").count(), 1, "{html}");
}

#[test]
fn link_addresses_are_valid_urls() {
    let href = |html: &str| {
        let start = html.find("href=\"").expect("a link") + 6;
        html[start..start + html[start..].find('"').unwrap()].to_string()
    };
    for (markdown, expected) in [
        (
            "[x](<https://example.org/a\"b c>)",
            "https://example.org/a%22b%20c",
        ),
        (
            "[x](https://example.org/a%22%3E)",
            "https://example.org/a%22%3E",
        ),
        (
            "[x](https://example.org/100%)",
            "https://example.org/100%25",
        ),
        (
            "[x](https://example.org/%zz%4)",
            "https://example.org/%25zz%254",
        ),
        (
            "[x](https://example.org/é?a=1&b=2)",
            "https://example.org/%C3%A9?a=1&amp;b=2",
        ),
        ("[x](https://example.org\\a)", "https://example.org/a"),
        ("[x](mailto:a\\b@example.org)", "mailto:a%5Cb@example.org"),
        (
            "<a href='https://example.org/a\"<b> c%'>x</a>",
            "https://example.org/a%22%3Cb%3E%20c%25",
        ),
        (
            "<a href=\"https://example.org/a&#10;b{|}\">x</a>",
            "https://example.org/ab%7B%7C%7D",
        ),
        (
            "<em>a</em> [x](https://example.org/100%)",
            "https://example.org/100%25",
        ),
        (
            "<em>a</em> [x](https://example.org\\a)",
            "https://example.org/a",
        ),
    ] {
        assert_eq!(href(&to_html(markdown)), expected, "{markdown}");
    }
    for url in [
        "https://a.org/%41%",
        "mailto:x\\y",
        "/a b\\c\"<>",
        "https://a.org/é%zz",
    ] {
        let once = valid_href(url);
        assert_eq!(valid_href(&once), once, "{url}");
    }
}
