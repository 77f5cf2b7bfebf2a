// The search page (/search/) as visitors use it, in headless Chromium under
// the site's own Content-Security-Policy: typing narrows the results, a
// shared address restores the form and the results, the page works with the
// keyboard alone, axe finds nothing at phone and desktop widths in light and
// dark, and without JavaScript the page still leads to every tag, group,
// venue and month page. A French site speaks French. A hostile title is
// shown as text.
//
// Driven by tests/browser_scripts.rs, which builds the sample calendar in English
// and in French, and the page fixture (with its hostile event), serves them
// and passes:
//   node tests/browser/search.mjs <english-base-url> <french-base-url> <fixture-base-url> <screenshot-folder>
//
// Results are checked against the site's other pages, not against the
// index the page reads: every event the tag, group, venue or month page
// lists is found, and every result's own page has the tag, group or venue.
//
// Prints one line per check and every problem; exits 1 when anything
// failed, 2 on a usage or launch error.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Checks, MODES, VIEWPORTS, launch, load, deadline, policyProblem } from './common.mjs';

const [base, frenchBase, hostileBase, shots] = process.argv.slice(2);
if (!base || !frenchBase || !hostileBase || !shots) {
  console.error('usage: search.mjs <english-base-url> <french-base-url> <fixture-base-url> <screenshot-folder>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
deadline(5);
const checks = new Checks([base, frenchBase, hostileBase].map((b) => new URL(b).origin));
const fail = (where, message) => checks.fail(where, message);
const ok = (where, message) => console.log(`ok   ${where}: ${message}`);
const at = (address, site = base) => new URL(address, site).href;

// Lowercase without accents, as a visitor expects a search to match.
const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// A page that fails on any CSP violation and any policy less strict than the site's.
async function strictPage(context, where) {
  const page = await checks.openPage(context, where);
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) fail(where, `CSP violation: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    const problem = policyProblem(response.headers()['content-security-policy']);
    if (problem) fail(where, problem);
  });
  return page;
}

async function results(page) {
  await page.waitForSelector('#search-results:not([hidden])');
  return page.$$eval('#search-list li.result', (items) => items.map((li) => {
    const link = li.querySelector('a');
    const time = li.querySelector('time');
    return {
      url: link.getAttribute('href'),
      title: link.textContent,
      datetime: time ? time.getAttribute('datetime') : null,
      date: time ? time.textContent : null,
      meta: li.querySelector('.meta').textContent,
    };
  }));
}

// The status line, once it says something other than "loading".
async function status(page) {
  await page.waitForFunction(() => {
    const line = document.getElementById('search-status');
    return line.textContent && line.textContent !== line.dataset.searching;
  });
  return page.textContent('#search-status');
}

// Whether the status line comes to say `text` (it waits for a pause in the typing).
async function statusSays(page, text) {
  return page.waitForFunction((t) => document.getElementById('search-status').textContent === t, text, { timeout: 20_000 })
    .then(() => true, () => false);
}

// The event pages a page of the site links to from its <main>, as paths.
// The event pages a page links to; with `day`, only from that day's cell
// of a month page.
async function eventLinks(page, address, day) {
  await load(page, address);
  const scope = day ? `td:has(time.daynum[datetime="${day}"])` : 'main';
  const links = await page.$$eval(`${scope} a[href*="/events/"]`, (as) => as.map((a) => new URL(a.href).pathname));
  return [...new Set(links.filter((p) => /\/events\/[^/]+\/$/.test(p)))].sort();
}

// Every event page of the site, from its sitemap.
async function allEvents(page) {
  const sitemap = await (await page.request.get(at('/sitemap.xml'))).text();
  return [...sitemap.matchAll(/<loc>[^<]*?(\/events\/[^/<]+\/)<\/loc>/g)].map((m) => m[1]);
}

function sameSet(where, found, expected, what) {
  const missing = expected.filter((e) => !found.includes(e));
  if (missing.length) fail(where, `${what}: not found: ${missing.join(', ')} (found ${found.join(', ')})`);
  else ok(where, `${what}: all ${expected.length} found`);
}

const browser = await launch();
try {
  // JavaScript on, the site's policy enforced.
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const helper = await checks.openPage(context, 'reading the site');

  // Typing narrows the results; accents and case do not matter.
  {
    const where = 'typing narrows the results';
    const page = await strictPage(context, where);
    await load(page, at('/search/'));
    const everything = await results(page);
    const events = await allEvents(helper);
    if (everything.length !== events.length) {
      fail(where, `with nothing typed, ${everything.length} results for ${events.length} events in the sitemap`);
    }
    await page.focus('#search-q');
    const counts = [everything.length];
    for (const letter of 'coderetreat') {
      await page.keyboard.type(letter);
      counts.push((await results(page)).length);
    }
    const found = await results(page);
    if (counts.some((n, i) => i > 0 && n > counts[i - 1])) fail(where, `a longer word found more: ${counts.join(' → ')}`);
    if (!(found.length > 0 && found.length < everything.length)) fail(where, `"coderetreat" found ${found.length} of ${everything.length}`);
    if (!found.some((r) => r.title === 'Global Day of Coderetreat 2026')) fail(where, `the Coderetreat is not found: ${JSON.stringify(found)}`);
    for (const r of found) {
      const text = await (await helper.request.get(at(r.url))).text();
      if (!fold(text).includes('coderetreat')) fail(where, `${r.url} does not mention "coderetreat"`);
    }
    const search = await page.evaluate(() => window.location.search);
    if (search !== '?q=coderetreat') fail(where, `the address keeps the search as ${JSON.stringify(search)}`);
    const count = found.length === 1 ? '1 event' : `${found.length} events`;
    if (!(await statusSays(page, count))) fail(where, `the status says "${await page.textContent('#search-status')}", not "${count}"`);
    await page.fill('#search-q', 'ECRIRE le');
    const accents = await results(page);
    if (!accents.some((r) => r.title === 'Écrire le Web 2027')) fail(where, `"ECRIRE le" does not find "Écrire le Web 2027"`);
    await page.fill('#search-q', 'no-such-word-anywhere');
    if ((await results(page)).length !== 0 || !(await page.isVisible('#search-list .none'))) {
      fail(where, 'a word in no event does not say that nothing matches');
    }
    ok(where, `results ${counts.join(' → ')} while typing "coderetreat"`);
    await page.close();
  }

  // A shared address restores the form and the results; each filter finds
  // what the tag, group, venue and month pages list.
  {
    const where = 'a shared address';
    const page = await strictPage(context, where);
    await load(page, at('/search/?q=talks&tag=talks'));
    const values = await page.evaluate(() => [document.getElementById('search-q').value, document.getElementById('search-tag').value]);
    if (values.join('|') !== 'talks|talks') fail(where, `the form shows ${JSON.stringify(values)}, not talks and talks`);
    const shared = await results(page);
    if (!(await statusSays(page, `${shared.length} events`))) fail(where, `the status says "${await page.textContent('#search-status')}" for ${shared.length} results`);
    sameSet(where, shared.map((r) => r.url), await eventLinks(helper, at('/tags/talks/')), '?q=talks&tag=talks against /tags/talks/');

    // The same search typed gives the same address and the same results.
    await load(page, at('/search/'));
    await results(page);
    await page.fill('#search-q', 'talks');
    await page.selectOption('#search-tag', 'talks');
    const typed = await results(page);
    const search = await page.evaluate(() => window.location.search);
    if (search !== '?q=talks&tag=talks') fail(where, `typing the search gives the address ${search}`);
    if (JSON.stringify(typed) !== JSON.stringify(shared)) fail(where, `typed and shared results differ:\n${JSON.stringify(typed)}\n${JSON.stringify(shared)}`);
    await page.reload();
    if (JSON.stringify(await results(page)) !== JSON.stringify(shared)) fail(where, 'a reload changes the results');

    for (const [query, listing, link] of [
      ['group=xp-paris', '/groups/xp-paris/', '/groups/xp-paris/'],
      ['venue=lumen-studio', '/venues/lumen-studio/', '/venues/lumen-studio/'],
      ['tag=coworking', '/tags/coworking/', '/tags/coworking/'],
    ]) {
      await load(page, at(`/search/?${query}`));
      const found = await results(page);
      sameSet(where, found.map((r) => r.url), await eventLinks(helper, at(listing)), `?${query} against ${listing}`);
      for (const r of found) {
        const html = await (await helper.request.get(at(r.url))).text();
        if (!html.includes(`href="${link}"`)) fail(where, `?${query} finds ${r.url}, which does not link to ${link}`);
      }
    }

    await load(page, at('/search/?from=2027-01-01&to=2027-01-31'));
    const dates = await page.evaluate(() => [document.getElementById('search-from').value, document.getElementById('search-to').value]);
    if (dates.join(' ') !== '2027-01-01 2027-01-31') fail(where, `the date fields show ${dates}`);
    const january = await results(page);
    sameSet(where, january.map((r) => r.url), await eventLinks(helper, at('/calendar/2027/01/')), 'January 2027 against its month page');
    for (const r of january) {
      if (!(r.datetime >= '2027-01-01' && r.datetime <= '2027-01-31')) fail(where, `${r.url} is listed with ${r.datetime}, outside January 2027`);
    }

    // An event of several days is found by any of its days, listed by its first.
    await load(page, at('/search/?from=2027-03-19&to=2027-03-19'));
    const secondDay = await results(page);
    if (!secondDay.some((r) => r.title === 'Écrire le Web 2027' && r.datetime === '2027-03-18')) {
      fail(where, `19 March 2027 does not find the second day of Écrire le Web 2027: ${JSON.stringify(secondDay)}`);
    }
    sameSet(where, secondDay.map((r) => r.url), await eventLinks(helper, at('/calendar/2027/03/'), '2027-03-19'), '19 March 2027 against its day in the month page');

    await load(page, at('/search/?mode=online'));
    const online = await results(page);
    if (online.length === 0 || online.some((r) => !/online/i.test(r.meta))) fail(where, `?mode=online: ${JSON.stringify(online)}`);
    await load(page, at('/search/?mode=in-person'));
    const inPerson = (await results(page)).map((r) => r.title);
    if (inPerson.some((t) => t.startsWith('Montréal')) || !inPerson.includes('Global Day of Coderetreat 2026')) {
      fail(where, `?mode=in-person finds ${inPerson.join(', ')}`);
    }
    ok(where, 'restores the form, and each filter finds what the site lists');
    await page.close();
  }

  // The keyboard alone: Tab to the box, type, Tab to a result, Enter.
  {
    const where = 'keyboard only';
    const page = await strictPage(context, where);
    await load(page, at('/search/'));
    await results(page);
    const active = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = el ? getComputedStyle(el) : null;
      return {
        id: el && el.id,
        inResults: Boolean(el && el.closest('#search-list') && el.localName === 'a'),
        href: el && el.getAttribute('href'),
        text: el && el.textContent,
        outline: style ? style.outlineStyle : 'none',
      };
    });
    let tabs = 0;
    while ((await active()).id !== 'search-q' && tabs < 30) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    if ((await active()).id !== 'search-q') fail(where, `the search box is not reached in ${tabs} Tab presses`);
    await page.keyboard.type('coderetreat');
    let more = 0;
    while (!(await active()).inResults && more < 40) {
      await page.keyboard.press('Tab');
      more += 1;
    }
    const link = await active();
    if (!link.inResults) {
      fail(where, `no result is reached in ${more} Tab presses after the box`);
    } else {
      if (link.outline === 'none') fail(where, 'the focused result shows no outline');
      await Promise.all([page.waitForURL(at(link.href)), page.keyboard.press('Enter')]);
      const heading = (await page.textContent('main h1')).trim();
      if (heading !== link.text.trim()) fail(where, `Enter opened a page titled "${heading}" for "${link.text}"`);
      else ok(where, `${tabs} Tab to the box, ${more} more to "${link.text}", Enter opens ${link.href}`);
    }
    await page.close();
  }
  await context.close();

  // axe, with results on the page, at each width and in each scheme.
  for (const [label, viewport, options, shot] of MODES) {
    // axe is injected as a script, which the site's own policy forbids.
    const axeContext = await browser.newContext({ viewport, bypassCSP: true, ...options });
    for (const [name, address] of [['search-results', '/search/?q=talks'], ['search-none', '/search/?q=no-such-word']]) {
      const where = `${name} ${address} (${label} ${viewport.width}x${viewport.height})`;
      try {
        const page = await checks.openPage(axeContext, where);
        await load(page, at(address));
        await results(page);
        await status(page);
        const count = await checks.runAxe(page, where);
        await checks.checkReflow(page, where);
        if (shot) await page.screenshot({ path: path.join(shots, `${name}-${shot}.png`), fullPage: true });
        console.log(`${count === 0 ? 'ok  ' : 'FAIL'} axe ${where}: ${count} violation(s)`);
        await page.close();
      } catch (error) {
        fail(where, error.message);
      }
    }
    await axeContext.close();
  }

  // Without JavaScript: the filters' choices are links, each page they lead
  // to exists, and sending the form lands on the same links.
  {
    const where = 'JavaScript off';
    const noJs = await browser.newContext({ viewport: VIEWPORTS.phone, javaScriptEnabled: false });
    const page = await checks.openPage(noJs, where);
    await load(page, at('/search/'));
    if (!(await page.isVisible('main .note >> text=JavaScript'))) fail(where, 'no note says that results need JavaScript');
    if (await page.isVisible('#search-results')) fail(where, 'an empty results section is shown');
    const links = await page.$$eval('main .browse a', (as) => as.map((a) => new URL(a.href).pathname));
    for (const [select, folder] of [['#search-tag', '/tags/'], ['#search-group', '/groups/'], ['#search-venue', '/venues/']]) {
      const values = await page.$$eval(`${select} option`, (os) => os.map((o) => o.value).filter(Boolean));
      if (values.length === 0) fail(where, `${select} has no choices`);
      for (const value of values) {
        if (!links.includes(`${folder}${value}/`)) fail(where, `the choice ${value} of ${select} is not a link to ${folder}${value}/`);
      }
    }
    const months = links.filter((l) => /^\/calendar\/\d{4}\/\d{2}\/$/.test(l));
    if (months.length === 0) fail(where, 'no link to a month page');
    const visit = ['/tags/', '/groups/', '/venues/', '/calendar/'].map((f) => links.find((l) => l.startsWith(f)));
    await page.fill('#search-q', 'talks');
    await Promise.all([page.waitForURL(/\/search\/\?q=talks/), page.click('main form button[type=submit]')]);
    if ((await page.$$('main .browse a')).length !== links.length) fail(where, 'the sent form lands on a page without the links');
    for (const address of visit.filter(Boolean)) {
      await load(page, at(address));
      if (!(await page.isVisible('main h1'))) fail(where, `${address} shows no heading`);
    }
    // Results are plain links: the event pages work without JavaScript.
    const event = (await allEvents(page))[0];
    await load(page, at(event));
    if (!(await page.isVisible('main h1'))) fail(where, `${event} shows no heading`);
    ok(where, `${links.length} links (${months.length} months); the form lands on them; ${visit.filter(Boolean).join(', ')} exist`);
    await noJs.close();
  }

  // A French site: the page's words and the dates of its results are French.
  {
    const where = 'a French site';
    const frContext = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await strictPage(frContext, where);
    await load(page, at('/search/?q=ecrire', frenchBase));
    const found = await results(page);
    if (!(await statusSays(page, '1 événement'))) fail(where, `the status says ${JSON.stringify(await page.textContent('#search-status'))}`);
    const words = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      h1: document.querySelector('main h1').textContent,
      label: document.querySelector('label[for=search-q]').textContent,
      nav: document.querySelector('nav a[aria-current=page]').textContent,
      button: document.querySelector('main form button').textContent,
      upcoming: (document.querySelector('#search-list h3') || {}).textContent,
      main: document.querySelector('main').innerText,
    }));
    const expected = {
      lang: 'fr', h1: 'Recherche', label: 'Titre, lieu, groupe, thème ou description', nav: 'Recherche',
      button: 'Rechercher', upcoming: 'Événements à venir',
    };
    for (const [key, value] of Object.entries(expected)) {
      if (words[key] !== value) fail(where, `${key} is ${JSON.stringify(words[key])}, not ${JSON.stringify(value)}`);
    }
    const frenchDate = /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (1er|[12]?\d|3[01]) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/;
    if (found.length !== 1 || !frenchDate.test(found[0].date)) fail(where, `results: ${JSON.stringify(found)}`);
    for (const english of ['Search', 'Upcoming', 'Results', 'All tags', 'Either', 'In person', 'Until', 'Browse', 'Months']) {
      if (words.main.includes(english)) fail(where, `the page says "${english}"`);
    }
    // The first of a month is "1er" in French, as on the site's pages.
    await load(page, at('/search/?q=coffee&from=2027-04-01&to=2027-04-01', frenchBase));
    const first = (await results(page)).map((r) => r.date);
    if (first.join() !== 'jeudi 1er avril 2027') fail(where, `the Open Coffee Club of 1 April 2027 is listed as ${first}`);
    ok(where, `"${words.h1}", ${found.map((r) => r.date).join(', ')}, ${first}`);
    await frContext.close();
  }

  // A title made of markup is shown as text: nothing of it runs or loads.
  {
    const where = 'a hostile title';
    const hostileContext = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await strictPage(hostileContext, where);
    page.on('dialog', (dialog) => {
      fail(where, `a script ran: ${dialog.message()}`);
      return dialog.dismiss();
    });
    // One date of the fixture's weekly coffee moved to La Cantine: the
    // venue filter finds it on that date, and says where.
    await load(page, at('/search/?venue=la-cantine', hostileBase));
    const moved = (await results(page)).filter((r) => r.title === 'Coffee');
    if (moved.length !== 1 || moved[0].datetime !== '2027-01-15' || !moved[0].meta.includes('La Cantine')) {
      fail(where, `?venue=la-cantine lists the coffee as ${JSON.stringify(moved)}, not on 15 January at La Cantine`);
    } else ok(where, 'a date moved to another venue is found by that venue');

    await load(page, at('/search/?q=script', hostileBase));
    const found = await results(page);
    const title = "<script>alert('title')</script><img src=x onerror=alert(1)>";
    if (!found.some((r) => r.title === title)) fail(where, `not shown as text: ${JSON.stringify(found)}`);
    const made = await page.$$eval('#search-list *', (els) => [...new Set(els.map((e) => e.localName))].sort());
    const allowed = ['a', 'bdi', 'del', 'h3', 'li', 'p', 'section', 'strong', 'time', 'ul'];
    const unexpected = made.filter((name) => !allowed.includes(name));
    if (unexpected.length) fail(where, `the results hold ${unexpected.join(', ')}`);
    else ok(where, `shown as text, the results made of ${made.join(', ')} only`);
    await hostileContext.close();
  }
} catch (error) {
  fail('search page', error.stack || error.message);
} finally {
  await browser.close();
}

console.log(`search checks: ${checks.failures.size} problem(s); screenshots in ${path.resolve(shots)}`);
process.exit(checks.failures.size === 0 ? 0 : 1);
