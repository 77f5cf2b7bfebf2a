#!/usr/bin/env python3
"""Read every iCalendar feed of a built site with Python's `icalendar` and
expand it with `recurring-ical-events`, as an independent client would.

Usage:
    python3 tests/interop/ical_check.py SITE_DIR --from 2026-12-29T00:00:00Z \\
        --to 2028-01-03T00:00:00Z > occurrences.json

Prints JSON on stdout:
    {"feeds": N, "problems": [...], "occurrences": [...]}
where each occurrence is
    {"feed", "uid", "url", "recurrence_id" (date or null), "start", "end",
     "status", "summary", "description", "location", "categories"}
with `start`/`end` as "YYYY-MM-DDTHH:MM:SS+HH:MM" in the event's own zone,
or "YYYY-MM-DD" for all-day events. Occurrences starting from --from up to
--to (UTC instants; all-day events by their date) are listed.

Problems are what a strict client would reject or get wrong:
    - not UTF-8, a line not ended by CRLF, a line over 75 octets;
    - anything icalendar could not parse (component errors);
    - a TZID with no VTIMEZONE in the same file;
    - a VTIMEZONE that gives another UTC offset than the tz database
      (zoneinfo) at any listed occurrence: the VTIMEZONE is read on its own
      (to_tz with lookup_tzid=False), not replaced by the system's zone;
    - a missing VERSION/PRODID, or (feeds to subscribe to) NAME,
      X-WR-CALNAME, REFRESH-INTERVAL, X-PUBLISHED-TTL;
    - a METHOD: the files are snapshots, not iTIP messages (RFC 5545
      3.7.2), and METHOD:PUBLISH would need an ORGANIZER (RFC 5546 3.2.1);
      a CalDAV server refuses a stored event.ics with one (RFC 4791 4.1);
    - an UNTIL that is not in UTC while DTSTART has a TZID.

Exit status: 0 no problem; 1 problems; 2 cannot run (packages missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

try:
    from zoneinfo import ZoneInfo
    import icalendar
    import recurring_ical_events
except ImportError as e:  # pragma: no cover
    print(f"ical_check.py: CANNOT RUN: {e} (pip install -r tests/interop/requirements.txt)",
          file=sys.stderr)
    sys.exit(2)

LINE_OCTETS = 75
SUBSCRIPTION_PROPS = ["NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"]


def fmt(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat()  # a date


def text(value) -> str | None:
    return None if value is None else str(value)


def lint_bytes(name: str, data: bytes, problems: list) -> str | None:
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{name}: not UTF-8: {e}")
        return None
    if not content.endswith("\r\n"):
        problems.append(f"{name}: does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"{name}:{number}: bare CR or LF")
        if len(line) > LINE_OCTETS:
            problems.append(f"{name}:{number}: {len(line)} octets (limit {LINE_OCTETS})")
    return content


def check_calendar(name: str, cal, problems: list) -> None:
    for prop in ["VERSION", "PRODID"]:
        if prop not in cal:
            problems.append(f"{name}: no {prop}")
    if "METHOD" in cal:
        problems.append(f"{name}: METHOD:{cal['METHOD']}, where no METHOD belongs")
    if not name.endswith("event.ics"):
        for prop in SUBSCRIPTION_PROPS:
            if prop not in cal:
                problems.append(f"{name}: no {prop}")
    for component in cal.walk():
        for error in getattr(component, "errors", []):
            problems.append(f"{name}: {component.name}: parse error {error}")
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    for event in cal.walk("VEVENT"):
        for prop_name in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"]:
            if prop_name not in event:
                problems.append(f"{name}: a VEVENT has no {prop_name}")
        for prop_name, prop in event.property_items(recursive=False):
            params = getattr(prop, "params", {}) if not isinstance(prop, str) else {}
            tzid = params.get("TZID") if hasattr(params, "get") else None
            if tzid and tzid not in zones:
                problems.append(f"{name}: {prop_name};TZID={tzid} has no VTIMEZONE")
        start = event.get("DTSTART")
        rule = event.get("RRULE")
        if rule and "UNTIL" in rule and start is not None and "TZID" in start.params:
            until = rule["UNTIL"][0]
            if not (isinstance(until, datetime) and until.utcoffset() == timedelta(0)):
                problems.append(f"{name}: {event['UID']}: UNTIL {until!r} is not UTC")


def own_zones(cal) -> dict:
    """Each VTIMEZONE as a tzinfo built from the component alone."""
    return {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}


def check_offset(name: str, uid: str, value, zones: dict, problems: list) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        return
    key = getattr(value.tzinfo, "key", None) or str(value.tzinfo)
    if key not in zones:
        return
    wall = value.replace(tzinfo=None)
    reference = wall.replace(tzinfo=ZoneInfo(key)).utcoffset()
    if wall.replace(tzinfo=ZoneInfo(key), fold=1).utcoffset() != reference:
        return  # a skipped or repeated wall-clock time has no single offset to compare
    ours = wall.replace(tzinfo=zones[key]).utcoffset()
    if ours != reference:
        problems.append(
            f"{name}: {uid}: at {wall} the VTIMEZONE {key} gives {ours}, the tz database {reference}"
        )


def in_window(start, lo: datetime, hi: datetime) -> bool:
    if isinstance(start, datetime):
        return lo <= start.astimezone(timezone.utc) < hi
    return lo.date() <= start < hi.date()


def occurrences(name: str, cal, lo: datetime, hi: datetime, problems: list) -> list:
    zones = own_zones(cal)
    listed = []
    # Widen by two days each side: all-day events and zones far from UTC.
    found = recurring_ical_events.of(cal).between(lo - timedelta(days=2), hi + timedelta(days=2))
    for event in found:
        start = event["DTSTART"].dt
        if not in_window(start, lo, hi):
            continue
        end = event["DTEND"].dt if "DTEND" in event else None
        uid = str(event["UID"])
        check_offset(name, uid, start, zones, problems)
        rid = event.get("RECURRENCE-ID")
        listed.append({
            "feed": name,
            "uid": uid,
            "url": text(event.get("URL")),
            "recurrence_id": None if rid is None else
            (rid.dt.date() if isinstance(rid.dt, datetime) else rid.dt).isoformat(),
            "start": fmt(start),
            "end": fmt(end) if end is not None else None,
            "status": text(event.get("STATUS")),
            "summary": text(event.get("SUMMARY")),
            "description": text(event.get("DESCRIPTION")),
            "location": text(event.get("LOCATION")),
            "categories": [str(c) for c in event.get("CATEGORIES").cats] if "CATEGORIES" in event else [],
        })
    return listed


def is_recurring_uid(cal) -> set:
    return {str(e["UID"]) for e in cal.walk("VEVENT") if "RRULE" in e}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--from", dest="lo", required=True)
    parser.add_argument("--to", dest="hi", required=True)
    args = parser.parse_args()
    lo = datetime.fromisoformat(args.lo.replace("Z", "+00:00"))
    hi = datetime.fromisoformat(args.hi.replace("Z", "+00:00"))
    site = Path(args.site)
    problems: list = []
    listed: list = []
    feeds = sorted(site.rglob("*.ics"))
    for path in feeds:
        name = path.relative_to(site).as_posix()
        content = lint_bytes(name, path.read_bytes(), problems)
        if content is None:
            continue
        try:
            cal = icalendar.Calendar.from_ical(content)
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            problems.append(f"{name}: icalendar cannot parse it: {e}")
            continue
        check_calendar(name, cal, problems)
        recurring = is_recurring_uid(cal)
        for occurrence in occurrences(name, cal, lo, hi, problems):
            # recurring-ical-events gives every occurrence of a series a
            # RECURRENCE-ID; a one-off event has none.
            if occurrence["uid"] not in recurring:
                occurrence["recurrence_id"] = None
            listed.append(occurrence)
    listed.sort(key=lambda o: (o["feed"], o["uid"], o["start"]))
    json.dump({"feeds": len(feeds), "problems": problems, "occurrences": listed},
              sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
