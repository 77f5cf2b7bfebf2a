// Opens the search page in headless Chromium with the browser's clock set
// to each instant given, and prints which events it lists as to come and
// which as past: an event is to come until it has ended, not until the end
// of its last day.
//   node tests/browser/search_clock.mjs <search-page-url> <instant>...
// Prints one line per instant: `<instant>\tupcoming: <title date>, ...\tpast:
// <title date>, ...`, each list in the page's order.
import { launch, load } from './common.mjs';

const [url, ...instants] = process.argv.slice(2);
if (!url || instants.length === 0) {
  console.error('usage: search_clock.mjs <search-page-url> <instant>...');
  process.exit(2);
}
const browser = await launch();
let failed = false;
try {
  for (const instant of instants) {
    const context = await browser.newContext({ timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      console.error(`script error at ${instant}: ${error.message}`);
      failed = true;
    });
    await page.clock.setFixedTime(new Date(instant));
    await load(page, url);
    await page.waitForSelector('#search-results:not([hidden])');
    const listed = (id) => page.$$eval(`section[aria-labelledby="${id}"] li.result`, (items) => items.map((li) => {
      const time = li.querySelector('time');
      return `${li.querySelector('a').textContent} ${time ? time.getAttribute('datetime') : '-'}`;
    }));
    const upcoming = await listed('search-upcoming');
    const past = await listed('search-past');
    console.log(`${instant}\tupcoming: ${upcoming.join(', ')}\tpast: ${past.join(', ')}`);
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
