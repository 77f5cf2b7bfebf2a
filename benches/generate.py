#!/usr/bin/env python3
"""Writes a synthetic meetcal calendar of N events, for the benchmark.

    benches/generate.py N OUT_DIR [--recurring-share 0.0..1.0] [--until-share 0.0..1.0]
                        [--seed S] [--now YYYY-MM-DD] [--hugo HUGO_DIR] [--zola ZOLA_DIR]

OUT_DIR/content/ receives site.yaml, groups (N/200, at least 5), venues
(N/100, at least 5) and N event files in year sub-folders: one-off events
spread over the ten years that end a year after --now, each with front matter
and a Markdown body of about 2 KB. With --recurring-share, that share of the N
files are weekly series instead (open-ended, or ending on an `until` date for
--until-share of them).

--hugo and --zola also write the equivalent Hugo or Zola site: the same N
pages with the same front matter values and bodies, built into the event
pages, one list page and one RSS feed, with minimal layouts and no theme.

The output depends only on the arguments (standard library only, seeded
random.Random), so a calendar can be regenerated, or cached by its arguments.
"""

import argparse
import datetime as dt
import os
import random
import re
import sys
import unicodedata

TAGS = [
    "rust", "python", "javascript", "go", "web", "accessibility", "design",
    "devops", "cloud", "security", "data", "machine-learning", "mobile",
    "testing", "craft", "open-source", "talks", "workshop", "networking",
    "beginners", "career", "women-in-tech", "hardware", "games", "writing",
    "performance", "databases", "functional", "conference", "social",
]

TOPICS = [
    "Rust", "Python", "JavaScript", "Go", "Kotlin", "Elixir", "Haskell",
    "OCaml", "Web Performance", "Accessibility", "UX Design", "DevOps",
    "Kubernetes", "Security", "Data Science", "Machine Learning", "Android",
    "iOS", "Testing", "Software Craft", "Open Source", "Product", "Agile",
    "Cloud Native", "PostgreSQL", "Front-end", "GraphQL", "WebAssembly",
    "Embedded", "Game Dev", "Tech Writing", "Indie Hackers", "Clojure", "Ruby",
    "PHP", "Java", "TypeScript", "Vue", "React", "Svelte",
]

GROUP_KINDS = ["Meetup", "User Group", "Club", "Community", "Collective", "Night"]
PLACES = ["Paris", "Montreuil", "Saint-Denis", "Boulogne", "Vincennes", "Nanterre", "Ivry"]

EVENT_KINDS = [
    "night", "talks", "workshop", "meetup", "hack evening", "lightning talks",
    "coding dojo", "study group", "apéro", "book club", "panel", "breakfast",
]

STREETS = [
    "rue Réaumur", "rue du Faubourg Saint-Antoine", "boulevard Voltaire",
    "rue de la Roquette", "rue Oberkampf", "quai de Valmy", "rue de Rivoli",
    "avenue Parmentier", "rue des Martyrs", "rue de Charonne", "rue Saint-Maur",
    "boulevard de Belleville", "rue de Bagnolet", "rue du Temple",
]
VENUE_KINDS = [
    "Coworking", "Café", "Studio", "Fablab", "Library", "Auditorium", "Loft",
    "Campus", "Hub", "Atelier", "Brewery", "Bookshop",
]
VENUE_NAMES = [
    "Lumen", "Canal", "Comptoir", "Mirabelle", "Fabrique", "Rive Gauche",
    "Belleville", "Nation", "Bastille", "Marais", "Oberkampf", "Voltaire",
    "Ménilmontant", "Jaurès", "Charonne", "Pigalle", "Batignolles", "Tolbiac",
]

WORDS = (
    "we will spend the evening on practical examples drawn from real projects "
    "with time for questions and a long break between the talks so that people "
    "can meet and compare notes the speakers bring slides and code and the "
    "recordings are published a few days later on the group page newcomers are "
    "welcome and nobody is expected to know the topic in depth the room has "
    "power sockets at every table and a projector that works with most laptops "
    "drinks and food are offered by the host and vegetarian options are always "
    "available please register so that we can plan the catering and tell the "
    "reception how many people to expect the session covers testing strategies "
    "deployment pipelines performance budgets type systems error handling "
    "observability accessibility audits design tokens and the small habits that "
    "make a codebase pleasant to work in for years"
).split()

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def slugify(text):
    out = []
    text = unicodedata.normalize("NFKD", text)
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def yaml_str(text):
    """A YAML scalar that needs no thought: always double-quoted."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(rng, low=10, high=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences):
    return " ".join(sentence(rng) for _ in range(sentences))


def body(rng, title, group_url):
    """About 2 KB of Markdown: paragraphs, a list, a link and some bold."""
    parts = []
    first = paragraph(rng, 3)
    words = first.split(" ")
    i = rng.randrange(2, len(words) - 2)
    words[i] = "**" + words[i] + " " + words[i + 1] + "**"
    del words[i + 1]
    parts.append(" ".join(words))
    parts.append(paragraph(rng, 3))
    parts.append(
        "\n".join(
            "- " + sentence(rng, 4, 9).rstrip(".") for _ in range(rng.randint(3, 5))
        )
    )
    parts.append(
        paragraph(rng, 2)
        + f" Details and registration on [the group's page]({group_url})."
    )
    text = "\n\n".join(parts)
    while len(text.encode()) < 1900:
        text += "\n\n" + paragraph(rng, 2)
    return text + "\n"


class Calendar:
    def __init__(self, n, recurring_share, until_share, seed, now):
        self.n = n
        self.rng = random.Random(seed)
        self.now = now
        self.recurring = round(n * recurring_share)
        self.until_share = until_share
        self.groups = []
        self.venues = []
        self.events = []
        self._make_venues(max(5, n // 100))
        self._make_groups(max(5, n // 200))
        self._make_events()

    def _make_venues(self, count):
        rng = self.rng
        used = set()
        for i in range(count):
            name = f"{rng.choice(VENUE_NAMES)} {rng.choice(VENUE_KINDS)}"
            slug = slugify(name)
            if slug in used:
                name = f"{name} {i}"
                slug = slugify(name)
            used.add(slug)
            self.venues.append(
                {
                    "slug": slug,
                    "name": name,
                    "address": f"{rng.randint(1, 180)} {rng.choice(STREETS)}, "
                    f"750{rng.randint(1, 20):02d} Paris",
                    "lat": round(48.82 + rng.random() * 0.08, 4),
                    "lon": round(2.26 + rng.random() * 0.15, 4),
                    "url": f"https://{slug}.example.org",
                    "notes": sentence(rng, 8, 14),
                    "body": paragraph(rng, 2),
                }
            )

    def _make_groups(self, count):
        rng = self.rng
        used = set()
        for i in range(count):
            topic = TOPICS[i % len(TOPICS)]
            name = f"{rng.choice(PLACES)} {topic} {rng.choice(GROUP_KINDS)}"
            slug = slugify(name)
            if slug in used:
                name = f"{name} {i}"
                slug = slugify(name)
            used.add(slug)
            self.groups.append(
                {
                    "slug": slug,
                    "name": name,
                    "topic": topic,
                    "url": f"https://{slug}.example.org",
                    "tags": rng.sample(TAGS, rng.randint(2, 4)),
                    "venue": rng.choice(self.venues)["slug"],
                    "body": paragraph(rng, 3),
                }
            )

    def _make_events(self):
        rng = self.rng
        # Ten years of one-offs, ending a year after now.
        first = self.now - dt.timedelta(days=9 * 365 + 2)
        span = (self.now + dt.timedelta(days=365) - first).days
        kinds = ["series"] * self.recurring + ["one-off"] * (self.n - self.recurring)
        rng.shuffle(kinds)
        used = set()
        for i, kind in enumerate(kinds):
            group = rng.choice(self.groups) if rng.random() < 0.92 else None
            topic = group["topic"] if group else rng.choice(TOPICS)
            title = f"{topic} {rng.choice(EVENT_KINDS)}"
            day = first + dt.timedelta(days=rng.randrange(span))
            event = {"title": title, "group": group, "kind": kind}
            all_day = kind == "one-off" and rng.random() < 0.04
            if all_day:
                event["start"] = day.isoformat()
                if rng.random() < 0.5:
                    event["end"] = (day + dt.timedelta(days=1)).isoformat()
            else:
                # Evening or lunchtime: never in a daylight-saving gap.
                time = rng.choice(["18:30", "19:00", "19:00", "19:30", "12:30", "09:00"])
                event["start"] = f"{day.isoformat()} {time}"
                r = rng.random()
                if r < 0.6:
                    event["duration"] = rng.choice(["2h", "1h30m", "3h", "2h30m"])
                elif r < 0.8:
                    hour, minute = map(int, time.split(":"))
                    event["end"] = f"{day.isoformat()} {hour + 2:02d}:{minute:02d}"
            event["date"] = day
            event["time"] = None if all_day else event["start"].split(" ")[1]
            slug_base = f"{slugify(title)}-{day.isoformat()}"
            slug = slug_base
            k = 2
            while slug in used:
                slug = f"{slug_base}-{k}"
                k += 1
            used.add(slug)
            event["slug"] = slug
            r = rng.random()
            if r < 0.05:
                event["online"] = f"https://meet.example.org/{slug}"
                if rng.random() < 0.3 and event["time"]:
                    event["timezone"] = "America/Toronto"
            else:
                if r < 0.10:
                    event["online"] = f"https://stream.example.org/{slug}"
                if group is None or rng.random() < 0.6:
                    event["venue"] = rng.choice(self.venues)["slug"]
            if group is None or rng.random() < 0.8:
                event["tags"] = rng.sample(TAGS, rng.randint(1, 4))
            if rng.random() < 0.3:
                event["url"] = f"https://tickets.example.org/{slug}"
            r = rng.random()
            if r < 0.02:
                event["status"] = "cancelled"
            elif r < 0.05:
                event["status"] = "tentative"
            if kind == "series":
                repeat = {"every": "week", "on": WEEKDAYS[day.weekday()]}
                weeks = None
                if rng.random() < self.until_share:
                    weeks = rng.randint(4, 150)
                    repeat["until"] = (day + dt.timedelta(weeks=weeks)).isoformat()
                if rng.random() < 0.2:
                    skip = rng.randint(1, weeks if weeks else 20)
                    repeat["except"] = [(day + dt.timedelta(weeks=skip)).isoformat()]
                event["repeat"] = repeat
            event["body"] = body(
                rng, title, group["url"] if group else "https://example.org/events"
            )
            self.events.append(event)

    # ---- meetcal ------------------------------------------------------------

    def event_front_matter(self, e):
        lines = [f"title: {yaml_str(e['title'])}", f"start: {e['start']}"]
        for key in ("end", "duration", "timezone"):
            if key in e:
                lines.append(f"{key}: {e[key]}")
        if e["group"]:
            lines.append(f"group: {e['group']['slug']}")
        for key in ("venue", "online", "url"):
            if key in e:
                lines.append(f"{key}: {e[key]}")
        if "tags" in e:
            lines.append(f"tags: [{', '.join(e['tags'])}]")
        if "status" in e:
            lines.append(f"status: {e['status']}")
        if "repeat" in e:
            lines.append("repeat:")
            for key, value in e["repeat"].items():
                if isinstance(value, list):
                    value = "[" + ", ".join(value) + "]"
                lines.append(f"  {key}: {value}")
        return lines

    def write_meetcal(self, out):
        content = os.path.join(out, "content")
        write(
            os.path.join(content, "site.yaml"),
            "title: Synthetic Tech Calendar\n"
            "base_url: https://bench.example.org\n"
            "timezone: Europe/Paris\n"
            f"description: A synthetic calendar of {self.n} events for meetcal's benchmark.\n"
            "language: en\n"
            "default_duration: 2h\n",
        )
        for v in self.venues:
            write(
                os.path.join(content, "venues", v["slug"] + ".md"),
                "---\n"
                f"name: {yaml_str(v['name'])}\n"
                f"address: {yaml_str(v['address'])}\n"
                f"lat: {v['lat']}\n"
                f"lon: {v['lon']}\n"
                f"url: {v['url']}\n"
                f"notes: {yaml_str(v['notes'])}\n"
                "---\n" + v["body"] + "\n",
            )
        for g in self.groups:
            write(
                os.path.join(content, "groups", g["slug"] + ".md"),
                "---\n"
                f"name: {yaml_str(g['name'])}\n"
                f"url: {g['url']}\n"
                f"tags: [{', '.join(g['tags'])}]\n"
                f"venue: {g['venue']}\n"
                "---\n" + g["body"] + "\n",
            )
        for e in self.events:
            path = os.path.join(
                content, "events", str(e["date"].year), e["slug"] + ".md"
            )
            write(path, "---\n" + "\n".join(self.event_front_matter(e)) + "\n---\n" + e["body"])

    # ---- the equivalent sites of general-purpose generators --------------------

    def rfc3339(self, e):
        """The event's start as a date-time for Hugo and Zola. The offset is
        Paris winter time throughout: these pages only need a sortable date."""
        time = e["time"] or "00:00"
        return f"{e['date'].isoformat()}T{time}:00+01:00"

    def write_hugo(self, out):
        write(
            os.path.join(out, "hugo.toml"),
            'baseURL = "https://bench.example.org/"\n'
            'title = "Synthetic Tech Calendar"\n'
            'languageCode = "en"\n'
            "# Only the event pages, the home page (the list) and its RSS feed.\n"
            'disableKinds = ["taxonomy", "term", "section", "sitemap", "robotsTXT", "404"]\n'
            "# Events are dated by their start: keep past and future ones.\n"
            "buildFuture = true\n"
            "buildExpired = true\n"
            "[outputs]\n"
            'home = ["html", "rss"]\n'
            'page = ["html"]\n',
        )
        write(
            os.path.join(out, "layouts", "baseof.html"),
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>{{ .Title }} · {{ site.Title }}</title>\n"
            '{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" '
            'href="{{ .RelPermalink }}">{{ end }}\n'
            "</head>\n<body>\n{{ block \"main\" . }}{{ end }}\n</body>\n</html>\n",
        )
        write(
            os.path.join(out, "layouts", "page.html"),
            '{{ define "main" }}\n<article>\n<h1>{{ .Title }}</h1>\n'
            '<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">'
            '{{ .Date.Format "Monday 2 January 2006, 15:04" }}</time>'
            "{{ with .Params.group }} · {{ . }}{{ end }}{{ with .Params.venue }} · {{ . }}{{ end }}"
            "{{ with .Params.status }} · {{ . }}{{ end }}</p>\n"
            "{{ with .Params.tags }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}\n"
            "{{ .Content }}\n</article>\n{{ end }}\n",
        )
        write(
            os.path.join(out, "layouts", "home.html"),
            '{{ define "main" }}\n<h1>{{ site.Title }}</h1>\n<ul>\n'
            "{{ range site.RegularPages.ByDate.Reverse }}"
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
            '<time>{{ .Date.Format "2006-01-02 15:04" }}</time></li>\n'
            "{{ end }}</ul>\n{{ end }}\n",
        )
        # The RSS feed uses Hugo's embedded RSS template.
        for e in self.events:
            # `url` would set the page's address in Hugo: the value stays, under
            # another name.
            fm = [re.sub(r"^url:", "link:", line) for line in self.event_front_matter(e)]
            fm.insert(1, f"date: {self.rfc3339(e)}")
            path = os.path.join(
                out, "content", "events", str(e["date"].year), e["slug"] + ".md"
            )
            write(path, "---\n" + "\n".join(fm) + "\n---\n" + e["body"])

    def write_zola(self, out):
        # For Zola 0.22 (any from 0.20 on reads this config; 0.22 refuses the
        # older `highlight_code`, and highlights nothing unless
        # [markdown.highlighting] is set). Pages sit directly in the root
        # section, whose page lists them all and whose feed carries them all
        # (no `feed_limit`). As for Hugo, no sitemap and no robots.txt; Zola
        # has no switch for its 404 page, one small file.
        write(
            os.path.join(out, "config.toml"),
            'base_url = "https://bench.example.org"\n'
            'title = "Synthetic Tech Calendar"\n'
            'default_language = "en"\n'
            "compile_sass = false\n"
            "build_search_index = false\n"
            "generate_feeds = true\n"
            'feed_filenames = ["rss.xml"]\n'
            "generate_sitemap = false\n"
            "generate_robots_txt = false\n",
        )
        write(
            os.path.join(out, "content", "_index.md"),
            '+++\nsort_by = "date"\n+++\n',
        )
        write(
            os.path.join(out, "templates", "base.html"),
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>{% block title %}{{ config.title }}{% endblock %}</title>\n"
            '<link rel="alternate" type="application/rss+xml" href="{{ get_url(path="rss.xml") }}">\n'
            "</head>\n<body>\n{% block main %}{% endblock %}\n</body>\n</html>\n",
        )
        write(
            os.path.join(out, "templates", "page.html"),
            '{% extends "base.html" %}\n'
            "{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}\n"
            "{% block main %}\n<article>\n<h1>{{ page.title }}</h1>\n"
            '<p><time datetime="{{ page.date }}">{{ page.date | date(format="%A %-d %B %Y, %H:%M") }}</time>'
            "{% if page.extra.group %} · {{ page.extra.group }}{% endif %}"
            "{% if page.extra.venue %} · {{ page.extra.venue }}{% endif %}"
            "{% if page.extra.status %} · {{ page.extra.status }}{% endif %}</p>\n"
            "{% if page.extra.tags %}<ul>{% for tag in page.extra.tags %}<li>{{ tag }}</li>{% endfor %}</ul>{% endif %}\n"
            "{{ page.content | safe }}\n</article>\n{% endblock %}\n",
        )
        write(
            os.path.join(out, "templates", "index.html"),
            '{% extends "base.html" %}\n{% block main %}\n<h1>{{ config.title }}</h1>\n<ul>\n'
            "{% for page in section.pages %}"
            '<li><a href="{{ page.permalink }}">{{ page.title }}</a> '
            '<time>{{ page.date | date(format="%Y-%m-%d %H:%M") }}</time></li>\n'
            "{% endfor %}</ul>\n{% endblock %}\n",
        )
        for e in self.events:
            extra = []
            if e["group"]:
                extra.append(f"group = {toml_str(e['group']['slug'])}")
            for key in ("start", "end", "duration", "timezone", "venue", "online", "url", "status"):
                if key in e:
                    extra.append(f"{key} = {toml_str(e[key])}")
            if "tags" in e:
                extra.append("tags = [" + ", ".join(toml_str(t) for t in e["tags"]) + "]")
            if "repeat" in e:
                extra.append("repeat = { " + ", ".join(
                    f"{k} = {toml_str(v) if isinstance(v, str) else '[' + ', '.join(toml_str(x) for x in v) + ']'}"
                    for k, v in e["repeat"].items()) + " }")
            write(
                os.path.join(out, "content", e["slug"] + ".md"),
                "+++\n"
                f"title = {toml_str(e['title'])}\n"
                f"date = {self.rfc3339(e)}\n"
                "[extra]\n" + "\n".join(extra) + "\n+++\n" + e["body"],
            )


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def share(text):
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0.0 and 1.0")
    return value


def main():
    parser = argparse.ArgumentParser(
        description="Write a synthetic meetcal calendar of N events (and the equivalent Hugo/Zola site).")
    parser.add_argument("n", type=int, metavar="N", help="number of event files")
    parser.add_argument("out", metavar="OUT_DIR", help="the calendar's root (receives content/)")
    parser.add_argument("--recurring-share", type=share, default=0.0,
                        help="share of the N events that are weekly series (default 0)")
    parser.add_argument("--until-share", type=share, default=0.5,
                        help="share of the series that end with `until`; the rest are open-ended (default 0.5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--now", type=dt.date.fromisoformat, default=dt.date(2026, 12, 1),
                        help="events span the ten years ending a year after this date "
                             "(default 2026-12-01, the benchmark's --now)")
    parser.add_argument("--hugo", metavar="HUGO_DIR", help="also write the equivalent Hugo site here")
    parser.add_argument("--zola", metavar="ZOLA_DIR", help="also write the equivalent Zola site here")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("N must be at least 1")
    for d in (args.out, args.hugo, args.zola):
        if d and os.path.exists(d) and os.listdir(d):
            parser.error(f"{d} exists and is not empty")

    cal = Calendar(args.n, args.recurring_share, args.until_share, args.seed, args.now)
    cal.write_meetcal(args.out)
    if args.hugo:
        cal.write_hugo(args.hugo)
    if args.zola:
        cal.write_zola(args.zola)
    print(f"{args.n} events ({cal.recurring} weekly series), {len(cal.groups)} groups, "
          f"{len(cal.venues)} venues, {len(TAGS)} tags -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
