//! A small HTTP/1.1 server for the preview: GET and HEAD, one thread per
//! connection, one response per connection. It answers only from the
//! snapshot in memory; request paths are checked before any lookup, though
//! a lookup could not reach outside the site anyway.

use super::page::{self, EVENTS_PATH, RELOAD_JS, SCRIPT_PATH};
use super::{Files, Shared, Snapshot};
use crate::render::hosting::media_type;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Request line and headers larger than this are refused.
const MAX_HEAD: u64 = 16 * 1024;
/// A client that sends nothing for this long is dropped.
const IDLE: Duration = Duration::from_secs(10);
/// The whole request line and headers must arrive within this: a client
/// trickling a byte a second cannot hold a thread.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Connections served at once; more are closed at once. A preview has a
/// few tabs open, each with one reload stream.
const MAX_CONNECTIONS: usize = 64;
/// How often an open reload stream checks that its page is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

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

struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// A stream whose reads fail once `until` has passed, however slowly the
/// bytes come.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left.min(IDLE)))?;
        (&mut &*self.stream).read(buf)
    }
}

/// Reads the request line and headers. `Err(None)`: the client went away,
/// or took longer than [`HEAD_DEADLINE`].
fn read_request(stream: &TcpStream) -> Result<Request, Option<u16>> {
    let deadline = Deadline {
        stream,
        until: Instant::now() + HEAD_DEADLINE,
    };
    let mut reader = BufReader::new(deadline.take(MAX_HEAD));
    let mut line = Vec::new();
    let mut lines = Vec::new();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line);
        if !line.ends_with(b"\n") {
            // Cut short: too long, or the client stopped or went away.
            let too_long = read.is_ok() && reader.get_ref().limit() == 0;
            return Err(too_long.then_some(431));
        }
        let text = std::str::from_utf8(&line).map_err(|_| Some(400))?;
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if lines.is_empty() {
                continue; // Blank lines before a request are allowed.
            }
            break;
        }
        lines.push(text.to_string());
    }
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(400));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Some(400));
    }
    let host = lines[1..].iter().find_map(|header| {
        let (name, value) = header.split_once(':')?;
        name.eq_ignore_ascii_case("host")
            .then(|| value.trim().to_ascii_lowercase())
    });
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

enum Reply {
    Once(Response),
    /// The live-reload stream, for a page of generation `since`.
    Events {
        since: Option<u64>,
    },
}

fn route(request: &Request, shared: &Shared) -> Reply {
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
            Response::new(200, media_type(key, bytes), bytes.clone())
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

/// A request path, checked: plain names only, decoded.
#[derive(Debug, PartialEq, Eq)]
struct SitePath {
    segments: Vec<String>,
    /// Ends with `/`: the folder's `index.html`.
    folder: bool,
}

enum Found<'a> {
    File(&'a str),
    /// A folder asked for without its trailing slash.
    Folder,
    Missing,
}

impl SitePath {
    /// Refuses (403) any segment that names a parent or holds a separator,
    /// encoded or not; 400 for what no browser would send.
    fn parse(path: &str) -> Result<SitePath, u16> {
        if !path.starts_with('/') || !path.is_ascii() || path.bytes().any(|b| b.is_ascii_control())
        {
            return Err(400);
        }
        if path.contains('\\') {
            return Err(403);
        }
        let mut segments = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let decoded = percent_decode(raw).ok_or(400u16)?;
            let segment = String::from_utf8(decoded).map_err(|_| 400u16)?;
            if segment == "."
                || segment == ".."
                || segment.contains(['/', '\\'])
                || segment.chars().any(char::is_control)
            {
                return Err(403);
            }
            segments.push(segment);
        }
        Ok(SitePath {
            segments,
            folder: path.ends_with('/'),
        })
    }

    fn find<'a>(&self, files: &'a Files) -> Found<'a> {
        let joined = self.segments.join("/");
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        let key = |name: &str| files.get_key_value(name).map(|(k, _)| k.as_str());
        if self.folder || joined.is_empty() {
            return key(&index).map_or(Found::Missing, Found::File);
        }
        match key(&joined) {
            Some(file) => Found::File(file),
            None if files.contains_key(&index) => Found::Folder,
            None => Found::Missing,
        }
    }
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {text}\n").into_bytes(),
        )
    }

    fn send(&self, stream: &mut TcpStream, head: bool) -> io::Result<()> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n",
            self.status,
            reason(self.status),
            self.body.len()
        );
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(COMMON_HEADERS);
        let mut out = out.into_bytes();
        if !head {
            out.extend_from_slice(&self.body);
        }
        stream.write_all(&out)?;
        stream.flush()
    }
}

/// A preview is never cached: every load shows the latest build.
const COMMON_HEADERS: &str =
    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// Server-Sent Events: one `reload` message as soon as the snapshot is newer
/// than the page's, then the stream ends.
fn stream_events(
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

    fn files(names: &[&str]) -> Files {
        names.iter().map(|n| (n.to_string(), Vec::new())).collect()
    }

    fn found(path: &str, files: &Files) -> Option<String> {
        match SitePath::parse(path).unwrap().find(files) {
            Found::File(key) => Some(key.to_string()),
            Found::Folder => Some("redirect".into()),
            Found::Missing => None,
        }
    }

    #[test]
    fn can_find_files_and_folder_indexes() {
        let site = files(&["index.html", "style.css", "events/a/index.html"]);
        assert_eq!(found("/", &site).as_deref(), Some("index.html"));
        assert_eq!(found("/style.css", &site).as_deref(), Some("style.css"));
        assert_eq!(
            found("/events/a/", &site).as_deref(),
            Some("events/a/index.html")
        );
        assert_eq!(
            found("/events//a/", &site).as_deref(),
            Some("events/a/index.html")
        );
        assert_eq!(found("/events/a", &site).as_deref(), Some("redirect"));
        assert_eq!(found("/events/b/", &site), None);
        assert_eq!(found("/style.css/", &site), None);
    }

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

    #[test]
    fn can_decode_percent_encoded_names() {
        let site = files(&["tags/caf\u{e9}/index.html"]);
        assert_eq!(
            found("/tags/caf%C3%A9/", &site).as_deref(),
            Some("tags/caf\u{e9}/index.html")
        );
    }

    #[test]
    fn errors_on_traversal_encoded_or_not() {
        for path in [
            "/../Cargo.toml",
            "/events/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/.%2e/x",
            "/..%2f..%2fetc/passwd",
            "/events/..%5c..%5c",
            "/events/..\\..\\",
            "/a%00b",
            "/./index.html",
        ] {
            assert_eq!(SitePath::parse(path), Err(403), "{path}");
        }
        for path in ["x", "/a%zz", "/a%2", "/caf\u{e9}", "/a\u{1}b", "/%ff"] {
            assert_eq!(SitePath::parse(path), Err(400), "{path}");
        }
    }

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
