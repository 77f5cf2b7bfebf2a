// Opens an event page in headless Chromium as visitors in several time
// zones would, and prints what local-time.js added after the event's time.
//   node tests/browser/local_time.mjs <page-url> <zone>...
// Prints one line per zone: `<zone>\t<text of .local-time, or nothing>\t<text
// of the line the event's time is on>`. The visitor's locale is American, so
// the note must keep the site's order of day and month.
import { chromium } from 'playwright-core';

const [url, ...zones] = process.argv.slice(2);
if (!url || zones.length === 0) {
  console.error('usage: local_time.mjs <page-url> <zone>...');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.MEETCAL_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = false;
try {
  for (const zone of zones) {
    const context = await browser.newContext({ timezoneId: zone, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      console.error(`script error in ${zone}: ${error.message}`);
      failed = true;
    });
    page.on('response', (response) => {
      // Chromium asks for /favicon.ico by itself; the site has none.
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        console.error(`HTTP ${response.status()} for ${response.url()} in ${zone}`);
        failed = true;
      }
    });
    await page.goto(url, { waitUntil: 'load' });
    const notes = await page.locator('.local-time').allTextContents();
    const line = await page.locator('dd:has(time[data-zone])').first().innerText();
    console.log(`${zone}\t${notes.join(' | ')}\t${line.replace(/\s+/g, ' ')}`);
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
