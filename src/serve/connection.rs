//! The preview's connections: one thread each, at most [`MAX_CONNECTIONS`]
//! at once, one request and one response per connection. Answers come only
//! from the snapshot in memory.

use super::http::{read_request, reason, Response, IDLE};
use super::routes::{route, stream_events, Reply};
use super::Shared;
use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Connections served at once; more are closed at once. A preview has a
/// few tabs open, each with one reload stream.
const MAX_CONNECTIONS: usize = 64;

pub(super) fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: let some close.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        // Counted from here until the connection's thread ends (or fails
        // to start): dropping the slot gives it back.
        let Some(slot) = Slot::take(&open) else {
            continue; // dropped: closed
        };
        let shared = Arc::clone(&shared);
        let _ = std::thread::Builder::new()
            .name("request".into())
            .spawn(move || {
                let _slot = slot;
                let _ = handle(stream, &shared);
            });
    }
}

/// One of the [`MAX_CONNECTIONS`] connections served at once.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        let slot = Slot(Arc::clone(open));
        (open.fetch_add(1, Ordering::SeqCst) < MAX_CONNECTIONS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let request = match read_request(&stream) {
        Ok(request) => request,
        Err(Some(status)) => {
            return Response::text(status, reason(status)).send(&mut stream, false)
        }
        Err(None) => return Ok(()),
    };
    let head = request.method == "HEAD";
    match route(&request, shared) {
        Reply::Once(response) => response.send(&mut stream, head),
        Reply::Events { since } => stream_events(&mut stream, shared, since, head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_at_most_max_connections_at_once() {
        let open = Arc::new(AtomicUsize::new(0));
        let mut slots: Vec<Slot> = (0..MAX_CONNECTIONS)
            .map(|_| Slot::take(&open).expect("a free slot"))
            .collect();
        assert!(Slot::take(&open).is_none());
        assert_eq!(open.load(Ordering::SeqCst), MAX_CONNECTIONS);
        slots.pop();
        assert!(Slot::take(&open).is_some());
        drop(slots);
        assert_eq!(open.load(Ordering::SeqCst), 0);
    }
}
