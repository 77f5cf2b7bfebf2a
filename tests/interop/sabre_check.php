<?php
// Reads every iCalendar feed of a built site with Sabre/VObject (the
// library Nextcloud's CalDAV server and its calendar subscriptions parse
// with), validates it and expands it, as that server would.
//
// Usage:
//   php tests/interop/sabre_check.php SITE_DIR 2026-12-29T00:00:00Z 2028-01-03T00:00:00Z
//
// Prints JSON on stdout, in the same shape as ical_check.py:
//   {"feeds": N, "sabre": VERSION, "problems": [...], "occurrences": [...]}
// Each occurrence: {feed, uid, url, recurrence_id, start, end, status,
// summary, description, location, categories}, with start/end as
// "YYYY-MM-DDTHH:MM:SS+00:00" (Sabre's expansion gives UTC), or
// "YYYY-MM-DD" for all-day events. Occurrences starting from the first
// instant up to the second (all-day events by their date) are listed.
//
// Problems: anything the strict reader (no forgiving option) rejects, and
// every message of any level validate() gives, for the whole file and,
// with the CalDAV profile where Sabre has one, for each object Sabre's
// splitter makes of it (one per UID, as a subscription stores them).
//
// Sabre is loaded from PHP's include path (Debian's php-sabre-vobject), or
// from the autoloader named in SABRE_VOBJECT_AUTOLOAD (a Composer install
// of the version a server ships), to compare versions.
//
// Exit status: 0 no problem; 1 problems; 2 cannot run (Sabre missing).

$autoload = getenv('SABRE_VOBJECT_AUTOLOAD') ?: 'Sabre/VObject/autoload.php';
if (!(@include_once $autoload) || !class_exists('Sabre\\VObject\\Reader')) {
    fwrite(STDERR, "sabre_check.php: CANNOT RUN: no Sabre/VObject at $autoload (apt-get install php-sabre-vobject)\n");
    exit(2);
}

use Sabre\VObject\Node;
use Sabre\VObject\Reader;
use Sabre\VObject\Splitter\ICalendar as Splitter;

if ($argc < 4) {
    fwrite(STDERR, "usage: sabre_check.php SITE_DIR FROM_UTC TO_UTC\n");
    exit(2);
}
[, $site, $fromText, $toText] = $argv;
$utc = new DateTimeZone('UTC');
$lo = new DateTime($fromText, $utc);
$hi = new DateTime($toText, $utc);
// Expand a little wider: zones far from UTC, all-day events.
$expandFrom = (clone $lo)->modify('-3 days');
$expandTo = (clone $hi)->modify('+3 days');

function feeds(string $dir): array
{
    $found = [];
    $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
    foreach ($files as $file) {
        if (substr($file->getFilename(), -4) === '.ics') {
            $found[] = $file->getPathname();
        }
    }
    sort($found);
    return $found;
}

/** Every validation message, with the component and property it is about. */
function validation(string $where, $component, int $options): array
{
    $problems = [];
    foreach ($component->validate($options) as $warning) {
        $node = $warning['node'];
        $name = is_object($node) && isset($node->name) ? $node->name : '?';
        $uid = isset($component->VEVENT) && isset($component->VEVENT->UID) ? (string) $component->VEVENT->UID : '';
        $problems[] = "$where $uid: level {$warning['level']} at $name: {$warning['message']}";
    }
    return $problems;
}

function has_time($property): bool
{
    return method_exists($property, 'hasTime') ? $property->hasTime() : strlen((string) $property) > 8;
}

/** A DTSTART, DTEND or RECURRENCE-ID as the other readers print it. */
function shown($property, DateTime|DateTimeImmutable|null $value = null): string
{
    $value = $value ?? $property->getDateTime();
    if (!has_time($property)) {
        return $value->format('Y-m-d');
    }
    return DateTime::createFromInterface($value)->setTimezone(new DateTimeZone('UTC'))->format('Y-m-d\TH:i:sP');
}

function text_of($event, string $name): ?string
{
    if (!isset($event->$name)) {
        return null;
    }
    $value = (string) $event->$name;
    // Sabre 2 unescapes only `\n` and `\\` in a text value, not `\,` or `\;`.
    if (version_compare(Sabre\VObject\Version::VERSION, '3', '<')) {
        $value = strtr($value, ['\\,' => ',', '\\;' => ';']);
    }
    return $value;
}

$problems = [];
$listed = [];
$paths = feeds($site);
foreach ($paths as $path) {
    $name = substr($path, strlen(rtrim($site, '/')) + 1);
    $data = file_get_contents($path);
    try {
        $calendar = Reader::read($data);
    } catch (Throwable $e) {
        $problems[] = "$name: Sabre cannot read it: " . $e->getMessage();
        continue;
    }
    array_push($problems, ...validation($name, $calendar, 0));
    // One object per UID, as a CalDAV server stores what a subscription
    // brings: each must pass the CalDAV profile too.
    if (defined('Sabre\\VObject\\Node::PROFILE_CALDAV')) {
        $stream = fopen('php://memory', 'r+');
        fwrite($stream, $data);
        rewind($stream);
        $splitter = new Splitter($stream);
        while ($object = $splitter->getNext()) {
            array_push($problems, ...validation("$name (CalDAV object)", $object, Node::PROFILE_CALDAV));
        }
    }

    // The zone of each series, to give its dates in (expand() turns
    // every time into UTC), and which UIDs repeat.
    $zones = [];
    $recurring = [];
    $overridden = [];
    foreach ($calendar->select('VEVENT') as $event) {
        $uid = (string) $event->UID;
        if (isset($event->{'RECURRENCE-ID'})) {
            $overridden[$uid][$event->{'RECURRENCE-ID'}->getDateTime()->getTimestamp()] = true;
        } else {
            $zones[$uid] = $event->DTSTART->getDateTime()->getTimezone();
        }
        if (isset($event->RRULE)) {
            $recurring[$uid] = true;
        }
    }

    try {
        $expanded = clone $calendar;
        // Sabre 3 and later return the expanded calendar; Sabre 2 changes it in place.
        $expanded = $expanded->expand($expandFrom, $expandTo) ?? $expanded;
    } catch (Throwable $e) {
        $problems[] = "$name: Sabre cannot expand it: " . $e->getMessage();
        continue;
    }
    foreach ($expanded->select('VEVENT') as $event) {
        $start = $event->DTSTART->getDateTime();
        if (has_time($event->DTSTART)) {
            if ($start < $lo || $start >= $hi) {
                continue;
            }
        } elseif ($start->format('Y-m-d') < $lo->format('Y-m-d') || $start->format('Y-m-d') >= $hi->format('Y-m-d')) {
            continue;
        }
        $uid = (string) $event->UID;
        if (isset($event->DTEND)) {
            $end = shown($event->DTEND);
        } elseif (isset($event->DURATION)) {
            $length = Sabre\VObject\DateTimeParser::parseDuration((string) $event->DURATION);
            $end = shown($event->DTSTART, DateTime::createFromInterface($start)->add($length));
        } else {
            $end = null;
        }
        // The date in the series: an override's RECURRENCE-ID, or else the
        // occurrence's own start (Sabre 2 writes a wrong RECURRENCE-ID on
        // the occurrences it makes, in UTC without saying so).
        $recurrenceId = null;
        if (isset($recurring[$uid])) {
            $original = $event->DTSTART;
            $rid = $event->{'RECURRENCE-ID'} ?? null;
            if ($rid && isset($overridden[$uid][$rid->getDateTime()->getTimestamp()])) {
                $original = $rid;
            }
            $date = DateTime::createFromInterface($original->getDateTime());
            if (has_time($original) && isset($zones[$uid])) {
                $date->setTimezone($zones[$uid]);
            }
            $recurrenceId = $date->format('Y-m-d');
        }
        $categories = [];
        foreach ($event->select('CATEGORIES') as $property) {
            $parts = method_exists($property, 'getParts') ? $property->getParts() : explode(',', (string) $property);
            array_push($categories, ...$parts);
        }
        $listed[] = [
            'feed' => $name,
            'uid' => $uid,
            'url' => text_of($event, 'URL'),
            'recurrence_id' => $recurrenceId,
            'start' => shown($event->DTSTART),
            'end' => $end,
            'status' => text_of($event, 'STATUS'),
            'summary' => text_of($event, 'SUMMARY'),
            'description' => text_of($event, 'DESCRIPTION'),
            'location' => text_of($event, 'LOCATION'),
            'categories' => $categories,
        ];
    }
}
usort($listed, fn ($a, $b) => [$a['feed'], $a['uid'], $a['start']] <=> [$b['feed'], $b['uid'], $b['start']]);
echo json_encode([
    'feeds' => count($paths),
    'sabre' => Sabre\VObject\Version::VERSION,
    'problems' => $problems,
    'occurrences' => $listed,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
exit($problems ? 1 : 0);
