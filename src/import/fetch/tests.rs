//! Addresses as fetched, and an https feed that redirects to plain http,
//! served over TLS on 127.0.0.1 with a certificate made for the test.

use super::*;
use rustls::pki_types::{CertificateDer, PrivatePkcs8KeyDer};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

#[test]
fn webcal_is_https_and_other_schemes_are_refused() {
    assert_eq!(
        http_url("webcal://example.org/c.ics").unwrap(),
        "https://example.org/c.ics"
    );
    assert!(http_url("ftp://example.org/c.ics").is_err());
    assert!(is_url("HTTPS://example.org/"));
    assert!(!is_url("calendar.ics"));
}

/// A feed on https: `/feed.ics` answered, every other path redirected to
/// `redirect_to`. Serves from a background thread for the rest of the
/// test; its base URL and the certificate to trust.
fn serve_https(redirect_to: String) -> (String, ureq::tls::Certificate<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert = made.cert.der().clone();
    let key = PrivatePkcs8KeyDer::from(made.signing_key.serialize_der());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key.into())
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (config, redirect_to) = (Arc::clone(&config), redirect_to.clone());
            std::thread::spawn(move || answer(stream, config, &redirect_to));
        }
    });
    let trusted = ureq::tls::Certificate::from_der(CertificateDer::as_ref(&cert)).to_owned();
    (base, trusted)
}

fn answer(stream: TcpStream, config: Arc<rustls::ServerConfig>, redirect_to: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = BufReader::new(rustls::StreamOwned::new(connection, stream));
    let mut request = String::new();
    if tls.read_line(&mut request).is_err() {
        return;
    }
    let mut header = String::new();
    while tls.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let answer = if request.starts_with("GET /feed.ics ") {
        let body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    } else {
        format!("HTTP/1.1 302 Found\r\nLocation: {redirect_to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    };
    let tls = tls.get_mut();
    let _ = tls.write_all(answer.as_bytes()).and_then(|()| tls.flush());
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

#[test]
fn an_https_feed_is_never_followed_to_plain_http() {
    // The plain http address the feed redirects to; nothing may reach it.
    let plain = TcpListener::bind("127.0.0.1:0").unwrap();
    plain.set_nonblocking(true).unwrap();
    let plain_url = format!("http://{}/feed.ics", plain.local_addr().unwrap());
    let (base, certificate) = serve_https(plain_url);
    let roots = || RootCerts::from([certificate.clone()]);
    let timeout = Duration::from_secs(10);
    // The test's certificate is trusted: the feed itself comes.
    let feed = download_trusting(&format!("{base}/feed.ics"), timeout, roots()).unwrap();
    assert!(feed.starts_with(b"BEGIN:VCALENDAR"));
    let refused = download_trusting(&format!("{base}/moved.ics"), timeout, roots());
    assert_eq!(
        refused.unwrap_err(),
        "the https address redirects to a plain http one, which is refused"
    );
    assert!(
        matches!(plain.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the plain http address was connected to"
    );
    // Outside this test, the certificate is trusted by nobody.
    let untrusted = download(&format!("{base}/feed.ics"), timeout).unwrap_err();
    assert!(untrusted.contains("certificate"), "{untrusted}");
}
