//! A `_headers` file read as Netlify documents it: a rule is a path with
//! `*` (anything, to the end) and `:placeholder`s (one path segment), and a
//! response gets the headers of every rule that matches its path; this
//! reader joins the values of a header set by several rules, as some hosts
//! do, so a path matched by two policies shows both.

use std::collections::BTreeMap;

/// Rules of a `_headers` file, in order: path pattern -> headers.
pub fn parse(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        if line.starts_with('/') {
            rules.push((line.trim().to_string(), Vec::new()));
        } else {
            let (name, value) = line.trim().split_once(": ").expect("Name: value");
            let (_, headers) = rules.last_mut().expect("a path first");
            headers.push((name.into(), value.into()));
        }
    }
    rules
}

/// Whether the rule `pattern` matches the request path `path`. A trailing
/// slash is optional on both, as on Netlify.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    for (i, part) in pattern.iter().enumerate() {
        if *part == "*" {
            return path.len() >= i;
        }
        match path.get(i) {
            Some(segment) if part.starts_with(':') => {
                if segment.is_empty() {
                    return false;
                }
            }
            Some(segment) if segment == part => {}
            _ => return false,
        }
    }
    pattern.len() == path.len()
}

/// What the host sends for `path`: the headers of every rule that matches.
pub fn headers_for(
    rules: &[(String, Vec<(String, String)>)],
    path: &str,
) -> BTreeMap<String, String> {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (pattern, values) in rules {
        if matches(pattern, path) {
            for (name, value) in values {
                headers
                    .entry(name.to_lowercase())
                    .and_modify(|v| {
                        v.push_str(", ");
                        v.push_str(value)
                    })
                    .or_insert_with(|| value.clone());
            }
        }
    }
    headers
}
