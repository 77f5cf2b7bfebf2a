#!/usr/bin/env node
// Reads every iCalendar feed of a built site with Mozilla's ical.js (the
// parser of Thunderbird) and expands it, as that client would.
//
// Usage:
//   node tests/interop/icaljs_check.mjs SITE_DIR 2026-12-29T00:00:00Z 2028-01-03T00:00:00Z
//
// Prints JSON on stdout, in the same shape as ical_check.py:
//   {"feeds": N, "problems": [...], "occurrences": [...]}
// Each occurrence: {feed, uid, url, recurrence_id, start, end, status,
// summary, description, location, categories}, with start/end as
// "YYYY-MM-DDTHH:MM:SS+HH:MM" in the event's zone, or "YYYY-MM-DD".
// Occurrences starting from the first instant up to the second (all-day
// events by their date) are listed.
//
// ical.js only knows the zones a file defines: a TZID without a VTIMEZONE
// would silently become floating time, so it is reported as a problem, as
// is anything ICAL.parse rejects. Times are computed with the file's own
// VTIMEZONEs (registered per file), never a built-in zone database.
//
// Exit status: 0 no problem; 1 problems; 2 cannot run (ical.js missing).

import fs from "node:fs";
import path from "node:path";

let ICAL;
try {
  ICAL = (await import("ical.js")).default;
} catch (e) {
  console.error(`icaljs_check.mjs: CANNOT RUN: ${e.message} (run npm ci)`);
  process.exit(2);
}

const [site, fromText, toText] = process.argv.slice(2);
if (!site || !fromText || !toText) {
  console.error("usage: icaljs_check.mjs SITE_DIR FROM_UTC TO_UTC");
  process.exit(2);
}
const lo = new Date(fromText);
const hi = new Date(toText);
const loDate = fromText.slice(0, 10);
const hiDate = toText.slice(0, 10);
// Iterate a little past the window: zones far from UTC, all-day events.
const stop = new Date(hi.getTime() + 3 * 86400e3);

function feeds(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...feeds(full));
    else if (entry.name.endsWith(".ics")) found.push(full);
  }
  return found.sort();
}

function pad(n) {
  return String(n).padStart(2, "0");
}

function show(time) {
  if (time.isDate) return time.toString();
  const offset = time.utcOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const wall = `${time.year}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
  return `${wall}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}`;
}

function inWindow(time) {
  if (time.isDate) return time.toString() >= loDate && time.toString() < hiDate;
  const t = time.toJSDate();
  return t >= lo && t < hi;
}

function value(component, name) {
  const v = component.getFirstPropertyValue(name);
  return v === null || v === undefined ? null : String(v);
}

const problems = [];
const occurrences = [];
const all = feeds(site);

for (const file of all) {
  const name = path.relative(site, file).split(path.sep).join("/");
  let calendar;
  try {
    calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  } catch (e) {
    problems.push(`${name}: ical.js cannot parse it: ${e.message}`);
    continue;
  }
  ICAL.TimezoneService.reset();
  const zones = new Set();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone);
    zones.add(zone.tzid);
  }
  // Values are decoded when first read, so from here on TZIDs find their zones.
  const vevents = calendar.getAllSubcomponents("vevent");
  for (const vevent of vevents) {
    for (const prop of vevent.getAllProperties()) {
      const tzid = prop.getParameter("tzid");
      if (tzid && !zones.has(tzid)) {
        problems.push(`${name}: ${prop.name.toUpperCase()};TZID=${tzid} has no VTIMEZONE`);
      }
    }
  }
  const exceptions = vevents.filter((v) => v.hasProperty("recurrence-id"));
  for (const vevent of vevents.filter((v) => !v.hasProperty("recurrence-id"))) {
    const uid = value(vevent, "uid");
    const event = new ICAL.Event(vevent, {
      strictExceptions: true,
      exceptions: exceptions.filter((x) => value(x, "uid") === uid),
    });
    const record = (start, end, item, recurrenceId) => {
      if (!inWindow(start)) return;
      const c = item.component;
      const categories = [];
      for (const p of c.getAllProperties("categories")) categories.push(...p.getValues().map(String));
      occurrences.push({
        feed: name,
        uid,
        url: value(c, "url"),
        recurrence_id: recurrenceId ? recurrenceId.toString().slice(0, 10) : null,
        start: show(start),
        end: end ? show(end) : null,
        status: value(c, "status"),
        summary: value(c, "summary"),
        description: value(c, "description"),
        location: value(c, "location"),
        categories,
      });
    };
    if (!event.isRecurring()) {
      record(event.startDate, event.endDate, event, null);
      continue;
    }
    const iterator = event.iterator();
    for (let i = 0, next; (next = iterator.next()) && i < 10000; i++) {
      const details = event.getOccurrenceDetails(next);
      if (next.toJSDate() > stop && details.startDate.toJSDate() > stop) break;
      record(details.startDate, details.endDate, details.item, next);
    }
  }
}

occurrences.sort((a, b) =>
  `${a.feed}\u0000${a.uid}\u0000${a.start}`.localeCompare(`${b.feed}\u0000${b.uid}\u0000${b.start}`)
);
process.stdout.write(JSON.stringify({ feeds: all.length, problems, occurrences }, null, 1) + "\n");
process.exitCode = problems.length ? 1 : 0;
