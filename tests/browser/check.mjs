// Loads pages of a built meetcal site in headless Chromium, runs axe-core on
// them, checks they work without JavaScript, and saves screenshots.
//
// Driven by tests/browser.rs, which builds the site, serves it and passes:
//   node tests/browser/check.mjs <base-url> <screenshot-folder> <name>=<path>...
// e.g. node tests/browser/check.mjs http://127.0.0.1:41234/ target/screenshots home=/ event=/events/x/
//
// Prints one line per check and every problem with its page, viewport and
// rule; exits 1 when anything failed, 2 on a usage or launch error.

import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.MEETCAL_CHROMIUM || '/usr/bin/chromium';
// The network is closed: without these flags Chromium waits on connections.
// Playwright adds a fresh temporary --user-data-dir itself.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};
const TIMEOUT_MS = 30_000;

const [base, shots, ...pageArgs] = process.argv.slice(2);
if (!base || !shots || pageArgs.length === 0) {
  console.error('usage: check.mjs <base-url> <screenshot-folder> <name>=<path>...');
  process.exit(2);
}
const pages = pageArgs.map((arg) => {
  const at = arg.indexOf('=');
  return { name: arg.slice(0, at), url: new URL(arg.slice(at + 1), base).href };
});
const origin = new URL(base).origin;
mkdirSync(shots, { recursive: true });

// Never hang a test run: give up loudly after a generous whole-run limit.
setTimeout(() => {
  console.error('FAIL the browser checks took over 5 minutes; giving up');
  process.exit(1);
}, 300_000).unref();

const failures = new Set();
function fail(where, message) {
  const line = `${where}: ${message}`;
  if (failures.has(line)) return;
  failures.add(line);
  console.log(`FAIL ${line}`);
}

// A page of the site may load files from the site only: no web fonts, no
// trackers, no CDN. Anything else is reported, and aborted so nothing waits on
// the closed network. Broken same-site files (404) and script errors fail too.
async function openPage(context, where) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
    fail(where, `loads an outside resource: ${url}`);
    return route.abort();
  });
  page.on('response', (response) => {
    if (response.status() >= 400) fail(where, `HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('pageerror', (error) => fail(where, `script error: ${error.message}`));
  return page;
}

async function load(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) throw new Error(`HTTP ${response && response.status()} for ${url}`);
}

async function runAxe(page, where) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  // Guard against a check that silently checks nothing.
  if (results.passes.length + results.violations.length < 10) {
    fail(where, `axe ran only ${results.passes.length + results.violations.length} rule(s): is axe-core broken?`);
  }
  for (const v of results.violations) {
    const targets = v.nodes
      .map((n) => `\n      ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
      .join('');
    fail(where, `axe ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})${targets}`);
  }
  for (const v of results.incomplete) {
    console.log(`note ${where}: axe could not decide ${v.id} on ${v.nodes.length} node(s): ${v.help}`);
  }
  return results.violations.length;
}

// WCAG 1.4.10 Reflow, which axe does not test: the page fits the viewport's
// width, with no sideways scrolling (a long URL or a wide table would cause it).
async function checkReflow(page, where) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
    const describe = (el) => {
      const classes = [...el.classList].map((c) => `.${c}`).join('');
      const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
      return `<${el.localName}${el.id ? `#${el.id}` : ''}${classes}> "${text}" ends at ${Math.round(el.getBoundingClientRect().right)}px`;
    };
    // The innermost elements that stick out are the ones to fix.
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
      .slice(0, 5)
      .map(describe);
    return { width, scrollWidth, culprits };
  });
  if (overflow) {
    fail(where, `reflow (WCAG 1.4.10): the page is ${overflow.scrollWidth}px wide in a ${overflow.width}px viewport and scrolls sideways; sticking out:\n      ${overflow.culprits.join('\n      ')}`);
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  timeout: TIMEOUT_MS,
}).catch((error) => {
  console.error(`could not start ${CHROMIUM}: ${error.message}`);
  process.exit(2);
});

try {
  const modes = [
    // [label, viewport, context options, screenshot file suffix or null]
    ['phone', VIEWPORTS.phone, { colorScheme: 'light' }, 'phone'],
    ['desktop', VIEWPORTS.desktop, { colorScheme: 'light' }, 'desktop'],
    ['phone dark', VIEWPORTS.phone, { colorScheme: 'dark' }, 'phone-dark'],
    ['desktop dark', VIEWPORTS.desktop, { colorScheme: 'dark' }, null],
  ];
  for (const [label, viewport, options, shot] of modes) {
    // axe is injected as a script, which the site's own CSP rightly forbids.
    const context = await browser.newContext({ viewport, bypassCSP: true, ...options });
    for (const { name, url } of pages) {
      const where = `${name} page ${url} (${label} ${viewport.width}x${viewport.height})`;
      try {
        const page = await openPage(context, where);
        await load(page, url);
        const count = await runAxe(page, where);
        await checkReflow(page, where);
        if (shot) {
          const file = path.join(shots, `${name}-${shot}.png`);
          await page.screenshot({ path: file, fullPage: true });
        }
        console.log(`${count === 0 ? 'ok  ' : 'FAIL'} axe ${where}: ${count} violation(s)`);
        await page.close();
      } catch (error) {
        fail(where, error.message);
      }
    }
    await context.close();
  }

  // The site works under its own strict Content-Security-Policy (from the
  // _headers file the test server sends): no violation is reported.
  const strict = await browser.newContext({ viewport: VIEWPORTS.desktop });
  for (const { name, url } of pages) {
    const where = `${name} page ${url} (Content-Security-Policy)`;
    try {
      const page = await openPage(strict, where);
      page.on('console', (message) => {
        if (/Content[- ]Security[- ]Policy/i.test(message.text())) fail(where, `CSP violation: ${message.text()}`);
      });
      const response = await page.goto(url, { waitUntil: 'load' });
      const policy = response && response.headers()['content-security-policy'];
      if (!policy || !policy.includes("default-src 'none'")) fail(where, `no strict CSP header: ${policy}`);
      else console.log(`ok   ${where}: ${policy.split(';')[0]}; no violation`);
      await page.close();
    } catch (error) {
      fail(where, error.message);
    }
  }
  await strict.close();

  // Without JavaScript every page still shows its content.
  const noJs = await browser.newContext({ viewport: VIEWPORTS.phone, javaScriptEnabled: false });
  for (const { name, url } of pages) {
    const where = `${name} page ${url} (JavaScript off)`;
    try {
      const page = await openPage(noJs, where);
      await load(page, url);
      if (!(await page.locator('main h1').first().isVisible())) fail(where, 'no visible <h1> inside <main>');
      const text = (await page.locator('main').first().innerText()).trim();
      if (text.length < 20) fail(where, `<main> is (nearly) empty: ${JSON.stringify(text)}`);
      else console.log(`ok   ${where}: main content visible`);
      await page.close();
    } catch (error) {
      fail(where, error.message);
    }
  }
  await noJs.close();
} finally {
  await browser.close();
}

console.log(`browser checks: ${failures.size} problem(s) on ${pages.length} page(s); screenshots in ${path.resolve(shots)}`);
process.exit(failures.size === 0 ? 0 : 1);
