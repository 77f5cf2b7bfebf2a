//! Where rendered files go: the sinks a render puts them into, one at a
//! time, and the pieces a large file is made of.

use super::{is_inside, outside, OutputFile};
use std::path::PathBuf;
use std::sync::Mutex;

/// Where rendered files go, one at a time, as soon as each is ready: the
/// staging folder of a build, or memory for `meetcal serve`.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), String>;

    /// A large file made in pieces, in order (`events.json`). This gathers
    /// them into one file; a sink that writes to disk writes each piece as
    /// it comes, so that the whole file is never in memory.
    fn put_in_pieces(
        &self,
        path: PathBuf,
        pieces: &mut dyn Iterator<Item = Piece>,
    ) -> Result<(), String> {
        let mut bytes = Vec::new();
        for piece in pieces {
            bytes.extend_from_slice(&piece);
        }
        self.put(OutputFile::new(path, bytes))
    }
}

/// A piece of a file made in pieces: bytes of its own, or bytes an earlier
/// render made (`serve` keeps each event's entry of `events.json`).
pub enum Piece {
    Owned(Vec<u8>),
    Shared(std::sync::Arc<[u8]>),
    Static(&'static [u8]),
}

impl std::ops::Deref for Piece {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Piece::Owned(bytes) => bytes,
            Piece::Shared(bytes) => bytes,
            Piece::Static(bytes) => bytes,
        }
    }
}

/// Keeps nothing: for `check`, which renders everything and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutputFile) -> Result<(), String> {
        Ok(())
    }

    fn put_in_pieces(
        &self,
        _path: PathBuf,
        pieces: &mut dyn Iterator<Item = Piece>,
    ) -> Result<(), String> {
        // Made all the same: `check` must fail where `build` would.
        pieces.for_each(drop);
        Ok(())
    }
}

/// Files kept in memory.
#[derive(Default)]
pub struct Memory(Mutex<Vec<OutputFile>>);

impl Memory {
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        if !is_inside(&file.path) {
            return Err(outside(&file.path));
        }
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}
