// Pages of a built meetcal site whose names and titles are long words, in
// headless Chromium: at a phone's width and at the widths an embed is
// framed at, with every <details> open, no page scrolls sideways, no word
// of a description's table is split across lines (a table stays a table,
// in a frame that scrolls and takes the keyboard's focus; axe checks those
// pages), and each page names its
// icon (or the browser asks for a /favicon.ico the site lacks). Printed from a screen in dark mode, a page is dark text on white,
// without its navigation.
//
// Driven by tests/browser.rs, which builds the site, serves it and passes:
//   node tests/browser/layout.mjs <base-url> <path>...
//
// Prints one line per check and every problem; exits 1 when anything
// failed, 2 on a usage or launch error.

import { Checks, launch, load, deadline } from './common.mjs';

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: layout.mjs <base-url> <path>...');
  process.exit(2);
}
deadline(5);
const checks = new Checks([new URL(base).origin]);
const fail = (where, message) => checks.fail(where, message);
const ok = (where, message) => console.log(`ok   ${where}: ${message}`);

// Two phones, the narrowest a wide layout starts at (41rem), a tablet, a
// desktop.
const WIDTHS = [360, 390, 656, 800, 1280];

// Relative luminance (WCAG) of a computed `rgb(...)` colour.
function luminance(color) {
  const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map(Number)
    .map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// Texts in Arabic seen: the pages must hold some, or the check above
// checked nothing.
let rightToLeft = 0;

const browser = await launch();
try {
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
    // axe is injected as an inline script; check.mjs holds pages to their CSP.
    for (const address of paths) {
      const where = `${address} (${width}px)`;
      try {
        const page = await checks.openPage(context, where);
        await load(page, new URL(address, base).href);
        // What a visitor opens is part of the page too: the snippet to copy.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        const before = checks.failures.size;
        // Without an icon of its own, the browser asks for /favicon.ico,
        // which the site does not have: an error in the console.
        if (width === WIDTHS[0] && !(await page.$('head link[rel~="icon"]'))) {
          fail(where, 'names no icon, so the browser asks for /favicon.ico');
        }
        await checks.checkReflow(page, where);
        // Nor does anything stick out of the page's column where the page
        // itself does not scroll: a field 100% wide plus its padding.
        const outside = await page.evaluate(() => {
          const column = document.querySelector('main');
          if (!column) return [];
          const box = column.getBoundingClientRect();
          const style = getComputedStyle(column);
          const [left, right] = [box.left + parseFloat(style.paddingLeft) - 1, box.right - parseFloat(style.paddingRight) + 1];
          // What a frame scrolls is inside the frame, which is checked.
          const inColumn = (el) => !el.parentElement.closest('.table-frame, pre');
          // Text for screen readers only is moved out of sight on purpose.
          const out = (el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > 0 && (r.left < left || r.right > right);
          };
          return [...column.querySelectorAll('*')]
            .filter((el) => inColumn(el) && out(el) && ![...el.children].some(out))
            .slice(0, 5)
            .map((el) => `<${el.localName}${[...el.classList].map((c) => `.${c}`).join('')}> from ${Math.round(el.getBoundingClientRect().left)}px to ${Math.round(el.getBoundingClientRect().right)}px, the column from ${Math.round(left + 1)}px to ${Math.round(right - 1)}px`);
        });
        if (outside.length > 0) fail(where, `sticks out of the column: ${outside.join('; ')}`);
        // A description's table too wide for the screen scrolls: none of
        // its words is split across two lines (`Présentatio|n`).
        const split = await page.evaluate(() => {
          const found = [];
          for (const cell of document.querySelectorAll('.description th, .description td')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              // A word, with the hyphen a line may end at.
              for (const word of node.data.matchAll(/[^\s-]+-?/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) found.push(word[0]);
              }
            }
          }
          return found;
        });
        if (split.length > 0) {
          fail(where, `a description's table splits words across lines: ${split.slice(0, 5).join(', ')}`);
        }
        // It stays a table to screen readers (one that scrolls itself is
        // read as a block), and its frame takes the keyboard's focus, so a
        // keyboard can scroll it; axe checks both of these too.
        const tables = await page.evaluate(() => [...document.querySelectorAll('.description table')].map((table) => ({
          display: getComputedStyle(table).display,
          focusable: table.closest('.table-frame')?.tabIndex === 0,
          scrolls: (table.closest('.table-frame') || table).scrollWidth > (table.closest('.table-frame') || table).clientWidth,
        })));
        for (const table of tables) {
          if (table.display !== 'table') fail(where, `a description's table is displayed as ${table.display}, not as a table`);
          if (!table.focusable) fail(where, "a description's table is not in a frame the keyboard can focus");
        }
        if (tables.length > 0 && width === 390 && !tables.some((table) => table.scrolls)) {
          fail(where, "the wide table does not scroll at a phone's width: is the test's table still wide?");
        }
        if (tables.length > 0) await checks.runAxe(page, where);
        // A title, a name or a description in Arabic reads right to left,
        // one in French left to right, whatever the page around it.
        if (width === WIDTHS[0]) {
          const texts = await page.evaluate(() => {
            const arabic = /^[^A-Za-z\u00C0-\u024F\u0590-\u08FF]*[\u0590-\u08FF]/;
            // An entry's title is isolated in a <bdi>, or not at all.
            const titles = [...document.querySelectorAll('.title a')].map((a) => a.querySelector('bdi') || a);
            const blocks = [...document.querySelectorAll('main h1, main h2, .description, bdi')];
            return [...new Set([...blocks, ...titles])].map((node) => ({
              text: node.textContent.trim().slice(0, 40),
              arabic: arabic.test(node.textContent.trim()),
              rtl: node.matches(':dir(rtl)'),
            }));
          });
          for (const t of texts) {
            if (t.arabic !== t.rtl) fail(where, `"${t.text}" is shown ${t.rtl ? 'right to left' : 'left to right'}`);
          }
          rightToLeft += texts.filter((t) => t.arabic).length;
        }
        if (checks.failures.size === before) ok(where, 'fits the width');
        await page.close();
      } catch (error) {
        fail(where, error.message);
      }
    }
    await context.close();
  }

  for (const address of paths) {
    const where = `${address} (printed in dark mode)`;
    const context = await browser.newContext({ colorScheme: 'dark' });
    try {
      const page = await checks.openPage(context, where);
      await load(page, new URL(address, base).href);
      const screen = await page.evaluate(() => getComputedStyle(document.body).color);
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      const printed = await page.evaluate(() => ({
        text: getComputedStyle(document.body).color,
        paper: getComputedStyle(document.documentElement).backgroundColor,
        nav: [...document.querySelectorAll('nav')].filter((n) => n.getClientRects().length > 0).length,
      }));
      if (luminance(screen) < 0.5) fail(where, `the screen is not in dark mode (text ${screen})`);
      if (luminance(printed.text) > 0.1) fail(where, `text prints light: ${printed.text}`);
      else if (luminance(printed.paper) < 0.9) fail(where, `the page prints on a dark background: ${printed.paper}`);
      else if (printed.nav > 0) fail(where, 'the navigation is printed');
      else ok(where, `text ${printed.text} on ${printed.paper}`);
      await page.close();
    } catch (error) {
      fail(where, error.message);
    }
    await context.close();
  }
} finally {
  await browser.close();
}

if (rightToLeft === 0) fail('all pages', 'no title, name or description in Arabic: is the test\'s event still there?');
console.log(`layout checks: ${checks.failures.size} problem(s) on ${paths.length} page(s), ${rightToLeft} Arabic text(s) right to left`);
process.exit(checks.failures.size === 0 ? 0 : 1);
