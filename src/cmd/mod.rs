//! Parts of the `meetcal` binary, not of the library: commands that talk
//! with the person at the terminal before calling into the library.

pub mod import;
pub mod new;
