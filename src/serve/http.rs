//! HTTP/1.1 as the preview speaks it: a request's line and headers, read
//! within a size and a time limit, and one response per connection.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Request line and headers larger than this are refused.
const MAX_HEAD: u64 = 16 * 1024;
/// A client that sends nothing for this long is dropped.
pub(super) const IDLE: Duration = Duration::from_secs(10);
/// The whole request line and headers must arrive within this: a client
/// trickling a byte a second cannot hold a thread.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
pub(super) struct Request {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
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
pub(super) fn read_request(stream: &TcpStream) -> Result<Request, Option<u16>> {
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

pub(super) struct Response {
    status: u16,
    pub headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {text}\n").into_bytes(),
        )
    }

    pub fn send(&self, stream: &mut TcpStream, head: bool) -> io::Result<()> {
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
pub(super) const COMMON_HEADERS: &str =
    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";

pub(super) fn reason(status: u16) -> &'static str {
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
