// Loads pages of a built meetcal site in headless Chromium, runs axe-core on
// them, checks they work without JavaScript, and saves screenshots.
//
// Driven by tests/browser.rs, which builds the site, serves it and passes:
//   node tests/browser/check.mjs <base-url> <screenshot-folder> <name>=<path>...
// e.g. node tests/browser/check.mjs http://127.0.0.1:41234/ target/screenshots home=/ event=/events/x/
//
// Prints one line per check and every problem with its page, viewport and
// rule; exits 1 when anything failed, 2 on a usage or launch error.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Checks, VIEWPORTS, MODES, launch, load, deadline, policyProblem } from './common.mjs';

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

deadline(5);
const checks = new Checks([origin]);
const fail = (where, message) => checks.fail(where, message);

const browser = await launch();

try {
  for (const [label, viewport, options, shot] of MODES) {
    // axe is injected as a script, which the site's own CSP rightly forbids.
    const context = await browser.newContext({ viewport, bypassCSP: true, ...options });
    for (const { name, url } of pages) {
      const where = `${name} page ${url} (${label} ${viewport.width}x${viewport.height})`;
      try {
        const page = await checks.openPage(context, where);
        await load(page, url);
        const count = await checks.runAxe(page, where);
        await checks.checkReflow(page, where);
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
      const page = await checks.openPage(strict, where);
      page.on('console', (message) => {
        if (/Content[- ]Security[- ]Policy/i.test(message.text())) fail(where, `CSP violation: ${message.text()}`);
      });
      const response = await page.goto(url, { waitUntil: 'load' });
      const policy = response && response.headers()['content-security-policy'];
      const problem = policyProblem(policy, url);
      if (problem) fail(where, `no strict CSP: ${problem}`);
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
      const page = await checks.openPage(noJs, where);
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

console.log(`browser checks: ${checks.failures.size} problem(s) on ${pages.length} page(s); screenshots in ${path.resolve(shots)}`);
process.exit(checks.failures.size === 0 ? 0 : 1);
