//! A calendar's built site served as its host would: files from the
//! output folder, folder URLs to their `index.html`, the `_headers` file's
//! policy for each path, `404.html` for missing files.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Serves `root` on `listener` from a background thread for the rest of the
/// test: GET and HEAD, `index.html` for folder URLs, a redirect to add the
/// slash to a folder URL, `404.html` (or a plain text) for missing files.
pub fn serve(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
}

/// The Content-Security-Policy line the built `_headers` file gives
/// `url_path`, as the host would send it.
fn policy_for(root: &Path, url_path: &str) -> String {
    let rules =
        super::headers::parse(&std::fs::read_to_string(root.join("_headers")).unwrap_or_default());
    match super::headers::headers_for(&rules, url_path).get("content-security-policy") {
        Some(policy) => format!("Content-Security-Policy: {policy}\r\n"),
        None => String::new(),
    }
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let url_path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));

    let policy = policy_for(root, &url_path);
    let respond = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{policy}{headers}\r\n",
            body.len()
        )?;
        if method != "HEAD" {
            stream.write_all(body)?;
        }
        stream.flush()
    };
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "", b"");
    }
    let relative = url_path.trim_start_matches('/');
    if !url_path.starts_with('/') || relative.split('/').any(|part| part == "..") {
        return respond(&mut stream, "400 Bad Request", "", b"");
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        if !url_path.ends_with('/') {
            let location = format!("Location: {url_path}/\r\n");
            return respond(&mut stream, "301 Moved Permanently", &location, b"");
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => {
            let kind = format!("Content-Type: {}\r\n", content_type(&file));
            respond(&mut stream, "200 OK", &kind, &body)
        }
        Err(_) => match std::fs::read(root.join("404.html")) {
            Ok(body) => respond(
                &mut stream,
                "404 Not Found",
                "Content-Type: text/html; charset=utf-8\r\n",
                &body,
            ),
            Err(_) => respond(
                &mut stream,
                "404 Not Found",
                "Content-Type: text/plain; charset=utf-8\r\n",
                b"not found",
            ),
        },
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
