//! The writer of the pages made in Rust rather than through their
//! templates.

use crate::output::Piece;
use crate::text::scan::Stops;

/// HTML written piece by piece. Text is escaped as the template engine's
/// autoescape escapes it, by the engine's own function, so that a page
/// written in Rust is byte for byte what its template makes.
pub struct Html {
    text: String,
    /// What came before `text`, when markup was handed over whole: whole
    /// strings, so joining them needs no check that they are UTF-8.
    pieces: Vec<String>,
}

/// Markup handed over shorter than this is copied: a piece of its own
/// costs a write of its own.
pub const PIECE_MIN: usize = 16 * 1024;

impl Html {
    pub fn with_capacity(bytes: usize) -> Html {
        Html {
            text: String::with_capacity(bytes),
            pieces: Vec::new(),
        }
    }

    /// Markup made elsewhere, as it is, given whole: a long one is kept as
    /// a piece of the page rather than copied into it (a year of the
    /// archive lists tens of megabytes of days).
    pub fn hand_over(&mut self, markup: String) -> &mut Html {
        if markup.len() < PIECE_MIN {
            return self.raw(&markup);
        }
        if !self.text.is_empty() {
            // The room left is the page's to go on with: markup after a
            // piece would otherwise grow a new string from nothing.
            let room = self.text.capacity() - self.text.len();
            let before = std::mem::replace(&mut self.text, String::with_capacity(room));
            self.pieces.push(before);
        }
        self.pieces.push(markup);
        self
    }

    /// Text that cannot hold a character [`Html::text`] escapes (a status
    /// name, an RFC 3339 time: letters, digits and `-:+.T`), as it is:
    /// the dates of a year of weekly series are hundreds of thousands.
    pub fn plain(&mut self, text: &str) -> &mut Html {
        debug_assert!(
            !text.contains(['&', '<', '>', '"', '\'']),
            "{text:?} needs escaping"
        );
        self.raw(text)
    }

    /// Markup, as it is.
    pub fn raw(&mut self, markup: &str) -> &mut Html {
        self.text.push_str(markup);
        self
    }

    /// Text, escaped as `{{ text }}` escapes it. The engine's own function
    /// writes a byte at a time: this copies the runs between the five
    /// characters it escapes, found sixteen bytes a step, and a test holds
    /// it to the engine's output.
    pub fn text(&mut self, text: &str) -> &mut Html {
        const ESCAPED: Stops<5> = Stops {
            bytes: [b'&', b'<', b'>', b'"', b'\''],
            below: 0,
        };
        let bytes = text.as_bytes();
        let mut copied = 0;
        while let Some(at) = ESCAPED.find(bytes, copied) {
            let entity = entity(bytes[at]).expect("only the five are found");
            // The five are ASCII: the runs between them are whole characters.
            self.text.push_str(&text[copied..at]);
            self.text.push_str(entity);
            copied = at + 1;
        }
        self.text.push_str(&text[copied..]);
        self
    }

    /// A link inside the site.
    pub fn link(&mut self, url: &str, label: &str) -> &mut Html {
        self.raw("<a href=\"")
            .text(url)
            .raw("\">")
            .text(label)
            .raw("</a>")
    }

    /// [`Html::link`], or the label alone when there is no page to link to
    /// (`url` empty), as the templates' `{% if tag.url %}` write it.
    pub fn link_if(&mut self, url: &str, label: &str) -> &mut Html {
        if url.is_empty() {
            self.text(label)
        } else {
            self.link(url, label)
        }
    }

    pub fn len(&self) -> usize {
        self.pieces.iter().map(|piece| piece.len()).sum::<usize>() + self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether markup was handed over whole, so the page is in pieces.
    pub fn has_pieces(&self) -> bool {
        !self.pieces.is_empty()
    }

    /// The whole markup, in one string.
    pub fn finish(self) -> String {
        if self.pieces.is_empty() {
            return self.text;
        }
        let mut whole = String::with_capacity(self.len());
        for piece in &self.pieces {
            whole.push_str(piece);
        }
        whole.push_str(&self.text);
        whole
    }

    /// The markup in order, as the pieces it was handed over in.
    pub fn into_pieces(self) -> Vec<Piece> {
        let mut pieces: Vec<Piece> = self
            .pieces
            .into_iter()
            .map(|piece| Piece::Owned(piece.into_bytes()))
            .collect();
        if !self.text.is_empty() {
            pieces.push(Piece::Owned(self.text.into_bytes()));
        }
        pieces
    }
}

/// `text` escaped as [`Html::text`] escapes it, on its own.
pub fn escaped(text: &str) -> String {
    let mut html = Html::with_capacity(text.len() + text.len() / 8);
    html.text(text);
    html.finish()
}

/// The entity [`Html::text`] writes for `byte`, if it is one of the five
/// it escapes.
fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Html::text` escapes every character as the template engine does.
    #[test]
    fn text_is_escaped_as_the_template_engine_escapes_it() {
        let every_ascii: String = (0..128u8).map(char::from).collect();
        // Short and long texts (shorter than one step of the scan, and many),
        // the five characters among plain ones and wider characters.
        let mut next = crate::test_random::below(3);
        let pieces = [
            "&",
            "<",
            ">",
            "\"",
            "'",
            "a",
            "plain text ",
            "é",
            "🎉",
            "&amp;",
        ];
        let generated: Vec<String> = (0..400)
            .map(|_| {
                let len = next(120);
                (0..len)
                    .map(|_| pieces[next(pieces.len() as u64) as usize])
                    .collect()
            })
            .collect();
        for text in generated.iter().map(String::as_str).chain([
            "",
            "plain",
            "&",
            "<a href=\"x\">'quoted' & more</a>",
            "&&<<>>\"\"''",
            "Café « Léa » – 東京 🎉 & ' \" < >",
            every_ascii.as_str(),
            "a long run of plain text before one & after",
            "twelve bytes<",
            ">sixteen bytes!!",
        ]) {
            let mut engine = Vec::new();
            tera::escape_html(text, &mut engine).unwrap();
            let mut html = Html::with_capacity(0);
            html.raw("[").text(text).raw("]");
            assert_eq!(
                html.finish(),
                format!("[{}]", String::from_utf8(engine).unwrap()),
                "{text:?}"
            );
        }
    }

    /// Markup handed over whole is the same page as markup copied in:
    /// long markup becomes a piece of its own, short markup is copied.
    #[test]
    fn handed_over_markup_keeps_its_place_in_the_page() {
        let long = "<li>é</li>".repeat(PIECE_MIN / 8);
        let page = || {
            let mut html = Html::with_capacity(0);
            html.raw("<ul>")
                .hand_over(long.clone())
                .text("&")
                .hand_over("<li>short</li>".into())
                .hand_over(long.clone())
                .raw("</ul>");
            html
        };
        let expected = format!("<ul>{long}&amp;<li>short</li>{long}</ul>");
        assert_eq!(page().len(), expected.len());
        assert_eq!(page().finish(), expected);
        let pieces = page().into_pieces();
        let sizes: Vec<usize> = pieces.iter().map(|piece| piece.len()).collect();
        assert_eq!(
            sizes,
            [4, long.len(), "&amp;<li>short</li>".len(), long.len(), 5],
            "the short markup is copied, the long ones are pieces"
        );
        let joined: Vec<u8> = pieces
            .iter()
            .flat_map(|piece| piece.iter().copied())
            .collect();
        assert_eq!(joined, expected.as_bytes());
    }

    /// Generated texts, the escaped characters dense and sparse, among
    /// multi-byte characters, at every position in a word.
    #[test]
    fn generated_text_is_escaped_as_the_template_engine_escapes_it() {
        let plain = ['a', 'Z', ' ', 'é', '東', '🎉', '\u{80}', '\u{ff}'];
        let escaped = ['&', '<', '>', '"', '\''];
        let mut below = crate::test_random::below(17);
        for case in 0..2000 {
            let len = below(40) as usize;
            // One character in `rarity` escaped: from every other to one in 64.
            let rarity = 2 << (case % 6);
            let text: String = (0..len)
                .map(|_| match below(rarity) {
                    0 => escaped[below(5) as usize],
                    _ => plain[below(8) as usize],
                })
                .collect();
            let mut engine = Vec::new();
            tera::escape_html(&text, &mut engine).unwrap();
            let mut html = Html::with_capacity(0);
            html.text(&text);
            assert_eq!(
                html.finish(),
                String::from_utf8(engine).unwrap(),
                "{text:?}"
            );
        }
    }
}
