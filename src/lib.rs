//! meetcal turns a folder of meetup files into a calendar website with
//! iCalendar and RSS feeds.
//!
//! The pipeline reads top to bottom, one module per stage:
//! [`load`] -> [`validate`] -> [`expand`] -> [`index`] -> [`prepare`] ->
//! [`render`] -> [`output`], driven by [`build`]. docs/architecture.md
//! describes each stage and the rule of the layers.

pub mod agenda;
pub mod build;
pub mod diagnostics;
pub mod expand;
pub mod fields;
pub mod free;
pub mod history;
pub mod import;
pub mod index;
pub mod init;
pub mod limits;
pub mod load;
pub mod model;
pub mod output;
pub mod parse;
pub mod plan;
pub mod prepare;
pub mod recurrence;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod text;
pub mod theme;
pub mod timing;
pub mod urls;
pub mod validate;
pub mod when;
pub mod yaml;

#[cfg(test)]
mod test_calendar;
#[cfg(test)]
mod test_random;
