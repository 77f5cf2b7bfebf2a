#!/usr/bin/env python3
"""Check meetcal's expansion of recurring events against python-dateutil.

An independent implementation of the `repeat:` rules (dateutil's rrule,
expanded in naive local wall-clock time, then given the event's zone with
zoneinfo, fold=0) must agree with what `meetcal list --format json` prints.

Usage:
    meetcal list --root tests/fixtures/recurrence --from 2026-01-01 \\
        --to 2029-01-01 --format json > /tmp/x.json
    python3 tests/interop/rrule_dateutil.py \\
        --content tests/fixtures/recurrence/content \\
        --meetcal-json /tmp/x.json --from 2026-01-01 --to 2029-01-01

    python3 tests/interop/rrule_dateutil.py --self-test [--content DIR]
        Prints dateutil's own expansion as JSON, in meetcal's format, on
        stdout, and checks the script itself (the DST rule on known cases and
        the comparison on its own output and on a damaged copy) on stderr.

What is compared, per recurring series (events/*.yaml with `repeat`):
    the set of occurrences, keyed by `occurrence` (the local date the
    occurrence was generated for). Timed events: `start` must have the same
    wall-clock time AND the same UTC offset (so 03:30+02:00 and 02:30+01:00,
    the same instant, do not match). All-day events: `start` must be that date.
    `end`, `title` and `status` are not compared. A differing `timezone` field
    is reported as a warning only.

Rules (from meetcal's documentation of `repeat`):
    - local wall-clock expansion, like a naive dtstart in dateutil;
    - a time in a DST gap takes the UTC offset before the gap (02:30 on the
      Paris spring-forward day is 03:30+02:00); an ambiguous time takes the
      first instance (the earlier, summer offset). This is zoneinfo's fold=0:
      naive.replace(tzinfo=ZoneInfo(tz)); for a gap time that object keeps the
      non-existent wall time, so it is normalised through UTC to print as
      meetcal must (03:30+02:00);
    - `until` is an inclusive date in the event's zone (until = that date at
      23:59:59 naive); `count` is applied before `except` (RFC 5545 EXDATE);
    - the window: a timed occurrence is listed when its start instant is
      >= --from 00:00 and < --to 00:00 in the site's zone; an all-day one when
      --from <= its date < --to.

Exit status: 0 agree; 1 any difference (or meetcal's JSON is unreadable, or a
fixture series has no occurrence in meetcal's output); 2 the script cannot do
its job (python-dateutil or PyYAML missing, bad arguments, fixture error).

Needs only python-dateutil, PyYAML and the standard library (Python >= 3.9,
written for 3.11).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # pragma: no cover - Python < 3.9
    print("rrule_dateutil.py: ERROR: Python >= 3.9 with zoneinfo is required", file=sys.stderr)
    sys.exit(2)

_missing = []
try:
    import yaml
except ImportError:
    _missing.append("PyYAML (pip install pyyaml)")
try:
    from dateutil import rrule as du
except ImportError:
    _missing.append("python-dateutil (pip install python-dateutil)")
if _missing:
    bar = "!" * 72
    print(
        f"{bar}\n"
        f"rrule_dateutil.py: CANNOT RUN, missing Python package(s):\n"
        + "".join(f"    - {m}\n" for m in _missing)
        + "The meetcal/dateutil recurrence comparison was NOT performed.\n"
        f"{bar}",
        file=sys.stderr,
    )
    sys.exit(2)


EXIT_OK, EXIT_DIFF, EXIT_SETUP = 0, 1, 2

WEEKDAYS = {
    "monday": du.MO,
    "tuesday": du.TU,
    "wednesday": du.WE,
    "thursday": du.TH,
    "friday": du.FR,
    "saturday": du.SA,
    "sunday": du.SU,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
FREQS = {"day": du.DAILY, "week": du.WEEKLY, "month": du.MONTHLY, "year": du.YEARLY}

DEFAULT_FROM = "2026-01-01"
DEFAULT_TO = "2029-01-01"
DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "recurrence" / "content"


class FixtureError(Exception):
    """The fixture (or the script's reading of it) is wrong: exit 2."""


# --------------------------------------------------------------------------
# Reading the fixture


_DT_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)
_DUR_RE = re.compile(r"(\d+)\s*([dhm])")


def parse_start(value, where: str):
    """Returns (naive datetime, all_day). PyYAML may hand us a str, a date or
    a datetime (`2027-02-10 19:00` stays a str in YAML 1.1 because the seconds
    are missing; `2027-02-10 19:00:00` becomes a datetime)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise FixtureError(f"{where}: start {value!r} carries a UTC offset; use local wall time")
        return value, False
    if isinstance(value, date):
        return datetime.combine(value, time(0)), True
    if isinstance(value, str):
        m = _DT_RE.match(value)
        if not m:
            raise FixtureError(f"{where}: cannot read start {value!r}")
        y, mo, d, hh, mm, ss = m.groups()
        if hh is None:
            return datetime(int(y), int(mo), int(d)), True
        return datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0)), False
    raise FixtureError(f"{where}: cannot read start {value!r} ({type(value).__name__})")


def parse_date(value, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FixtureError(f"{where}: cannot read date {value!r}")


def parse_duration(value, where: str) -> timedelta | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(minutes=value)
    text = str(value).strip().lower().replace(" ", "")
    parts = _DUR_RE.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise FixtureError(f"{where}: cannot read duration {value!r}")
    unit = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
    return sum((int(n) * unit[u] for n, u in parts), timedelta())


def get_on(repeat: dict):
    """`on:` as a YAML 1.1 key is the boolean True for PyYAML (on/off/yes/no
    are booleans there); meetcal's YAML 1.2 reader sees the string "on"."""
    if "on" in repeat:
        return repeat["on"]
    if True in repeat:
        return repeat[True]
    return None


def weekday(name, where: str):
    if not isinstance(name, str) or name.strip().lower() not in WEEKDAYS:
        raise FixtureError(f"{where}: unknown weekday {name!r}")
    return WEEKDAYS[name.strip().lower()]


@dataclass
class Series:
    slug: str
    title: str
    path: Path
    zone_name: str
    zone: ZoneInfo
    start: datetime  # naive wall time (00:00 for all-day)
    all_day: bool
    duration: timedelta | None
    rule: du.rrule
    rule_text: str
    exdates: list[date] = field(default_factory=list)

    def ruleset(self) -> du.rruleset:
        rs = du.rruleset()
        rs.rrule(self.rule)
        for d in self.exdates:
            rs.exdate(datetime.combine(d, self.start.time()))
        return rs


def build_series(path: Path, doc: dict, site_zone: str) -> Series:
    slug = path.stem
    where = str(path)
    rep = doc["repeat"]
    if not isinstance(rep, dict):
        raise FixtureError(f"{where}: repeat must be a map")
    zone_name = str(doc.get("timezone") or site_zone)
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise FixtureError(f"{where}: unknown timezone {zone_name!r} ({exc})") from None
    if "start" not in doc:
        raise FixtureError(f"{where}: no start")
    start, all_day = parse_start(doc["start"], where)
    duration = parse_duration(doc.get("duration"), where)

    every = rep.get("every")
    if every not in FREQS:
        raise FixtureError(f"{where}: repeat.every must be one of {sorted(FREQS)}, got {every!r}")
    interval = rep.get("interval", 1)
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise FixtureError(f"{where}: repeat.interval must be a positive whole number")
    kwargs = dict(freq=FREQS[every], dtstart=start, interval=interval, wkst=du.MO)
    text = [f"every {every}" + (f" (interval {interval})" if interval != 1 else "")]

    on = get_on(rep)
    if every == "week":
        names = on if isinstance(on, list) else [on] if on is not None else []
        days = [weekday(n, where) for n in names] or [du.weekdays[start.weekday()]]
        kwargs["byweekday"] = days
        text.append("on " + ",".join(str(d) for d in days))
    elif every == "month":
        if on is None:
            kwargs["bymonthday"] = start.day
            text.append(f"on day {start.day}")
        elif isinstance(on, int) and not isinstance(on, bool) or (
            isinstance(on, str) and on.strip().isdigit()
        ):
            n = int(on)
            if not 1 <= n <= 31:
                raise FixtureError(f"{where}: day of month {n} out of 1..31")
            kwargs["bymonthday"] = n
            text.append(f"on day {n}")
        elif isinstance(on, str) and len(on.split()) == 2:
            ordinal, name = on.lower().split()
            if ordinal not in ORDINALS:
                raise FixtureError(f"{where}: unknown ordinal {ordinal!r} in {on!r}")
            wd = weekday(name, where)(ORDINALS[ordinal])
            kwargs["byweekday"] = [wd]
            text.append(f"on {wd}")
        else:
            raise FixtureError(f"{where}: cannot read monthly repeat.on {on!r}")
    elif every == "year":
        if on is not None:
            raise FixtureError(f"{where}: repeat.on is not used with every: year")
        kwargs["bymonth"] = start.month
        kwargs["bymonthday"] = start.day
        text.append(f"on {start.month:02d}-{start.day:02d}")
    elif on is not None:
        raise FixtureError(f"{where}: repeat.on is not used with every: day")

    if "count" in rep and "until" in rep:
        raise FixtureError(f"{where}: repeat has both count and until")
    if "count" in rep:
        count = rep["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise FixtureError(f"{where}: repeat.count must be a positive whole number")
        kwargs["count"] = count
        text.append(f"count {count}")
    elif "until" in rep:
        until = parse_date(rep["until"], where + ": repeat.until")
        kwargs["until"] = datetime.combine(until, time(23, 59, 59))
        text.append(f"until {until}")
    else:
        text.append("open-ended")

    raw_except = rep.get("except") or []
    if not isinstance(raw_except, list):
        raw_except = [raw_except]
    exdates = [parse_date(v, where + ": repeat.except") for v in raw_except]
    if exdates:
        text.append("except " + ",".join(d.isoformat() for d in exdates))

    rule = du.rrule(**kwargs)
    first = next(iter(rule), None)
    if first != start:
        raise FixtureError(
            f"{where}: start {start} does not match its own rule "
            f"(dateutil's first occurrence is {first}); meetcal requires it to"
        )
    return Series(
        slug=slug,
        title=str(doc.get("title", slug)),
        path=path,
        zone_name=zone_name,
        zone=zone,
        start=start,
        all_day=all_day,
        duration=duration,
        rule=rule,
        rule_text=f"{zone_name} {'all-day' if all_day else start.strftime('%H:%M')}, "
        + ", ".join(text),
        exdates=exdates,
    )


def load_fixture(content: Path) -> tuple[str, list[Series]]:
    site_file = content / "site.yaml"
    if not site_file.is_file():
        raise FixtureError(f"{site_file}: not found (is --content the content/ folder?)")
    site = yaml.safe_load(site_file.read_text(encoding="utf-8")) or {}
    site_zone = str(site.get("timezone") or "UTC")
    try:
        ZoneInfo(site_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise FixtureError(f"{site_file}: unknown timezone {site_zone!r}") from None
    events = content / "events"
    files = sorted(list(events.glob("*.yaml")) + list(events.glob("*.yml")))
    series = []
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise FixtureError(f"{path}: YAML error: {exc}") from None
        if isinstance(doc, dict) and doc.get("repeat") is not None:
            series.append(build_series(path, doc, site_zone))
    slugs = [s.slug for s in series]
    if len(set(slugs)) != len(slugs):
        raise FixtureError("two event files share a slug (foo.yaml and foo.yml?)")
    if not series:
        raise FixtureError(f"{events}: no recurring event (no file with `repeat:`)")
    return site_zone, series


# --------------------------------------------------------------------------
# Expanding with dateutil


def localize(naive: datetime, zone: ZoneInfo) -> datetime:
    """fold=0, then normalised through UTC: a gap time (which zoneinfo keeps
    as a non-existent wall time with the pre-gap offset) is printed as the
    real wall time with the post-gap offset; everything else is unchanged."""
    aware = naive.replace(tzinfo=zone, fold=0)
    return aware.astimezone(timezone.utc).astimezone(zone)


@dataclass(frozen=True)
class Occ:
    occurrence: date
    start: object  # aware datetime for timed events, date for all-day
    all_day: bool

    def key(self):
        if self.all_day:
            return ("date", self.start)
        return ("time", self.start.replace(tzinfo=None), self.start.utcoffset())


def expand(series: Series, window_from: date, window_to: date, site_zone: ZoneInfo) -> list[Occ]:
    lo = datetime.combine(window_from, time(0), tzinfo=site_zone)
    hi = datetime.combine(window_to, time(0), tzinfo=site_zone)
    # UTC offsets stay within +-14h, so naive times past to+2 days never qualify.
    naive_limit = datetime.combine(window_to + timedelta(days=2), time(0))
    out = []
    for naive in series.ruleset():
        if naive > naive_limit:
            break
        if series.all_day:
            if window_from <= naive.date() < window_to:
                out.append(Occ(naive.date(), naive.date(), True))
        else:
            aware = localize(naive, series.zone)
            if lo <= aware < hi:
                out.append(Occ(naive.date(), aware, False))
    return out


def to_json_record(series: Series, occ: Occ) -> dict:
    if occ.all_day:
        days = series.duration.days if series.duration and series.duration.days > 0 else 1
        start, end = occ.start.isoformat(), (occ.start + timedelta(days=days)).isoformat()
    else:
        # Informational only: end = start + duration as elapsed time.
        dur = series.duration if series.duration is not None else timedelta(hours=2)
        start = occ.start.isoformat()
        end = (occ.start.astimezone(timezone.utc) + dur).astimezone(series.zone).isoformat()
    return {
        "slug": series.slug,
        "occurrence": occ.occurrence.isoformat(),
        "title": series.title,
        "start": start,
        "end": end,
        "all_day": occ.all_day,
        "timezone": series.zone_name,
        "status": "confirmed",
    }


# --------------------------------------------------------------------------
# Comparing with meetcal


class MeetcalJsonError(Exception):
    """meetcal's output cannot be read: exit 1 (it is meetcal's failure)."""


@dataclass
class Listed:
    occ: Occ | None
    raw: dict
    problem: str | None = None


def parse_listed(entry: dict, series: Series) -> Listed:
    try:
        occ_date = date.fromisoformat(str(entry["occurrence"]))
    except (KeyError, ValueError):
        return Listed(None, entry, f"unreadable occurrence {entry.get('occurrence')!r}")
    raw_start = entry.get("start")
    flag = entry.get("all_day")
    if flag is not None and bool(flag) != series.all_day:
        return Listed(
            None, entry, f"all_day is {flag!r}, the series is {'all-day' if series.all_day else 'timed'}"
        )
    if not isinstance(raw_start, str):
        return Listed(None, entry, f"unreadable start {raw_start!r}")
    if series.all_day:
        try:
            return Listed(Occ(occ_date, date.fromisoformat(raw_start), True), entry)
        except ValueError:
            return Listed(None, entry, f"all-day start {raw_start!r} is not a YYYY-MM-DD date")
    try:
        dt = datetime.fromisoformat(raw_start)
    except ValueError:
        return Listed(None, entry, f"start {raw_start!r} is not RFC 3339")
    if dt.tzinfo is None or dt.utcoffset() is None:
        return Listed(None, entry, f"start {raw_start!r} has no UTC offset")
    return Listed(Occ(occ_date, dt, False), entry)


def fmt(occ_start) -> str:
    return occ_start.isoformat()


def describe_start_difference(expected: datetime, got: datetime) -> str:
    if expected == got:  # aware comparison: same instant
        return "same instant but different wall clock/offset"
    if expected.replace(tzinfo=None) == got.replace(tzinfo=None):
        return "offset mismatch"
    return "start mismatch"


def compare(series_list, listed_by_slug, expected_by_slug):
    """Returns (report lines, failure count, warnings)."""
    lines, failures, warnings = [], 0, []
    for s in series_list:
        expected = {o.occurrence: o for o in expected_by_slug[s.slug]}
        listed = listed_by_slug.get(s.slug, [])
        problems = []
        if not listed:
            problems.append(
                f"  no occurrence at all in meetcal's output ({len(expected)} expected)"
            )
        got: dict[date, Listed] = {}
        for item in listed:
            if item.problem:
                problems.append(f"  bad entry: {item.problem}: {json.dumps(item.raw, default=str)}")
                continue
            d = item.occ.occurrence
            if d in got:
                problems.append(f"  listed twice: {d} ({item.raw.get('start')})")
                continue
            got[d] = item
            tz = item.raw.get("timezone")
            if tz is not None and tz != s.zone_name:
                warnings.append(f"{s.slug} {d}: timezone {tz!r}, fixture says {s.zone_name!r}")
        for d in sorted(expected.keys() - got.keys()):
            problems.append(f"  missing in meetcal: {d}  (dateutil: {fmt(expected[d].start)})")
        for d in sorted(got.keys() - expected.keys()):
            item = got[d]
            status = item.raw.get("status")
            note = f", status {status!r}" if status not in (None, "confirmed") else ""
            problems.append(f"  extra in meetcal:   {d}  (meetcal: {item.raw.get('start')}{note})")
        for d in sorted(expected.keys() & got.keys()):
            e, g = expected[d], got[d].occ
            if e.key() != g.key():
                if s.all_day:
                    what = "date mismatch"
                else:
                    what = describe_start_difference(e.start, g.start)
                problems.append(
                    f"  {what}: {d}  dateutil {fmt(e.start)}  meetcal {got[d].raw.get('start')}"
                )
        if problems:
            failures += len(problems)
            lines.append(f"{s.slug}: {len(problems)} difference(s)  [{s.rule_text}]")
            lines.extend(problems)
    return lines, failures, warnings


def load_meetcal_json(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MeetcalJsonError(f"{path}: cannot read meetcal's JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("occurrences"), list):
        raise MeetcalJsonError(f'{path}: expected {{"occurrences": [...]}} at the top level')
    for i, entry in enumerate(data["occurrences"]):
        if not isinstance(entry, dict) or "slug" not in entry:
            raise MeetcalJsonError(f"{path}: occurrences[{i}] is not an object with a slug")
    return data["occurrences"]


def group_listed(entries, series_list):
    by_slug = {s.slug: s for s in series_list}
    grouped: dict[str, list[Listed]] = {}
    for entry in entries:
        s = by_slug.get(entry["slug"])
        if s is not None:
            grouped.setdefault(s.slug, []).append(parse_listed(entry, s))
    return grouped


def run_compare(args, site_zone_name, series_list, expected_by_slug) -> int:
    try:
        entries = load_meetcal_json(Path(args.meetcal_json))
    except MeetcalJsonError as exc:
        print(f"FAIL: {exc}", file=sys.stderr)
        return EXIT_DIFF
    listed = group_listed(entries, series_list)
    known = {p.stem for p in (Path(args.content) / "events").glob("*.y*ml")}
    unknown = sorted({e["slug"] for e in entries} - known)
    lines, failures, warnings = compare(series_list, listed, expected_by_slug)
    n_expected = sum(len(v) for v in expected_by_slug.values())
    n_listed = sum(len(v) for v in listed.values())
    for w in warnings:
        print(f"warning: {w}")
    if unknown:
        print(f"warning: meetcal lists slugs that are not fixture files: {', '.join(unknown)}")
    if lines:
        print("meetcal and dateutil DISAGREE:")
        print("\n".join(lines))
    print(
        f"compared {len(series_list)} recurring series: {n_expected} occurrences from dateutil, "
        f"{n_listed} from meetcal, window [{args.from_date}, {args.to_date}) {site_zone_name}; "
        f"{failures} difference(s)"
    )
    if failures:
        return EXIT_DIFF
    print("OK: meetcal agrees with dateutil")
    return EXIT_OK


# --------------------------------------------------------------------------
# Self-test


# (zone, naive wall time) -> what meetcal must print, independent of the fixture.
DST_CASES = [
    ("Europe/Paris", "2027-03-28T02:30", "2027-03-28T03:30:00+02:00"),  # gap
    ("Europe/Paris", "2027-10-31T02:30", "2027-10-31T02:30:00+02:00"),  # overlap: first
    ("Europe/Paris", "2027-10-31T03:00", "2027-10-31T03:00:00+01:00"),  # after fall back
    ("Europe/Paris", "2027-03-28T03:00", "2027-03-28T03:00:00+02:00"),  # gap end
    ("America/New_York", "2027-03-14T02:30", "2027-03-14T03:30:00-04:00"),
    ("America/New_York", "2027-11-07T01:30", "2027-11-07T01:30:00-04:00"),
    ("Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-04T02:45:00+11:00"),
    ("Australia/Lord_Howe", "2027-04-04T01:45", "2027-04-04T01:45:00+11:00"),
    ("Asia/Kathmandu", "2027-06-01T09:00", "2027-06-01T09:00:00+05:45"),
]


def self_test(args, series_list, expected_by_slug, site_zone_name) -> int:
    records = []
    for s in series_list:
        records.extend(to_json_record(s, o) for o in expected_by_slug[s.slug])

    def instant(r):
        if "T" in r["start"]:
            return datetime.fromisoformat(r["start"]).astimezone(timezone.utc)
        return datetime.combine(date.fromisoformat(r["start"]), time(0), tzinfo=timezone.utc)

    records.sort(key=lambda r: (instant(r), r["slug"]))
    print(json.dumps({"occurrences": records}, indent=2))

    err = sys.stderr
    bad = 0
    print("self-test: DST rule on known cases", file=err)
    for zone, naive, want in DST_CASES:
        got = localize(datetime.fromisoformat(naive), ZoneInfo(zone)).isoformat()
        ok = got == want
        bad += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} {zone:20} {naive} -> {got}"
              + ("" if ok else f" (want {want})"), file=err)

    print("self-test: series", file=err)
    for s in series_list:
        occ = expected_by_slug[s.slug]
        first = occ[0].start.isoformat() if occ else "-"
        last = occ[-1].start.isoformat() if occ else "-"
        print(f"  {s.slug:20} {len(occ):4}  {first} .. {last}   [{s.rule_text}]", file=err)
        if not occ:
            bad += 1
            print(f"  FAIL {s.slug}: no occurrence in the window", file=err)

    # The comparison on dateutil's own output must agree...
    entries = json.loads(json.dumps({"occurrences": records}))["occurrences"]
    _, fails, _ = compare(series_list, group_listed(entries, series_list), expected_by_slug)
    ok = fails == 0
    bad += not ok
    print(f"  {'ok  ' if ok else 'FAIL'} round trip through JSON: {fails} difference(s)", file=err)

    # ...and must catch each kind of damage.
    def damaged(mutate) -> int:
        copy_ = copy.deepcopy(entries)
        mutate(copy_)
        _, n, _ = compare(series_list, group_listed(copy_, series_list), expected_by_slug)
        return n

    def shift_offset(es):  # same wall clock, other offset
        e = next(e for e in es if "T" in e["start"])
        e["start"] = e["start"][:-6] + ("+09:00" if e["start"][-6:] != "+09:00" else "+08:00")

    def gap_as_pre_gap(es):  # 03:30+02:00 written as 02:30+01:00: same instant
        e = next(e for e in es if e["start"] == "2027-03-28T03:30:00+02:00")
        e["start"] = "2027-03-28T02:30:00+01:00"

    def drop_series(es):
        slug = es[0]["slug"]
        es[:] = [e for e in es if e["slug"] != slug]

    mutations = [
        ("missing occurrence", lambda es: es.pop(len(es) // 2)),
        ("extra occurrence", lambda es: es.append(dict(es[0], occurrence="2026-06-15"))),
        ("duplicate occurrence", lambda es: es.append(dict(es[-1]))),
        ("offset mismatch", shift_offset),
        ("no series output", drop_series),
    ]
    if any(e["start"] == "2027-03-28T03:30:00+02:00" for e in entries):
        mutations.append(("gap written with pre-gap offset", gap_as_pre_gap))
    for name, mutate in mutations:
        n = damaged(mutate)
        ok = n > 0
        bad += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} damage detected: {name} ({n} difference(s))", file=err)

    n = sum(len(v) for v in expected_by_slug.values())
    print(
        f"self-test: {len(series_list)} series, {n} occurrences in [{args.from_date}, "
        f"{args.to_date}) {site_zone_name}; {'OK' if not bad else f'{bad} FAILED'}",
        file=err,
    )
    return EXIT_OK if not bad else EXIT_DIFF


# --------------------------------------------------------------------------


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--content", default=str(DEFAULT_CONTENT), help="the fixture's content/ folder")
    p.add_argument("--meetcal-json", help="output of `meetcal list --format json`")
    p.add_argument("--from", dest="from_date", default=DEFAULT_FROM, help="YYYY-MM-DD, site zone")
    p.add_argument("--to", dest="to_date", default=DEFAULT_TO, help="YYYY-MM-DD, site zone, exclusive")
    p.add_argument("--self-test", action="store_true",
                   help="print dateutil's expansion as JSON and check this script")
    args = p.parse_args(argv)
    if not args.self_test and not args.meetcal_json:
        p.error("--meetcal-json is required (or use --self-test)")
    try:
        window_from = date.fromisoformat(args.from_date)
        window_to = date.fromisoformat(args.to_date)
    except ValueError as exc:
        p.error(f"--from/--to: {exc}")
    if window_from >= window_to:
        p.error("--from must be before --to")

    try:
        site_zone_name, series_list = load_fixture(Path(args.content))
        site_zone = ZoneInfo(site_zone_name)
        expected_by_slug = {
            s.slug: expand(s, window_from, window_to, site_zone) for s in series_list
        }
        empty = [s.slug for s in series_list if not expected_by_slug[s.slug]]
        if empty and not args.self_test:
            raise FixtureError(f"series with no occurrence in the window: {', '.join(empty)}")
    except FixtureError as exc:
        print(f"rrule_dateutil.py: FIXTURE ERROR: {exc}", file=sys.stderr)
        return EXIT_SETUP

    if args.self_test:
        return self_test(args, series_list, expected_by_slug, site_zone_name)
    return run_compare(args, site_zone_name, series_list, expected_by_slug)


if __name__ == "__main__":
    sys.exit(main())
