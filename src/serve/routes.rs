//! What each request gets: the reload script, the live-reload event stream,
//! or a page or file of the latest build, answered only for this server's
//! own host.

use super::http::{reason, Request, Response, COMMON_HEADERS};
use super::page::{self, EVENTS_PATH, RELOAD_JS, SCRIPT_PATH};
use super::site_path::{Found, SitePath};
use super::{Shared, Snapshot};
use crate::render::hosting::media_type;
use std::io::{self, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How often an open reload stream checks that its page is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub(super) enum Reply {
    Once(Response),
    /// The live-reload stream, for a page of generation `since`.
    Events {
        since: Option<u64>,
    },
}

pub(super) fn route(request: &Request, shared: &Shared) -> Reply {
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = Response::text(405, "meetcal serve answers only GET and HEAD");
        response.headers.push(("Allow", "GET, HEAD".into()));
        return Reply::Once(response);
    }
    // A page of another site, pointed at this port (DNS rebinding), is not
    // answered.
    if let Some(host) = &request.host {
        if !is_own_host(host, shared.port) {
            return Reply::Once(Response::text(
                403,
                &format!(
                    "meetcal serve answers only http://127.0.0.1:{}/",
                    shared.port
                ),
            ));
        }
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    if path == SCRIPT_PATH {
        return Reply::Once(Response::new(
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.into(),
        ));
    }
    if path == EVENTS_PATH {
        let since = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .and_then(|n| n.parse().ok());
        return Reply::Events { since };
    }
    let site_path = match SitePath::parse(path) {
        Ok(site_path) => site_path,
        Err(status) => return Reply::Once(Response::text(status, reason(status))),
    };
    Reply::Once(answer(&shared.current(), &site_path, path, query))
}

/// `127.0.0.1` or `localhost`, on this server's port (implied when 80).
fn is_own_host(host: &str, port: u16) -> bool {
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p)) => (name, p.parse().ok()),
        None => (host, Some(80)),
    };
    (name == "127.0.0.1" || name == "localhost") && host_port == Some(port)
}

/// The response for a page or file of the site.
fn answer(snapshot: &Snapshot, site_path: &SitePath, path: &str, query: &str) -> Response {
    let page = |status, html: &[u8]| {
        Response::new(
            status,
            "text/html; charset=utf-8",
            page::with_reload_script(html, snapshot.generation),
        )
    };
    match site_path.find(&snapshot.files) {
        Found::File(key) if key.ends_with(".html") => match &snapshot.failure {
            Some(failure) => page(500, failure.as_bytes()),
            None => page(200, &snapshot.files[key]),
        },
        Found::File(key) => {
            let bytes = &snapshot.files[key];
            Response::new(200, media_type(key, bytes), bytes.to_vec())
        }
        Found::Folder => {
            // Built from the path's own segments, so it always starts with a
            // single `/`: `//groups` must not become a link to host `groups`.
            let mut location = String::new();
            for segment in path.split('/').filter(|s| !s.is_empty()) {
                location.push('/');
                location.push_str(segment);
            }
            location.push('/');
            if !query.is_empty() {
                location.push('?');
                location.push_str(query);
            }
            let mut response = Response::text(301, reason(301));
            response.headers.push(("Location", location));
            response
        }
        Found::Missing => match (&snapshot.failure, snapshot.files.get("404.html")) {
            (Some(failure), _) => page(500, failure.as_bytes()),
            (None, Some(not_found)) => page(404, not_found),
            (None, None) => Response::text(404, reason(404)),
        },
    }
}

/// Server-Sent Events: one `reload` message as soon as the snapshot is newer
/// than the page's, then the stream ends.
pub(super) fn stream_events(
    stream: &mut TcpStream,
    shared: &Shared,
    since: Option<u64>,
    head: bool,
) -> io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n")?;
    stream.write_all(COMMON_HEADERS.as_bytes())?;
    if head {
        return Ok(());
    }
    // Reconnect quickly after a restart of the server.
    stream.write_all(b"retry: 1000\n\n")?;
    stream.flush()?;
    let since = since.unwrap_or_else(|| shared.current().generation);
    loop {
        if newer_than(shared, since, KEEP_ALIVE) {
            stream.write_all(b"data: reload\n\n")?;
            return stream.flush();
        }
        // Fails once the page is gone, which ends this thread.
        stream.write_all(b": waiting\n\n")?;
        stream.flush()?;
    }
}

/// Waits up to `timeout` for a snapshot whose generation is not `since`.
fn newer_than(shared: &Shared, since: u64, timeout: Duration) -> bool {
    let guard = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
    let (guard, _) = shared
        .changed
        .wait_timeout_while(guard, timeout, |s| s.generation == since)
        .unwrap_or_else(|e| e.into_inner());
    guard.generation != since
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_on_other_hosts() {
        assert!(is_own_host("127.0.0.1:1111", 1111));
        assert!(is_own_host("localhost:1111", 1111));
        assert!(is_own_host("localhost", 80));
        assert!(!is_own_host("localhost", 1111));
        assert!(!is_own_host("127.0.0.1:2222", 1111));
        assert!(!is_own_host("attacker.example:1111", 1111));
        assert!(!is_own_host("127.0.0.1.attacker.example:1111", 1111));
    }
}
