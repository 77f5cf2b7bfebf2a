//! Words and date formats in the site's language.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    Fr,
}

pub const LANGUAGES: [&str; 2] = ["en", "fr"];

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    pub fn parse(code: &str) -> Option<Language> {
        match code.to_lowercase().split(['-', '_']).next()? {
            "en" => Some(Language::En),
            "fr" => Some(Language::Fr),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    pub fn weekday(self, day: Weekday) -> &'static str {
        let i = day.num_days_from_monday() as usize;
        match self {
            Language::En => [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ][i],
            Language::Fr => [
                "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            ][i],
        }
    }

    pub fn weekday_short(self, day: Weekday) -> &'static str {
        let i = day.num_days_from_monday() as usize;
        match self {
            Language::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
            Language::Fr => ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."][i],
        }
    }

    pub fn month(self, month: u32) -> &'static str {
        let i = (month as usize + 11) % 12;
        match self {
            Language::En => [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ][i],
            Language::Fr => [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ][i],
        }
    }

    /// "Wednesday 6 January 2027" / "mercredi 6 janvier 2027".
    pub fn date(self, date: NaiveDate) -> String {
        use std::fmt::Write;
        // Written piece by piece: every entry of every list has one.
        let mut text = String::with_capacity(32);
        text.push_str(self.weekday(date.weekday()));
        text.push(' ');
        match (self, date.day()) {
            (Language::Fr, 1) => text.push_str("1er"),
            (_, d) => {
                if d >= 10 {
                    text.push(char::from(b'0' + (d / 10) as u8));
                }
                text.push(char::from(b'0' + (d % 10) as u8));
            }
        }
        text.push(' ');
        text.push_str(self.month(date.month()));
        let _ = write!(text, " {}", date.year());
        text
    }

    /// "6 Jan 2027"-style short date, without the weekday.
    pub fn short_date(self, date: NaiveDate) -> String {
        format!(
            "{} {} {}",
            date.day(),
            self.month(date.month()),
            date.year()
        )
    }

    /// "Wed 6 Jan 2027" / "mer. 6 janv. 2027": compact, for feed titles.
    pub fn compact_date(self, date: NaiveDate) -> String {
        let i = date.month0() as usize;
        let month = match self {
            Language::En => [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ][i],
            Language::Fr => [
                "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                "nov.", "déc.",
            ][i],
        };
        format!(
            "{} {} {month} {}",
            self.weekday_short(date.weekday()),
            date.day(),
            date.year()
        )
    }

    /// "January 2027" / "janvier 2027".
    pub fn month_year(self, year: i32, month: u32) -> String {
        format!("{} {year}", self.month(month))
    }

    /// "Wednesday 6 January 2027 at 19:00" / "mercredi 6 janvier 2027 à 19:00".
    pub fn date_time(self, at: NaiveDateTime) -> String {
        let connector = match self {
            Language::En => "at",
            Language::Fr => "à",
        };
        format!(
            "{} {connector} {}",
            self.date(at.date()),
            at.format("%H:%M")
        )
    }

    /// "1 h 30 min" / "1h30"-style duration.
    pub fn duration(self, minutes: i64) -> String {
        let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
        let mut parts = Vec::new();
        if days > 0 {
            parts.push(match self {
                Language::En => format!("{days} day{}", if days == 1 { "" } else { "s" }),
                Language::Fr => format!("{days} jour{}", if days == 1 { "" } else { "s" }),
            });
        }
        if hours > 0 {
            parts.push(format!("{hours} h"));
        }
        if mins > 0 {
            parts.push(format!("{mins} min"));
        }
        parts.join(" ")
    }

    /// What a cancelled event's title starts with where the status alone
    /// may go unseen, as in calendar clients: "Cancelled: " / "Annulé : ".
    pub fn cancelled_prefix(self) -> String {
        self.label(self.words().cancelled)
    }

    /// What follows the first word of `text` when that word says the event
    /// is cancelled: "Cancelled" or "Canceled" in any language, or this
    /// language's word (French "Annulé", "annulée"...), in any case.
    pub fn after_cancelled(self, text: &str) -> Option<&str> {
        let text = text.trim_start();
        let end = text
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(text.len());
        let first = text[..end].to_lowercase();
        let word = self.words().cancelled.to_lowercase();
        let says = first == "cancelled"
            || first == "canceled"
            || first
                .strip_prefix(&word)
                .is_some_and(|ending| matches!(ending, "" | "e" | "s" | "es"));
        says.then(|| &text[end..])
    }

    /// The title after a label saying it is cancelled, as
    /// [`Language::cancelled_prefix`] writes it or a person types it:
    /// "Cancelled: ", "CANCELED : ", "Annulé : " (any space before the
    /// colon, a no-break one among them, or none).
    pub fn after_cancelled_label(self, title: &str) -> Option<&str> {
        let rest = self.after_cancelled(title)?.trim_start();
        rest.strip_prefix(':').map(str::trim_start)
    }

    /// `name` as the label of what follows: "Online: ", and in French with
    /// the no-break space that keeps the colon on its word's line,
    /// "En ligne\u{a0}: ".
    pub fn label(self, name: &str) -> String {
        match self {
            Language::En => format!("{name}: "),
            Language::Fr => format!("{name}\u{a0}: "),
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Language::En => &EN,
            Language::Fr => &FR,
        }
    }
}

/// Every UI string a template shows, in one language.
#[derive(Debug, Serialize)]
pub struct Words {
    pub skip: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub calendar: &'static str,
    pub groups: &'static str,
    pub subscribe: &'static str,
    pub no_upcoming: &'static str,
    pub no_past: &'static str,
    pub cancelled: &'static str,
    pub tentative: &'static str,
    pub changed: &'static str,
    pub online: &'static str,
    pub and_online: &'static str,
    pub all_day: &'static str,
    pub when: &'static str,
    pub duration: &'static str,
    pub where_: &'static str,
    pub map: &'static str,
    pub join_online: &'static str,
    /// Online, with the address announced later.
    pub link_to_come: &'static str,
    /// After a time in the visitor's own zone.
    pub your_time: &'static str,
    /// The embed snippet on group, tag and venue pages.
    pub embed_title: &'static str,
    pub embed_text: &'static str,
    /// Which day of an event of several days: `{n}` and `{total}`.
    pub day_of: &'static str,
    pub website: &'static str,
    /// Labels of a calendar entry's description, in calendar clients.
    pub getting_there: &'static str,
    pub details: &'static str,
    /// After "Online" when the address is announced later.
    pub link_later: &'static str,
    /// `{group}` organises the event.
    pub organised_by: &'static str,
    /// Descriptions of a group's, a tag's and a venue's calendar feeds:
    /// `{group}`, `{tag}`, `{venue}` and `{site}`.
    pub feed_of_group: &'static str,
    pub feed_of_tag: &'static str,
    pub feed_of_venue: &'static str,
    /// Labels of the typed links, in the order of `model::LINK_KINDS`.
    pub link_kinds: [&'static str; 6],
    pub group: &'static str,
    pub tags: &'static str,
    pub tag: &'static str,
    pub venue: &'static str,
    pub upcoming_dates: &'static str,
    pub add_to_calendar: &'static str,
    pub download_ics: &'static str,
    pub google_calendar: &'static str,
    pub edit_event: &'static str,
    pub previous_month: &'static str,
    pub next_month: &'static str,
    pub more_events: &'static str,
    /// A list's cut: `{n}` more in its next `{days}` days.
    pub more_soon: &'static str,
    pub one_event: &'static str,
    /// `{n}` events.
    pub n_events: &'static str,
    pub one_to_come: &'static str,
    /// `{n}` dates to come.
    pub n_to_come: &'static str,
    /// After a list's window: where later events are.
    pub later_events: &'static str,
    /// A list of past events cut at its latest `{shown}`.
    pub more_past: &'static str,
    /// `/past/` cut: the dates before it are on the page of `{year}`.
    pub earlier_dates: &'static str,
    pub times_in: &'static str,
    pub subscribe_feed: &'static str,
    pub copy_link: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub home: &'static str,
    pub repeats: &'static str,
    pub access: &'static str,
    pub year: &'static str,
    pub whole_calendar: &'static str,
    pub events: &'static str,
    /// The heading of `/events/`.
    pub all_events: &'static str,
    pub venues: &'static str,
    /// The search page: its name in the navigation and its heading.
    pub search: &'static str,
    /// The button that runs a search.
    pub search_button: &'static str,
    /// The label of the search box: what it searches.
    pub search_words: &'static str,
    pub any_tag: &'static str,
    pub any_group: &'static str,
    pub any_venue: &'static str,
    /// The online-or-in-person filter and its choices.
    pub attendance: &'static str,
    pub either: &'static str,
    pub in_person: &'static str,
    /// The date range filter.
    pub from_date: &'static str,
    pub to_date: &'static str,
    pub results: &'static str,
    pub no_results: &'static str,
    /// A list of results cut at its first `{shown}`.
    pub results_cut: &'static str,
    pub searching: &'static str,
    /// Shown without JavaScript, before the links to browse.
    pub search_needs_script: &'static str,
    /// When the index cannot be loaded.
    pub search_unavailable: &'static str,
    pub browse: &'static str,
    pub months: &'static str,
}

const EN: Words = Words {
    skip: "Skip to content",
    upcoming: "Upcoming events",
    past: "Past events",
    calendar: "Calendar",
    groups: "Groups",
    subscribe: "Subscribe",
    no_upcoming: "No upcoming events yet.",
    no_past: "No past events yet.",
    cancelled: "Cancelled",
    tentative: "To be confirmed",
    changed: "Changed",
    online: "Online",
    and_online: "and online",
    all_day: "All day",
    when: "When",
    duration: "Duration",
    where_: "Where",
    map: "Map",
    join_online: "Join online",
    link_to_come: "The link will be announced here",
    your_time: "your time",
    embed_title: "Show these events on your website",
    embed_text:
        "Copy this code into a page of your website: it shows the next events and stays up to date.",
    day_of: "day {n} of {total}",
    website: "Website",
    getting_there: "Getting there",
    details: "Details",
    link_later: "the link will be announced",
    organised_by: "Organised by {group}",
    feed_of_group: "Events by {group}",
    feed_of_tag: "Events tagged {tag} on {site}",
    feed_of_venue: "Events at {venue} on {site}",
    link_kinds: [
        "Tickets",
        "Call for papers",
        "Schedule",
        "Slides",
        "Video",
        "Chat",
    ],
    group: "Group",
    tags: "Tags",
    tag: "Tag",
    venue: "Venue",
    upcoming_dates: "Upcoming dates",
    add_to_calendar: "Add to calendar",
    download_ics: "Download (.ics)",
    google_calendar: "Google Calendar",
    edit_event: "Edit this event",
    previous_month: "Previous month",
    next_month: "Next month",
    more_events: "More events",
    one_event: "1 event",
    n_events: "{n} events",
    one_to_come: "1 date to come",
    n_to_come: "{n} dates to come",
    more_soon: "{n} more events in the next {days} days: see the calendar",
    later_events: "Later events: see the calendar",
    more_past: "The latest {shown} are listed: the archive has the others",
    earlier_dates: "Earlier dates: see {year}",
    times_in: "Times are in",
    subscribe_feed: "Subscribe",
    copy_link: "Feed address",
    not_found: "Page not found",
    not_found_text: "This page does not exist, or the event has moved.",
    home: "Back to the upcoming events",
    repeats: "Repeats",
    access: "Access",
    year: "Year",
    whole_calendar: "The whole calendar",
    events: "events",
    all_events: "Events",
    venues: "Venues",
    search: "Search",
    search_button: "Search",
    search_words: "Title, place, group, tag or description",
    any_tag: "All tags",
    any_group: "All groups",
    any_venue: "All venues",
    attendance: "Online or in person",
    either: "Either",
    in_person: "In person",
    from_date: "From",
    to_date: "Until",
    results: "Results",
    no_results: "No event matches this search.",
    results_cut: "The first {shown} are listed: narrow the search to see the others",
    searching: "Loading the events…",
    search_needs_script: "Results appear here when JavaScript is on. Without it, browse the events by tag, group, venue or month below.",
    search_unavailable: "The search is unavailable right now: browse the events by tag, group, venue or month below.",
    browse: "Browse",
    months: "Months",
};

const FR: Words = Words {
    skip: "Aller au contenu",
    upcoming: "Événements à venir",
    past: "Événements passés",
    calendar: "Calendrier",
    groups: "Groupes",
    subscribe: "S’abonner",
    no_upcoming: "Aucun événement à venir pour l’instant.",
    no_past: "Aucun événement passé.",
    cancelled: "Annulé",
    tentative: "À confirmer",
    changed: "Modifié",
    online: "En ligne",
    and_online: "et en ligne",
    all_day: "Toute la journée",
    when: "Quand",
    duration: "Durée",
    where_: "Où",
    map: "Plan",
    join_online: "Rejoindre en ligne",
    link_to_come: "Le lien sera annoncé ici",
    your_time: "votre heure",
    embed_title: "Afficher ces événements sur votre site",
    embed_text: "Copiez ce code dans une page de votre site : il affiche les prochains événements et reste à jour.",
    day_of: "jour {n} sur {total}",
    website: "Site web",
    getting_there: "Accès",
    details: "Détails",
    link_later: "le lien sera annoncé",
    organised_by: "Organisé par {group}",
    feed_of_group: "Les événements de {group}",
    feed_of_tag: "Les événements du thème {tag} sur {site}",
    feed_of_venue: "Les événements à {venue} sur {site}",
    link_kinds: [
        "Billets",
        "Appel à orateurs",
        "Programme",
        "Présentations",
        "Vidéo",
        "Discussion",
    ],
    group: "Groupe",
    tags: "Thèmes",
    tag: "Thème",
    venue: "Lieu",
    upcoming_dates: "Prochaines dates",
    add_to_calendar: "Ajouter à mon agenda",
    download_ics: "Télécharger (.ics)",
    google_calendar: "Google Agenda",
    edit_event: "Modifier cet événement",
    previous_month: "Mois précédent",
    next_month: "Mois suivant",
    more_events: "Autres événements",
    one_event: "1 événement",
    n_events: "{n} événements",
    one_to_come: "1 date à venir",
    n_to_come: "{n} dates à venir",
    more_soon: "{n} autres événements dans les {days} prochains jours : voir le calendrier",
    later_events: "Événements suivants : voir le calendrier",
    more_past: "Les {shown} derniers sont listés : les archives ont les autres",
    earlier_dates: "Dates antérieures : voir {year}",
    times_in: "Heures affichées pour",
    subscribe_feed: "S’abonner",
    copy_link: "Adresse du flux",
    not_found: "Page introuvable",
    not_found_text: "Cette page n’existe pas, ou l’événement a changé d’adresse.",
    home: "Retour aux événements à venir",
    repeats: "Récurrence",
    access: "Accès",
    year: "Année",
    whole_calendar: "Tout le calendrier",
    events: "événements",
    all_events: "Événements",
    venues: "Lieux",
    search: "Recherche",
    search_button: "Rechercher",
    search_words: "Titre, lieu, groupe, thème ou description",
    any_tag: "Tous les thèmes",
    any_group: "Tous les groupes",
    any_venue: "Tous les lieux",
    attendance: "En ligne ou sur place",
    either: "Indifférent",
    in_person: "Sur place",
    from_date: "Du",
    to_date: "Au",
    results: "Résultats",
    no_results: "Aucun événement ne correspond à cette recherche.",
    results_cut: "Les {shown} premiers sont listés : précisez la recherche pour voir les autres",
    searching: "Chargement des événements…",
    search_needs_script: "Les résultats s’affichent ici quand JavaScript est activé. Sans lui, parcourez les événements par thème, groupe, lieu ou mois ci-dessous.",
    search_unavailable: "La recherche est indisponible pour l’instant : parcourez les événements par thème, groupe, lieu ou mois ci-dessous.",
    browse: "Parcourir",
    months: "Mois",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_in_french_and_english() {
        let at = NaiveDate::from_ymd_opt(2027, 1, 6)
            .unwrap()
            .and_hms_opt(19, 0, 0)
            .unwrap();
        assert_eq!(
            Language::Fr.date_time(at),
            "mercredi 6 janvier 2027 à 19:00"
        );
        assert_eq!(
            Language::En.date_time(at),
            "Wednesday 6 January 2027 at 19:00"
        );
        let first = NaiveDate::from_ymd_opt(2027, 9, 1).unwrap();
        assert_eq!(Language::Fr.date(first), "mercredi 1er septembre 2027");
        let christmas = NaiveDate::from_ymd_opt(2027, 12, 25).unwrap();
        assert_eq!(Language::En.date(christmas), "Saturday 25 December 2027");
        assert_eq!(Language::Fr.date(christmas), "samedi 25 décembre 2027");
        let tenth = NaiveDate::from_ymd_opt(2030, 2, 10).unwrap();
        assert_eq!(Language::En.date(tenth), "Sunday 10 February 2030");
        assert_eq!(Language::En.duration(90), "1 h 30 min");
        assert_eq!(Language::En.compact_date(at.date()), "Wed 6 Jan 2027");
        assert_eq!(Language::Fr.compact_date(at.date()), "mer. 6 janv. 2027");
        assert_eq!(Language::Fr.duration(2 * 1440), "2 jours");
        assert_eq!(Language::parse("fr-FR"), Some(Language::Fr));
        assert_eq!(Language::parse("de"), None);
    }

    #[test]
    fn cancelled_is_recognized_in_either_spelling_and_the_sites_language() {
        for (text, language, says) in [
            ("Cancelled. The speaker is ill.", Language::En, true),
            ("  cancelled, sorry", Language::En, true),
            ("Canceled!", Language::Fr, true),
            ("Annulé : salle fermée", Language::Fr, true),
            ("annulées toutes les deux", Language::Fr, true),
            ("Annulé : salle fermée", Language::En, false),
            ("Cancellation policy: none", Language::En, false),
            ("The talk is cancelled.", Language::En, false),
            ("", Language::En, false),
        ] {
            assert_eq!(language.after_cancelled(text).is_some(), says, "{text}");
        }
    }

    #[test]
    fn a_cancelled_label_is_recognized_as_written_and_as_typed() {
        for language in Language::ALL {
            let written = format!("{}Talk", language.cancelled_prefix());
            assert_eq!(language.after_cancelled_label(&written), Some("Talk"));
        }
        for (title, language) in [
            ("Cancelled: Talk", Language::En),
            ("CANCELLED : Talk", Language::En),
            ("canceled:Talk", Language::Fr),
            ("ANNULÉ : Talk", Language::Fr),
            ("Annulée: Talk", Language::Fr),
            ("Annulé\u{202f}: Talk", Language::Fr),
        ] {
            assert_eq!(
                language.after_cancelled_label(title),
                Some("Talk"),
                "{title}"
            );
        }
        for (title, language) in [
            ("Cancelled flights, a talk", Language::En),
            ("Cancelled. Talk", Language::En),
            ("Annulé : Talk", Language::En),
        ] {
            assert_eq!(language.after_cancelled_label(title), None, "{title}");
        }
    }
}
