// Opens a page of another origin that frames two pages of the calendar: an
// embed, which must render, and an ordinary page, which the calendar's
// Content-Security-Policy must keep out of the frame.
//   node tests/browser/embed.mjs <outer-page-url>
// Prints `embed\t<text of the embed's h1 and events>` and
// `page\t<text of the framed ordinary page, or nothing>`.
import { chromium } from 'playwright-core';

const [outer] = process.argv.slice(2);
if (!outer) {
  console.error('usage: embed.mjs <outer-page-url>');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.MEETCAL_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  await page.goto(outer, { waitUntil: 'load' });
  // The outer page's load event comes after its frames have loaded (or
  // been refused). A frame's text is waited for patiently where it must
  // come (a loaded machine is slow), briefly where it must not.
  const text = async (name, patience) => {
    const frame = page.frames().find((f) => f.name() === name);
    if (!frame) return '';
    try {
      return (await frame.locator('body').innerText({ timeout: patience })).replace(/\s+/g, ' ').trim();
    } catch {
      return '';
    }
  };
  console.log(`embed\t${await text('embed', 60_000)}`);
  console.log(`page\t${await text('page', 2000)}`);
} finally {
  await browser.close();
}
