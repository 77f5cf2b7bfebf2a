//! Text for people: the site's language, contributors' Markdown as HTML and
//! as plain text, and XML and JSON escaping. A leaf: it imports nothing else of the
//! crate, so every stage may use it.

pub mod json;
pub mod locale;
pub mod markdown;
pub mod plain;
pub mod scan;
mod words;
pub mod xml;
