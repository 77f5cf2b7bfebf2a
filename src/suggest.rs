//! "Did you mean ...?" for misspelt names.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lowered = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lowered, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A short list of known names for a hint: "known: a, b, c, ...".
pub fn known_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 8;
    let names: Vec<&str> = names.into_iter().collect();
    if names.is_empty() {
        return "none defined yet".to_string();
    }
    let mut text = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(", ... ({} in all)", names.len()));
    }
    format!("known: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "start", "end"]),
            Some("title")
        );
        assert_eq!(
            did_you_mean("Europe/Pariss", ["Europe/Paris", "Europe/Prague"]),
            Some("Europe/Paris")
        );
        assert_eq!(did_you_mean("zzzz", ["title", "start"]), None);
    }

    #[test]
    fn known_list_is_short() {
        let many: Vec<String> = (0..20).map(|i| format!("g{i}")).collect();
        let text = known_list(many.iter().map(String::as_str));
        assert!(text.ends_with("(20 in all)"), "{text}");
        assert_eq!(known_list([]), "none defined yet");
    }
}
