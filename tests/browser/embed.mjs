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
  await page.waitForTimeout(500);
  const text = async (name) => {
    const frame = page.frames().find((f) => f.name() === name);
    if (!frame) return '';
    try {
      return (await frame.locator('body').innerText({ timeout: 2000 })).replace(/\s+/g, ' ').trim();
    } catch {
      return '';
    }
  };
  console.log(`embed\t${await text('embed')}`);
  console.log(`page\t${await text('page')}`);
} finally {
  await browser.close();
}
