/*
 * Reads every iCalendar feed of a built site with libical (the library of
 * Evolution, Cyrus and KOrganizer's predecessors) and expands it, as such a
 * client would. tests/ical_interop.rs compiles it with the system's C
 * compiler against Debian's libical-dev, then runs it.
 *
 * Usage:
 *   libical_check SITE_DIR 2026-12-29T00:00:00Z 2028-01-03T00:00:00Z
 *
 * Prints JSON on stdout, in the same shape as ical_check.py:
 *   {"feeds": N, "problems": [...], "occurrences": [...]}
 * Each occurrence: {feed, uid, url, recurrence_id, start, end, status,
 * summary, description, location, categories}, with start/end as UTC
 * instants ("YYYY-MM-DDTHH:MM:SSZ") or, for all-day events, dates
 * ("YYYY-MM-DD"). Occurrences starting from the first instant up to the
 * second (all-day events by their date) are listed.
 *
 * Series are expanded with libical's own RRULE iterator, from DTSTART in the
 * zone of the file's own VTIMEZONE (libical finds a TZID's zone in the
 * calendar first); EXDATEs take occurrences out, and a VEVENT with the same
 * UID and a RECURRENCE-ID replaces the occurrence it names. An end is the
 * occurrence's start plus the master's length, as RFC 5545 (3.8.5.3) has it.
 *
 * Problems are what libical rejects or what a client would get wrong:
 *   - anything libical's parser marks as an error (X-LIC-ERROR);
 *   - anything its restriction checks reject: the RFC 5545 rules of each
 *     component, and, when a file has a METHOD, those of iTIP (RFC 5546),
 *     such as an ORGANIZER in every VEVENT of a METHOD:PUBLISH object;
 *   - a TZID with no VTIMEZONE in the same file;
 *   - an instance (RECURRENCE-ID) without its series, or that names no
 *     occurrence of it;
 *   - an RDATE, which this reader does not expand.
 *
 * Exit status: 0 no problem; 1 problems; 2 cannot run.
 */

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Safety net against a rule that never ends. */
#define MAX_OCCURRENCES 20000

static char **files;
static size_t file_count, file_room;

static int collect(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t len = strlen(path);
    if (type == FTW_F && len > 4 && strcmp(path + len - 4, ".ics") == 0) {
        if (file_count == file_room) {
            file_room = file_room ? file_room * 2 : 64;
            files = realloc(files, file_room * sizeof *files);
        }
        files[file_count++] = strdup(path);
    }
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Growing output buffers, so that problems are printed before occurrences. */
struct text {
    char *data;
    size_t len, room;
    int items;
};

static void put(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->room) {
        t->room = (t->len + n + 1) * 2;
        t->data = realloc(t->data, t->room);
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void puts_raw(struct text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* A JSON string, or null. */
static void put_json(struct text *t, const char *s)
{
    if (s == NULL) {
        puts_raw(t, "null");
        return;
    }
    puts_raw(t, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        char escaped[8];
        if (*c == '"' || *c == '\\') {
            escaped[0] = '\\';
            escaped[1] = (char)*c;
            put(t, escaped, 2);
        } else if (*c < 0x20) {
            snprintf(escaped, sizeof escaped, "\\u%04x", *c);
            puts_raw(t, escaped);
        } else {
            put(t, (const char *)c, 1);
        }
    }
    puts_raw(t, "\"");
}

static struct text problems, occurrences;

static void problem(const char *feed, const char *format, const char *a, const char *b)
{
    char message[2048];
    snprintf(message, sizeof message, format, a ? a : "", b ? b : "");
    char full[2400];
    snprintf(full, sizeof full, "%s: %s", feed, message);
    puts_raw(&problems, problems.items++ ? ",\n  " : "\n  ");
    put_json(&problems, full);
}

/* The window: instants for timed events, dates ("YYYY-MM-DD") for all-day ones. */
static time_t lo, hi, stop;
static char lo_date[11], hi_date[11];

static time_t parse_utc(const char *text)
{
    struct icaltimetype t = icaltime_null_time();
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ", &t.year, &t.month, &t.day, &t.hour,
               &t.minute, &t.second) != 6) {
        fprintf(stderr, "libical_check: not a UTC time: %s\n", text);
        exit(2);
    }
    return icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
}

/* A property's time, in the zone its TZID names in this calendar. */
static struct icaltimetype zoned(icalcomponent *calendar, icalproperty *prop,
                                 struct icaltimetype t, const char *feed)
{
    icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (param == NULL || t.is_date || icaltime_is_utc(t)) {
        return t;
    }
    const char *tzid = icalparameter_get_tzid(param);
    icaltimezone *zone = icalcomponent_get_timezone(calendar, tzid);
    if (zone == NULL) {
        problem(feed, "TZID=%s has no VTIMEZONE", tzid, NULL);
        return t;
    }
    return icaltime_set_timezone(&t, zone);
}

/* The instant a time means. A wall-clock time that its zone skips is read
 * with the offset before the gap, as RFC 5545 (3.3.5) says: libical takes
 * the offset after, and its RRULE iterator moves such a time past the gap,
 * so that an EXDATE or RECURRENCE-ID at 02:30 on the night clocks go from
 * 02:00 to 03:00 would not name the occurrence the iterator gives, which
 * the RFC reads as 03:30. */
static time_t instant(struct icaltimetype t)
{
    icaltimezone *zone = (icaltimezone *)t.zone;
    time_t read = icaltime_as_timet_with_zone(t, zone);
    if (zone == NULL || t.is_date || icaltime_is_utc(t)) {
        return read;
    }
    struct icaltimetype back = icaltime_from_timet_with_zone(read, 0, zone);
    if (back.hour == t.hour && back.minute == t.minute && back.day == t.day) {
        return read;
    }
    /* Skipped: the offset before the gap is the smaller of the two. */
    int dst = 0;
    struct icaltimetype before = icaltime_from_timet_with_zone(read - 43200, 0, icaltimezone_get_utc_timezone());
    struct icaltimetype after = icaltime_from_timet_with_zone(read + 43200, 0, icaltimezone_get_utc_timezone());
    int offset_before = icaltimezone_get_utc_offset_of_utc_time(zone, &before, &dst);
    int offset_after = icaltimezone_get_utc_offset_of_utc_time(zone, &after, &dst);
    int offset = offset_before < offset_after ? offset_before : offset_after;
    struct icaltimetype wall = t;
    wall.zone = icaltimezone_get_utc_timezone();
    return icaltime_as_timet(wall) - offset;
}

/* Whether two occurrence times name the same occurrence. */
static int same(struct icaltimetype a, struct icaltimetype b)
{
    if (a.is_date || b.is_date) {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
    return instant(a) == instant(b);
}

static void show(struct icaltimetype t, char *out, size_t size)
{
    if (t.is_date) {
        snprintf(out, size, "%04d-%02d-%02d", t.year, t.month, t.day);
        return;
    }
    time_t at = instant(t);
    struct tm utc;
    gmtime_r(&at, &utc);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

static int in_window(struct icaltimetype start)
{
    if (start.is_date) {
        char date[11];
        show(start, date, sizeof date);
        return strcmp(date, lo_date) >= 0 && strcmp(date, hi_date) < 0;
    }
    time_t t = instant(start);
    return lo <= t && t < hi;
}

/* Past the window by three days: nothing later is listed. */
static int past(struct icaltimetype start)
{
    if (start.is_date) {
        struct icaltimetype noon = start;
        noon.is_date = 0;
        noon.hour = 12;
        return icaltime_as_timet_with_zone(noon, icaltimezone_get_utc_timezone()) > stop;
    }
    return instant(start) > stop;
}

static const char *text_of(icalcomponent *c, icalproperty_kind kind)
{
    icalproperty *p = icalcomponent_get_first_property(c, kind);
    return p ? icalproperty_get_value_as_string(p) : NULL;
}

static const char *unescaped(icalcomponent *c, icalproperty_kind kind)
{
    icalproperty *p = icalcomponent_get_first_property(c, kind);
    if (p == NULL) {
        return NULL;
    }
    switch (kind) {
    case ICAL_SUMMARY_PROPERTY:
        return icalproperty_get_summary(p);
    case ICAL_DESCRIPTION_PROPERTY:
        return icalproperty_get_description(p);
    case ICAL_LOCATION_PROPERTY:
        return icalproperty_get_location(p);
    default:
        return icalproperty_get_value_as_string(p);
    }
}

static void record(const char *feed, const char *uid, icalcomponent *item,
                   struct icaltimetype start, struct icaltimetype end,
                   const struct icaltimetype *recurrence_id)
{
    if (!in_window(start)) {
        return;
    }
    char text[32];
    struct text *o = &occurrences;
    puts_raw(o, o->items++ ? ",\n  {\"feed\": " : "\n  {\"feed\": ");
    put_json(o, feed);
    puts_raw(o, ", \"uid\": ");
    put_json(o, uid);
    puts_raw(o, ", \"url\": ");
    put_json(o, text_of(item, ICAL_URL_PROPERTY));
    puts_raw(o, ", \"recurrence_id\": ");
    if (recurrence_id) {
        snprintf(text, sizeof text, "%04d-%02d-%02d", recurrence_id->year,
                 recurrence_id->month, recurrence_id->day);
        put_json(o, text);
    } else {
        put_json(o, NULL);
    }
    show(start, text, sizeof text);
    puts_raw(o, ", \"start\": ");
    put_json(o, text);
    show(end, text, sizeof text);
    puts_raw(o, ", \"end\": ");
    put_json(o, text);
    puts_raw(o, ", \"status\": ");
    icalproperty *status = icalcomponent_get_first_property(item, ICAL_STATUS_PROPERTY);
    put_json(o, status ? icalproperty_status_to_string(icalproperty_get_status(status)) : NULL);
    puts_raw(o, ", \"summary\": ");
    put_json(o, unescaped(item, ICAL_SUMMARY_PROPERTY));
    puts_raw(o, ", \"description\": ");
    put_json(o, unescaped(item, ICAL_DESCRIPTION_PROPERTY));
    puts_raw(o, ", \"location\": ");
    put_json(o, unescaped(item, ICAL_LOCATION_PROPERTY));
    puts_raw(o, ", \"categories\": [");
    /* libical splits a list of categories into one property each. */
    int n = 0;
    for (icalproperty *p = icalcomponent_get_first_property(item, ICAL_CATEGORIES_PROPERTY);
         p; p = icalcomponent_get_next_property(item, ICAL_CATEGORIES_PROPERTY)) {
        puts_raw(o, n++ ? ", " : "");
        put_json(o, icalproperty_get_categories(p));
    }
    puts_raw(o, "]}");
}

/* How long an occurrence lasts, as RFC 5545 (3.8.5.3) has it: the exact
 * time from DTSTART to DTEND, or a DURATION whose days are calendar days
 * and whose hours, minutes and seconds are exact time. */
struct length {
    int days;
    long seconds;
};

static struct length length_of(icalcomponent *calendar, icalcomponent *event,
                               struct icaltimetype start, const char *feed)
{
    struct length length = {start.is_date ? 1 : 0, 0};
    icalproperty *p;
    if ((p = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY))) {
        struct icaltimetype end = zoned(calendar, p, icalproperty_get_dtend(p), feed);
        if (start.is_date) {
            length.days = (int)((icaltime_as_timet(end) - icaltime_as_timet(start)) / 86400);
        } else {
            length.days = 0;
            length.seconds = (long)(instant(end) - instant(start));
        }
    } else if ((p = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY))) {
        struct icaldurationtype d = icalproperty_get_duration(p);
        length.days = (int)(d.days + 7 * d.weeks);
        length.seconds = (long)(d.hours * 3600 + d.minutes * 60 + d.seconds);
    }
    return length;
}

static struct icaltimetype end_of(struct icaltimetype start, struct length length)
{
    struct icaltimetype end = start;
    icaltime_adjust(&end, length.days, 0, 0, 0);
    if (end.is_date || length.seconds == 0) {
        return end;
    }
    return icaltime_from_timet_with_zone(instant(end) + length.seconds, 0,
                                         icaltimezone_get_utc_timezone());
}

static struct icaltimetype start_of(icalcomponent *calendar, icalcomponent *event,
                                    const char *feed)
{
    icalproperty *p = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    return zoned(calendar, p, icalproperty_get_dtstart(p), feed);
}

static void read_feed(const char *path, const char *feed)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        problem(feed, "cannot be read", NULL, NULL);
        return;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    size_t got = fread(data, 1, (size_t)size, f);
    data[got] = '\0';
    fclose(f);

    icalcomponent *calendar = icalparser_parse_string(data);
    free(data);
    if (calendar == NULL || icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT) {
        problem(feed, "libical reads no VCALENDAR in it", NULL, NULL);
        if (calendar) {
            icalcomponent_free(calendar);
        }
        return;
    }
    icalrestriction_check(calendar);
    /* Parse errors and broken restrictions, wherever they were put. */
    icalcomponent *stack[64];
    int depth = 0;
    stack[depth++] = calendar;
    while (depth > 0) {
        icalcomponent *c = stack[--depth];
        for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
             p; p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
            problem(feed, "%s: %s", icalcomponent_kind_to_string(icalcomponent_isa(c)),
                    icalproperty_get_xlicerror(p));
        }
        for (icalcomponent *inner = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
             inner && depth < 64;
             inner = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
            stack[depth++] = inner;
        }
    }

    /* Every VEVENT once, masters apart from instances. */
    size_t count = 0;
    for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         e; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        count++;
    }
    icalcomponent **events = calloc(count + 1, sizeof *events);
    int *used = calloc(count + 1, sizeof *used);
    size_t n = 0;
    for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         e; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        events[n++] = e;
    }

    for (size_t m = 0; m < count; m++) {
        icalcomponent *master = events[m];
        if (icalcomponent_get_first_property(master, ICAL_RECURRENCEID_PROPERTY)) {
            continue;
        }
        const char *uid = icalcomponent_get_uid(master);
        if (icalcomponent_get_first_property(master, ICAL_RDATE_PROPERTY)) {
            problem(feed, "%s: an RDATE, which this reader does not expand", uid, NULL);
        }
        struct icaltimetype start = start_of(calendar, master, feed);
        struct length length = length_of(calendar, master, start, feed);
        icalproperty *rrule = icalcomponent_get_first_property(master, ICAL_RRULE_PROPERTY);
        if (rrule == NULL) {
            record(feed, uid, master, start, end_of(start, length), NULL);
            continue;
        }
        /* libical 3.0's iterator, given a zoned DTSTART, moves a time that
         * the zone skips past the gap, and keeps later occurrences there
         * (02:30 every Sunday becomes 03:30 from the spring change on).
         * The RFC repeats the wall-clock time, so the iterator gets it
         * floating, UNTIL read in the same zone, and each occurrence is
         * then put back in the zone. */
        struct icalrecurrencetype rule = icalproperty_get_rrule(rrule);
        struct icaltimetype from = start;
        if (start.zone && !start.is_date && !icaltime_is_utc(start)) {
            from.zone = NULL;
            if (!icaltime_is_null_time(rule.until) && !rule.until.is_date) {
                rule.until = icaltime_convert_to_zone(rule.until, (icaltimezone *)start.zone);
                rule.until.zone = NULL;
            }
        }
        icalrecur_iterator *it = icalrecur_iterator_new(rule, from);
        if (it == NULL) {
            problem(feed, "%s: libical cannot iterate its RRULE", uid, NULL);
            continue;
        }
        struct icaltimetype next;
        int i = 0;
        while (!icaltime_is_null_time(next = icalrecur_iterator_next(it)) &&
               i++ < MAX_OCCURRENCES) {
            next = icaltime_set_timezone(&next, (icaltimezone *)start.zone);
            if (past(next)) {
                break;
            }
            int excluded = 0;
            for (icalproperty *x = icalcomponent_get_first_property(master, ICAL_EXDATE_PROPERTY);
                 x && !excluded;
                 x = icalcomponent_get_next_property(master, ICAL_EXDATE_PROPERTY)) {
                excluded = same(next, zoned(calendar, x, icalproperty_get_exdate(x), feed));
            }
            if (excluded) {
                continue;
            }
            icalcomponent *item = master;
            struct icaltimetype item_start = next, item_end = end_of(next, length);
            for (size_t k = 0; k < count; k++) {
                icalproperty *rid =
                    icalcomponent_get_first_property(events[k], ICAL_RECURRENCEID_PROPERTY);
                if (rid == NULL || strcmp(icalcomponent_get_uid(events[k]), uid) != 0) {
                    continue;
                }
                if (same(next, zoned(calendar, rid, icalproperty_get_recurrenceid(rid), feed))) {
                    item = events[k];
                    used[k] = 1;
                    item_start = start_of(calendar, item, feed);
                    int own = icalcomponent_get_first_property(item, ICAL_DTEND_PROPERTY) ||
                              icalcomponent_get_first_property(item, ICAL_DURATION_PROPERTY);
                    item_end = end_of(item_start,
                                      own ? length_of(calendar, item, item_start, feed) : length);
                    break;
                }
            }
            record(feed, uid, item, item_start, item_end, &next);
        }
        icalrecur_iterator_free(it);
    }

    /* Instances that no occurrence up to the end of the window took. */
    for (size_t k = 0; k < count; k++) {
        icalproperty *rid = icalcomponent_get_first_property(events[k], ICAL_RECURRENCEID_PROPERTY);
        if (rid == NULL || used[k]) {
            continue;
        }
        struct icaltimetype id = zoned(calendar, rid, icalproperty_get_recurrenceid(rid), feed);
        if (!past(id)) {
            problem(feed, "%s: the instance %s is no occurrence of a series in the file",
                    icalcomponent_get_uid(events[k]), icalproperty_get_value_as_string(rid));
        }
    }
    free(events);
    free(used);
    icalcomponent_free(calendar);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: libical_check SITE_DIR FROM_UTC TO_UTC\n");
        return 2;
    }
    const char *site = argv[1];
    lo = parse_utc(argv[2]);
    hi = parse_utc(argv[3]);
    stop = hi + 3 * 86400;
    snprintf(lo_date, sizeof lo_date, "%.10s", argv[2]);
    snprintf(hi_date, sizeof hi_date, "%.10s", argv[3]);
    if (nftw(site, collect, 16, FTW_PHYS) != 0) {
        fprintf(stderr, "libical_check: cannot walk %s\n", site);
        return 2;
    }
    qsort(files, file_count, sizeof *files, by_name);
    size_t prefix = strlen(site);
    while (prefix > 0 && site[prefix - 1] == '/') {
        prefix--;
    }
    for (size_t i = 0; i < file_count; i++) {
        read_feed(files[i], files[i] + prefix + 1);
    }
    printf("{\"feeds\": %zu, \"problems\": [%s], \"occurrences\": [%s]}\n", file_count,
           problems.data ? problems.data : "", occurrences.data ? occurrences.data : "");
    return problems.items ? 1 : 0;
}
