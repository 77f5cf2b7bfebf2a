#!/usr/bin/env python3
"""Reads a built meetcal site as other programs would: every RSS feed with
feedparser, every XML file with an XML parser, the JSON Feeds, and
events.json against its JSON Schema.

Usage: feeds_check.py PUBLIC_DIR BASE_URL EVENTS_SCHEMA
Exit 0 when everything holds, 1 with a list of failures, 2 if a validator is missing.
"""
import json
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

try:
    import feedparser
    import jsonschema
except ImportError as err:
    print(f"MISSING VALIDATOR: {err}", file=sys.stderr)
    sys.exit(2)

class ActiveContent(HTMLParser):
    """Finds what a browser would run in an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "svg", "form", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")


def active(html: str) -> list:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


def target(public: pathlib.Path, base: str, url: str):
    """The built file a site URL points to, or None if it is not on the site."""
    if not url.startswith(base):
        return None
    path = public / url[len(base):]
    if url.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def main() -> int:
    public, base, schema_path = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    failures = []
    feeds = sorted(public.rglob("feed.xml"))
    if not feeds:
        failures.append("no feed.xml at all")
    items_seen = 0
    for xml_file in sorted(public.rglob("*.xml")):
        try:
            ET.parse(xml_file)
        except ET.ParseError as err:
            failures.append(f"{xml_file}: not well-formed XML: {err}")
    for feed_file in feeds:
        where = feed_file.relative_to(public)
        parsed = feedparser.parse(feed_file.read_bytes())
        if parsed.bozo:
            failures.append(f"{where}: feedparser bozo: {parsed.bozo_exception!r}")
        if parsed.version != "rss20":
            failures.append(f"{where}: version {parsed.version}")
        channel = parsed.feed
        for field in ("title", "link", "description", "language"):
            if not channel.get(field):
                failures.append(f"{where}: channel has no {field}")
        self_links = [l for l in channel.get("links", []) if l.get("rel") == "self"]
        if not self_links or self_links[0]["href"] != base + str(where):
            failures.append(f"{where}: atom:link rel=self is {self_links}")
        guids = [e.get("id") for e in parsed.entries]
        if len(guids) != len(set(guids)) or None in guids:
            failures.append(f"{where}: guids missing or repeated: {guids}")
        raw = feed_file.read_text(encoding="utf-8")
        if raw.count("isPermaLink=\"false\"") != len(parsed.entries):
            failures.append(f"{where}: every guid must be isPermaLink=false")
        for entry in parsed.entries:
            items_seen += 1
            if not entry.get("published_parsed"):
                failures.append(f"{where}: item {entry.get('title')!r} has no pubDate")
            if target(public, base, entry.get("link", "")) is None:
                failures.append(f"{where}: item link {entry.get('link')} is not a generated page")
            # Some readers render titles as HTML: neither may hold markup that runs.
            found = active(entry.get("summary", "")) + active(entry.get("title", ""))
            if found:
                failures.append(f"{where}: active content {found} in {entry.get('title')!r}")
        # feedparser sanitizes what it shows; the raw description must be safe too.
        for element in ET.parse(feed_file).getroot().iter():
            if element.tag in ("title", "description") and element.text and active(element.text):
                failures.append(f"{where}: active content {active(element.text)} in a raw <{element.tag}>")
    for json_feed in sorted(public.rglob("feed.json")):
        data = json.loads(json_feed.read_text(encoding="utf-8"))
        if data.get("version") != "https://jsonfeed.org/version/1.1":
            failures.append(f"{json_feed}: not JSON Feed 1.1")
        ids = [i["id"] for i in data["items"]]
        if len(ids) != len(set(ids)):
            failures.append(f"{json_feed}: repeated ids")
        rss = feedparser.parse((json_feed.parent / "feed.xml").read_bytes())
        if ids != [e.id for e in rss.entries]:
            failures.append(f"{json_feed}: does not mirror feed.xml")
    events = json.loads((public / "events.json").read_text(encoding="utf-8"))
    schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for error in validator.iter_errors(events):
        failures.append(f"events.json: {'/'.join(map(str, error.path))}: {error.message}")
    for event in events["events"]:
        for field in ("page", "ics"):
            if target(public, base, event[field]) is None:
                failures.append(f"events.json: {event['slug']}: {field} {event[field]} is not a generated file")
    for failure in failures:
        print(failure)
    print(f"feeds: {len(feeds)} RSS feeds, {items_seen} items, {len(events['events'])} events in events.json; {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
