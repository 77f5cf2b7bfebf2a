//! `meetcal serve` as a test speaks to it: the real binary on a free
//! loopback port, spoken to over raw TCP so that no client tidies the paths
//! sent.

use super::text;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous for a loaded machine: every wait polls for what it waits for,
/// so a healthy run takes a fraction of it, and only a hang reaches it.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// A running `meetcal serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        text(&self.body)
    }
}

impl Server {
    pub fn start(root: &Path, now: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0", "--now", now])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("meetcal runs");
        let log = Arc::new(Mutex::new(String::new()));
        let (lines, first) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = lines.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let deadline = Instant::now() + PATIENCE;
        while server.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = first
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no address printed:\n{}", server.log()));
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                server.port = rest
                    .trim_end_matches('/')
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
            }
        }
        server
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the terminal shows `expected`: the server may print a
    /// line after it has already served the result the line describes.
    pub fn wait_for_log(&self, expected: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let log = self.log();
            if log.contains(expected) {
                return log;
            }
            assert!(
                Instant::now() < deadline,
                "the terminal never said {expected:?}:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    pub fn connect(&self, method: &str, target: &str) -> TcpStream {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        stream
    }

    pub fn request(&self, method: &str, target: &str) -> Reply {
        let mut raw = Vec::new();
        self.connect(method, target).read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("{target}: no header end in {:?}", text(&raw)));
        let head = text(&raw[..split]);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.to_string(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// GETs `target` until `ok` holds, or fails with the last reply and the log.
    pub fn poll(&self, target: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(target);
            if ok(&reply) {
                return reply;
            }
            if Instant::now() > deadline {
                panic!(
                    "{target}: never {what}; last reply {}:\n{}\nserver log:\n{}",
                    reply.status,
                    reply.text(),
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}
