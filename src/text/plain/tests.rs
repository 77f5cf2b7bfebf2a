use super::super::markdown::{options, to_html};
use super::*;

fn plain(markdown: &str) -> String {
    markdown_to_text(markdown, "https://cal.example.org/")
}

#[test]
fn struck_text_keeps_its_marks() {
    assert_eq!(
        plain("Doors at ~~19:00~~ 19:30."),
        "Doors at ~~19:00~~ 19:30."
    );
    assert_eq!(
        plain("- ~~Talk one~~\n- Talk two"),
        "- ~~Talk one~~\n- Talk two"
    );
    // A lone `~` is not a strikethrough, and stays as it was.
    assert_eq!(plain("~20 people"), "~20 people");
}

#[test]
fn a_place_is_one_line() {
    assert_eq!(place_line("Café", None), "Café");
    assert_eq!(
        place_line("Town hall", Some("Place de la Mairie\n\n 75011 Paris\n")),
        "Town hall, Place de la Mairie, 75011 Paris"
    );
}

#[test]
fn too_much_raw_html_is_text_as_on_the_page() {
    use crate::text::markdown::MAX_RAW_HTML_TAGS;
    let many = format!("{}x", "<div>".repeat(MAX_RAW_HTML_TAGS + 1));
    assert!(
        plain(&many).starts_with("<div><div>"),
        "{}",
        &plain(&many)[..20]
    );
    let few = format!("{}x", "<div>".repeat(MAX_RAW_HTML_TAGS));
    assert_eq!(plain(&few), "x");
    // Inline tags in a paragraph too.
    let inline = |tags: usize| format!("Talks:{}", " <b>x</b>".repeat(tags / 2));
    let many = plain(&inline(MAX_RAW_HTML_TAGS + 2));
    assert!(
        many.starts_with("Talks: <b>x</b> <b>x</b>"),
        "{}",
        &many[..30]
    );
    assert_eq!(
        plain(&inline(MAX_RAW_HTML_TAGS)),
        format!("Talks:{}", " x".repeat(MAX_RAW_HTML_TAGS / 2))
    );
}

#[test]
fn keeps_paragraphs_and_drops_markup() {
    assert_eq!(
        plain("Some *very* **strong**\ntext with `code`.\n\nSecond paragraph."),
        "Some very strong text with code.\n\nSecond paragraph."
    );
    assert_eq!(plain("# Title\n\nBody"), "Title\n\nBody");
    // Tags go, their text and line breaks stay, as on the page.
    assert_eq!(
        plain("a<br>b <b>c</b>\n\n<div>kept</div>\n"),
        "a\nb c\n\nkept"
    );
}

#[test]
fn lists_get_one_line_per_item() {
    assert_eq!(
        plain("Agenda:\n\n- 19:00 — pizza\n- 19:20 — kata\n  - nested\n\n1. one\n2. two\n\nAfter."),
        "Agenda:\n\n- 19:00 — pizza\n- 19:20 — kata\n  - nested\n\n1. one\n2. two\n\nAfter."
    );
}

#[test]
fn links_keep_their_address() {
    assert_eq!(
        plain("See [our website](https://x.example/talks) or <https://y.example/>."),
        "See our website (https://x.example/talks) or https://y.example/."
    );
    assert_eq!(
        plain("The [venue](/venues/lumen/) page"),
        "The venue (https://cal.example.org/venues/lumen/) page"
    );
    assert_eq!(plain("![a map](map.png)"), "a map");
    assert_eq!(
        plain("See [![the logo](l.png)](https://x.example/)"),
        "See the logo (https://x.example/)"
    );
    assert_eq!(
        plain("[click](javascript:alert(1)) [x](data:text/html,x) [y](vbscript:z) [mail](mailto:a@b.org)"),
        "click x y mail (mailto:a@b.org)"
    );
}

#[test]
fn footnotes_keep_their_text() {
    assert_eq!(
        plain("Text[^1] and[^note].\n\n[^1]: The note.\n[^note]: Another\n    on two lines."),
        "Text[1] and[note].\n\n[1] The note.\n\n[note] Another on two lines."
    );
}

#[test]
fn keeps_special_characters_as_written() {
    let text = "Commas, semicolons; C:\\Users\\meetcal — café 🎉 \"quoted\"";
    assert_eq!(plain(text), text);
}

#[test]
fn punctuation_stays_as_typed_though_the_page_makes_it_typographic() {
    // The oracle: the same text from a reading without smart punctuation.
    let pieces = [
        "'",
        "\"",
        "--",
        "---",
        "----",
        "-",
        "...",
        "..",
        "don't",
        "'quoted'",
        "\"said\"",
        "&rsquo;",
        "&quot;",
        "’",
        "—",
        "`it's -- ...`",
        "*a*",
        "_b_",
        "[l](/x 'title')",
        "[it's](https://x.example/'a'--b)",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "> ",
        " ",
        "word",
        "\\'",
        "\\-",
        "<b>",
        "[x] ",
        "[ ] ",
        "|",
        "\n---\n",
        "    code -- 'q'\n",
    ];
    let without_smart = options().difference(pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION);
    let mut next = crate::test_random::below(5);
    for _ in 0..20_000 {
        let markdown: String = (0..next(12))
            .map(|_| pieces[next(pieces.len() as u64) as usize])
            .collect();
        let as_read = text_of(&parse(&markdown), "https://cal.example.org/");
        let oracle = Parsed::new(
            &markdown,
            pulldown_cmark::Parser::new_ext(&markdown, without_smart).into_offset_iter(),
        );
        let oracle = text_of(&oracle, "https://cal.example.org/");
        assert_eq!(as_read, oracle, "{markdown:?}");
    }
    assert_eq!(plain("It's -- \"ok\"..."), "It's -- \"ok\"...");
    assert_eq!(
        to_html("It's -- \"ok\"..."),
        "<p>It’s – “ok”…</p>\n",
        "the page's text is typographic"
    );
}

#[test]
fn summaries_are_short_plain_text() {
    assert_eq!(
        summary("A long sentence, with many words in it.", 20),
        "A long sentence…"
    );
    assert_eq!(
        summary("**Two** talks:\n\n- pizza", 80),
        "Two talks: - pizza"
    );
}

#[test]
fn deep_nesting_makes_bounded_text() {
    for deep in [
        format!("{} deep", ">".repeat(100_000)),
        format!("{}deep", "- ".repeat(100_000)),
    ] {
        let text = markdown_to_text(&deep, "");
        assert!(text.contains("deep"), "the text survives");
        assert!(text.len() < 10 * deep.len(), "{} bytes of text", text.len());
    }
}

#[test]
fn finds_a_character_as_char_indices_does() {
    let mut next = crate::test_random::below(19);
    for _ in 0..3_000 {
        let text: String = (0..next(12))
            .map(|_| ['a', 'é', '€', '𝄞', ' '][next(5) as usize])
            .collect();
        let n = next(14) as usize;
        assert_eq!(
            char_start(&text, n),
            text.char_indices().nth(n).map(|(i, _)| i),
            "{text:?} {n}"
        );
    }
}

#[test]
fn shorten_counts_characters_and_cuts_at_a_word() {
    // Exactly at the limit, in characters (not bytes): kept whole.
    assert_eq!(shorten("café crème", 10), "café crème");
    // One past it: cut at the last space, punctuation trimmed.
    assert_eq!(shorten("café, crème", 10), "café…");
    assert_eq!(shorten("éééééééééééé", 5), "ééééé…");
    assert_eq!(shorten("", 0), "");
}

#[test]
fn a_script_or_style_in_a_paragraph_is_dropped_whole_as_in_the_html() {
    let markdown = "Bring snacks <style>.promo{color:red}</style> and <SCRIPT type=x>track(\"x\")</script > drinks <stylesheet>kept</stylesheet>.";
    assert_eq!(plain(markdown), "Bring snacks  and  drinks kept.");
    let html = to_html(markdown);
    assert!(!html.contains("promo") && !html.contains("track"), "{html}");
    // Not closed: the rest of the paragraph is dropped, as the sanitizer does.
    assert_eq!(plain("a <script>b\n\nc"), "a");
    assert_eq!(plain("a </style> b"), "a  b");
}
