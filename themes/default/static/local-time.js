// Adds, after an event's time, the same moment in the visitor's time zone
// when it is not the event's: the page itself shows the event's own zone.
// Without JavaScript nothing changes.
(function () {
  const visitor = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lang = document.documentElement.lang || undefined;
  // 24-hour times, as the site writes them.
  const shape = { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  for (const time of document.querySelectorAll('time[data-zone]')) {
    if (!visitor || time.dataset.zone === visitor) continue;
    const at = new Date(time.getAttribute('datetime'));
    if (Number.isNaN(at.getTime())) continue;
    const here = new Intl.DateTimeFormat(lang, { ...shape, timeZone: visitor }).format(at);
    const there = new Intl.DateTimeFormat(lang, { ...shape, timeZone: time.dataset.zone }).format(at);
    if (here === there) continue;
    const note = document.createElement('span');
    note.className = 'local-time';
    note.textContent = ` (${here}, ${time.dataset.localLabel})`;
    time.after(note);
  }
})();
