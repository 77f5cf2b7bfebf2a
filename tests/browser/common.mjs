// What the browser checks share: how Chromium is started, how a page of the
// site is opened (only the site's own files may load), axe-core, and the
// reflow check. Used by check.mjs, search.mjs and layout.mjs.

import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
export const CHROMIUM = process.env.MEETCAL_CHROMIUM || '/usr/bin/chromium';
// The network is closed: without these flags Chromium waits on connections.
// Playwright adds a fresh temporary --user-data-dir itself.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};
export const TIMEOUT_MS = 30_000;

// [label, viewport, context options, screenshot file suffix or null]
export const MODES = [
  ['phone', VIEWPORTS.phone, { colorScheme: 'light' }, 'phone'],
  ['desktop', VIEWPORTS.desktop, { colorScheme: 'light' }, 'desktop'],
  ['phone dark', VIEWPORTS.phone, { colorScheme: 'dark' }, 'phone-dark'],
  ['desktop dark', VIEWPORTS.desktop, { colorScheme: 'dark' }, 'desktop-dark'],
];

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: TIMEOUT_MS,
  }).catch((error) => {
    console.error(`could not start ${CHROMIUM}: ${error.message}`);
    process.exit(2);
  });
}

export async function load(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) throw new Error(`HTTP ${response && response.status()} for ${url}`);
  return response;
}

// What is wrong with a page's Content-Security-Policy, or null: nothing
// loads by default, scripts and fetches come from the site only, never
// inline or through eval, and forms send to the site only.
// Embeds (`/groups/<slug>/embed/`, and the same for tags and venues) alone
// may be framed, by any site.
export function policyProblem(policy, url = '') {
  if (!policy) return 'no Content-Security-Policy header';
  const embed = /^\/(groups|tags|venues)\/[^/]+\/embed\//.test(new URL(url, 'http://x/').pathname);
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0])
    .map(([name, ...values]) => [name, values.join(' ')]));
  const expected = {
    'default-src': "'none'", 'script-src': "'self'", 'connect-src': "'self'",
    'base-uri': "'none'", 'form-action': "'self'", 'frame-ancestors': embed ? '*' : "'none'",
  };
  for (const [name, value] of Object.entries(expected)) {
    if (directives.get(name) !== value) return `${name} is ${JSON.stringify(directives.get(name))}, not ${value}: ${policy}`;
  }
  const rest = embed ? policy.replace('frame-ancestors *', '') : policy;
  if (/unsafe-|\*|strict-dynamic|nonce-|sha\d+-/.test(rest)) return `the policy lets more run than the site's own files: ${policy}`;
  return null;
}

// Never hang a test run: give up loudly after a generous whole-run limit.
export function deadline(minutes) {
  setTimeout(() => {
    console.error(`FAIL the browser checks took over ${minutes} minutes; giving up`);
    process.exit(1);
  }, minutes * 60_000).unref();
}

// Collects failures, one line each, and checks pages of the sites at `origins`.
export class Checks {
  constructor(origins) {
    this.origins = origins;
    this.failures = new Set();
  }

  fail(where, message) {
    const line = `${where}: ${message}`;
    if (this.failures.has(line)) return;
    this.failures.add(line);
    console.log(`FAIL ${line}`);
  }

  // A page of the site may load files from the site only: no web fonts, no
  // trackers, no CDN. Anything else is reported, and aborted so nothing waits on
  // the closed network. Broken same-site files (404), script errors and
  // anything else logged as an error (a request the page never names, as
  // for /favicon.ico, is reported there only) fail too.
  async openPage(context, where) {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (this.origins.some((origin) => url.startsWith(origin + '/')) || url.startsWith('data:')) return route.continue();
      this.fail(where, `loads an outside resource: ${url}`);
      return route.abort();
    });
    page.on('response', (response) => {
      if (response.status() >= 400) this.fail(where, `HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('pageerror', (error) => this.fail(where, `script error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.fail(where, `console error: ${message.text()}`);
    });
    return page;
  }

  async runAxe(page, where) {
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    // Guard against a check that silently checks nothing.
    if (results.passes.length + results.violations.length < 10) {
      this.fail(where, `axe ran only ${results.passes.length + results.violations.length} rule(s): is axe-core broken?`);
    }
    for (const v of results.violations) {
      const targets = v.nodes
        .map((n) => `\n      ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('');
      this.fail(where, `axe ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})${targets}`);
    }
    for (const v of results.incomplete) {
      console.log(`note ${where}: axe could not decide ${v.id} on ${v.nodes.length} node(s): ${v.help}`);
    }
    return results.violations.length;
  }

  // WCAG 1.4.10 Reflow, which axe does not test: the page fits the viewport's
  // width, with no sideways scrolling (a long URL or a wide table would cause it).
  async checkReflow(page, where) {
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
      this.fail(where, `reflow (WCAG 1.4.10): the page is ${overflow.scrollWidth}px wide in a ${overflow.width}px viewport and scrolls sideways; sticking out:\n      ${overflow.culprits.join('\n      ')}`);
    }
  }
}
