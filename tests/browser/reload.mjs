// The search page under `meetcal serve`, with the site's own
// Content-Security-Policy added to every page (serve itself sends none):
// the theme's search script and serve's reload script both run, the search
// finds an event, and after an edit of its file the page reloads by itself
// and finds the event as edited, with the same search.
//
// Driven by tests/browser_scripts.rs, which starts `meetcal serve` and passes:
//   node tests/browser/reload.mjs <serve-url> <event-file> <policy>

import { readFileSync, writeFileSync } from 'node:fs';
import { Checks, VIEWPORTS, launch, deadline } from './common.mjs';

const [base, file, policy] = process.argv.slice(2);
if (!base || !file || !policy) {
  console.error('usage: reload.mjs <serve-url> <event-file> <policy>');
  process.exit(2);
}
deadline(4);
const checks = new Checks([new URL(base).origin]);
const where = 'search under meetcal serve';
const fail = (message) => checks.fail(where, message);
const TITLE = 'Global Day of Coderetreat 2026';
const EDITED = 'Global Day of Coderetreat 2026, moved online';

const titles = (page) => page.$$eval('#search-list li.result a', (as) => as.map((a) => a.textContent));

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await checks.openPage(context, where);
  // Pages get the site's policy; the reload stream is left alone, since a
  // routed response would wait for the stream to end.
  await page.route((url) => !url.pathname.startsWith('/__meetcal/'), async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) fail(`CSP violation: ${message.text()}`);
  });
  const response = await page.goto(new URL('/search/?q=coderetreat', base).href, { waitUntil: 'load' });
  if (response.headers()['content-security-policy'] !== policy) fail('the page was not given the site\'s policy');
  if (!(await page.$('script[src^="/__meetcal/reload.js"]'))) fail('serve added no reload script');
  await page.waitForFunction((t) => [...document.querySelectorAll('#search-list a')].some((a) => a.textContent === t), TITLE);

  const text = readFileSync(file, 'utf8');
  if (!text.includes(`title: ${TITLE}\n`)) throw new Error(`${file} has no title "${TITLE}"`);
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  writeFileSync(file, text.replace(`title: ${TITLE}\n`, `title: ${EDITED}\n`));
  await reloaded;
  await page.waitForFunction((t) => [...document.querySelectorAll('#search-list a')].some((a) => a.textContent === t), EDITED, { timeout: 20_000 })
    .catch(async () => fail(`after the edit, the results are ${JSON.stringify(await titles(page))}`));
  const search = await page.evaluate(() => window.location.search);
  if (search !== '?q=coderetreat') fail(`the reloaded page searches ${search}`);
  if (checks.failures.size === 0) console.log(`ok   ${where}: the page reloaded after the edit and finds "${EDITED}"`);
  await context.close();
} catch (error) {
  fail(error.stack || error.message);
} finally {
  await browser.close();
}
process.exit(checks.failures.size === 0 ? 0 : 1);
