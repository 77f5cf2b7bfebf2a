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

/// `names` with those closest to `input` first (equally close ones in
/// their order), so that a hint's short list starts with the likeliest:
/// first those that share more of its words (`monthly-social` and
/// `social-evening`, a renamed slug), then those spelt most alike.
pub fn closest_first<'a>(input: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let lowered = input.to_lowercase();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let ours = words(&lowered);
    let mut scored: Vec<(usize, f64, &str)> = names
        .into_iter()
        .map(|name| {
            let name_lowered = name.to_lowercase();
            let shared = words(&name_lowered)
                .iter()
                .filter(|w| ours.contains(w))
                .count();
            let alike = strsim::jaro_winkler(&lowered, &name_lowered);
            (shared, alike, name)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    scored.into_iter().map(|(_, _, name)| name).collect()
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
    fn closest_names_come_first() {
        let names = [
            "atelier-python",
            "open-coffee",
            "social-evening",
            "soiree-du-mois",
        ];
        assert_eq!(
            closest_first("soiree-mensuelle", names)[0],
            "soiree-du-mois"
        );
        assert_eq!(closest_first("monthly-social", names)[0], "social-evening");
        assert_eq!(closest_first("open-cofee", names)[0], "open-coffee");
        assert_eq!(closest_first("x", ["b", "a"]), ["b", "a"]);
    }

    #[test]
    fn known_list_is_short() {
        let many: Vec<String> = (0..20).map(|i| format!("g{i}")).collect();
        let text = known_list(many.iter().map(String::as_str));
        assert!(text.ends_with("(20 in all)"), "{text}");
        assert_eq!(known_list([]), "none defined yet");
    }
}
