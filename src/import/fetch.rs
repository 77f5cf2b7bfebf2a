//! A feed's bytes, from a file or over http(s), within limits: a feed is
//! someone else's server, and `meetcal sync` runs unattended.

use super::read::MAX_FEED_BYTES;
use std::io::Read;
use std::path::Path;
use std::time::Duration;
use ureq::tls::{RootCerts, TlsConfig};

/// How long one feed may take, connection to last byte, unless told.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Redirects followed before giving up (a loop ends here).
pub const MAX_REDIRECTS: u32 = 5;

/// Whether `source` names a feed on the web rather than a file.
pub fn is_url(source: &str) -> bool {
    let lower = source.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("webcal://")
}

/// The feed's bytes: from `root`-relative or absolute file, or a URL.
pub fn fetch(source: &str, root: &Path, timeout: Duration) -> Result<Vec<u8>, String> {
    if is_url(source) || source.contains("://") {
        return download(source, timeout);
    }
    let path = Path::new(source);
    let path = if path.is_absolute() || path.exists() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let file =
        std::fs::File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FEED_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    too_large(bytes.len())?;
    Ok(bytes)
}

fn too_large(size: usize) -> Result<(), String> {
    if size > MAX_FEED_BYTES {
        return Err(format!(
            "the feed is over the limit of {} KiB",
            MAX_FEED_BYTES / 1024
        ));
    }
    Ok(())
}

/// `webcal://` (how calendar links are often shared) is https.
fn http_url(source: &str) -> Result<String, String> {
    let source = source.trim();
    let source = match source.get(..9) {
        Some(scheme) if scheme.eq_ignore_ascii_case("webcal://") => {
            format!("https://{}", &source[9..])
        }
        _ => source.to_string(),
    };
    let parsed = url::Url::parse(&source).map_err(|e| format!("`{source}` is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("`{source}` is not an http(s) URL"));
    }
    Ok(source)
}

fn download(source: &str, timeout: Duration) -> Result<Vec<u8>, String> {
    download_trusting(source, timeout, RootCerts::WebPki)
}

/// [`download`], trusting the certificate authorities `roots`: Mozilla's
/// (webpki-roots, the same on every machine) for every feed, a test's own
/// certificate in its test.
fn download_trusting(source: &str, timeout: Duration, roots: RootCerts) -> Result<Vec<u8>, String> {
    let url = http_url(source)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(TlsConfig::builder().root_certs(roots).build())
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        // An https feed stays https: a redirect to plain http could be
        // changed on its way.
        .https_only(
            url.get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://")),
        )
        .http_status_as_error(true)
        .user_agent(concat!(
            "meetcal/",
            env!("CARGO_PKG_VERSION"),
            " (calendar import)"
        ))
        .build()
        .into();
    let mut response = agent
        .get(&url)
        .header("Accept", "text/calendar, */*;q=0.5")
        .call()
        .map_err(|e| describe(&e, timeout))?;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_FEED_BYTES as u64)
        .read_to_vec()
        .map_err(|e| describe(&e, timeout))?;
    too_large(bytes.len())?;
    Ok(bytes)
}

/// An error as an organizer can act on it.
fn describe(error: &ureq::Error, timeout: Duration) -> String {
    match error {
        ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
        ureq::Error::Timeout(_) => format!("no complete answer within {} s", timeout.as_secs()),
        ureq::Error::TooManyRedirects => {
            format!("more than {MAX_REDIRECTS} redirects (a redirect loop?)")
        }
        ureq::Error::BodyExceedsLimit(_) => format!(
            "the feed is over the limit of {} KiB",
            MAX_FEED_BYTES / 1024
        ),
        ureq::Error::HostNotFound => "the host name does not resolve".into(),
        ureq::Error::RequireHttpsOnly(_) => {
            "the https address redirects to a plain http one, which is refused".into()
        }
        ureq::Error::ConnectionFailed => "the connection failed".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
