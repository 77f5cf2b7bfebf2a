//! A feed host on 127.0.0.1 for `meetcal import` and `sync`: serves given
//! feeds, and the ways a real host fails (slow, endless, a redirect loop,
//! an HTML page). Every answer is bounded in time and size.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// How long `/slow.ics` waits before answering.
pub const SLOW: Duration = Duration::from_secs(5);

/// What `/huge.ics` sends at most: more than any feed may be.
pub const HUGE_BYTES: usize = 6 * 1024 * 1024;

/// Serves `feeds` (path -> body) and the failing paths, from a background
/// thread for the rest of the test; the base URL, `http://127.0.0.1:PORT`.
pub fn serve(feeds: BTreeMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let feeds = Arc::new(feeds);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let feeds = Arc::clone(&feeds);
            std::thread::spawn(move || {
                let _ = answer(stream, &feeds);
            });
        }
    });
    base
}

fn answer(mut stream: TcpStream, feeds: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let head = |status: &str, kind: &str, length: Option<usize>, extra: &str| {
        let length = length.map_or(String::new(), |n| format!("Content-Length: {n}\r\n"));
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{length}{extra}Connection: close\r\n\r\n"
        )
    };
    match path.as_str() {
        "/slow.ics" => {
            std::thread::sleep(SLOW);
            let body = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
            stream.write_all(head("200 OK", "text/calendar", Some(body.len()), "").as_bytes())?;
            stream.write_all(body)
        }
        "/huge.ics" => {
            stream.write_all(head("200 OK", "text/calendar", None, "").as_bytes())?;
            stream.write_all(b"BEGIN:VCALENDAR\r\n")?;
            let line = format!("X-FILLER:{}\r\n", "x".repeat(1000));
            let mut sent = 0;
            while sent < HUGE_BYTES {
                stream.write_all(line.as_bytes())?;
                sent += line.len();
            }
            Ok(())
        }
        "/loop.ics" => stream.write_all(
            head(
                "302 Found",
                "text/plain",
                Some(0),
                "Location: /loop.ics\r\n",
            )
            .as_bytes(),
        ),
        "/page.html" => {
            let body = b"<!DOCTYPE html><html><body>Sign in to see this calendar</body></html>";
            stream.write_all(head("200 OK", "text/html", Some(body.len()), "").as_bytes())?;
            stream.write_all(body)
        }
        other => match feeds.get(other) {
            Some(body) => {
                stream.write_all(
                    head(
                        "200 OK",
                        "text/calendar; charset=utf-8",
                        Some(body.len()),
                        "",
                    )
                    .as_bytes(),
                )?;
                stream.write_all(body)
            }
            None => stream.write_all(head("404 Not Found", "text/plain", Some(0), "").as_bytes()),
        },
    }
}
