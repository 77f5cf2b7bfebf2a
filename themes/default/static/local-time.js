// Adds, below an event's time, the same moment in the visitor's time zone
// when it is not the event's: the page itself shows the event's own zone.
// Without JavaScript nothing changes.
(function () {
  const visitor = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lang = document.documentElement.lang || undefined;
  // The site's order of day and month: plain `en` would be the US's.
  const locale = lang === 'en' ? 'en-GB' : lang;
  // 24-hour times, as the site writes them.
  const shape = { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  for (const time of document.querySelectorAll('time[data-zone]')) {
    // The page shows the event's zone, and the site's below it when they differ.
    if (!visitor || time.dataset.zone === visitor || time.dataset.siteZone === visitor) continue;
    const at = new Date(time.getAttribute('datetime'));
    if (Number.isNaN(at.getTime())) continue;
    // With a colon between hour and minute, as the site writes a time,
    // whatever the locale puts there (fr-CA: `02 h 00`).
    const format = (zone) => new Intl.DateTimeFormat(locale, { ...shape, timeZone: zone })
      .formatToParts(at)
      .map((part, i, parts) => (part.type === 'literal' && parts[i - 1]?.type === 'hour'
        && parts[i + 1]?.type === 'minute' ? ':' : part.value))
      .join('');
    const here = format(visitor);
    const there = format(time.dataset.zone);
    if (here === there) continue;
    const note = document.createElement('span');
    note.className = 'local-time';
    // Named, as the page names the event's and the site's zones: a browser's
    // zone is not always where its visitor is.
    note.textContent = `${here} (${time.dataset.localLabel}, ${visitor})`;
    // On a line of its own after the whole time, not between start and end.
    const line = time.closest('dd') || time.parentElement;
    line.append(document.createElement('br'), note);
  }
})();
