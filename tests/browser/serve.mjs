// Drives the page of `skalint serve` in headless Chromium as a rektor would: open it, choose a
// Word file, press "Granska", read the checklist. Runs axe-core on the form and the result
// page (any violation fails), once with JavaScript on (clicking) and once with it off (only
// the keyboard: Tab to the button, Enter), and checks that nothing is loaded from elsewhere,
// that the page breaks no rule of its Content-Security-Policy, and that it prints.
//
// Usage: node serve.mjs URL FILE EXPECTED.json OUT_DIR
// EXPECTED.json: { "rows": { "<requirement key>": "present" | "missing-error" | "missing-warning" } }
// Writes OUT_DIR/serve.png (the result page) and OUT_DIR/serve.pdf (printed), and prints one
// JSON line with what it saw; exits non-zero on the first failed check.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [url, file, expectedPath, outDir] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedPath, 'utf8')).rows;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exit(1); };
const origin = new URL(url).origin;

// A context in which axe can run on what a browser without JavaScript showed: JavaScript is
// on for axe, but the page's own script is blocked, and the page is the HTML that was shown.
let axeContext;

async function axe(page, what, javaScriptEnabled) {
  if (!javaScriptEnabled) {
    const html = await page.content();
    axeContext ??= await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const view = await axeContext.newPage();
    await view.route('**/skalint.js', (r) => r.abort());
    await view.route(`${origin}/axe-view`, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await view.goto(`${origin}/axe-view`, { waitUntil: 'load' });
    try {
      return await axe(view, what, true);
    } finally {
      await view.close();
    }
  }
  // Injected through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  if (result.violations.length) {
    const lines = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    fail(`axe on the ${what}:\n  ${lines.join('\n  ')}`);
  }
  return result.passes.length;
}

async function checklist(page) {
  return page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('li.krav')].map((li) => [li.dataset.krav, li.dataset.status])));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const seen = {};
try {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    const step = (s) => { if (process.env.DEBUG) console.error(`${mode}: ${s}`); };
    const external = [];
    const errors = [];
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) external.push(r.url()); });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));

    step('goto');
    await page.goto(url, { waitUntil: 'load' });
    step('axe form');
    if (await page.locator('html').getAttribute('lang') !== 'sv') fail('the page is not lang="sv"');
    const formPasses = await axe(page, `form page (${mode})`, javaScriptEnabled);
    await page.locator('#fil').setInputFiles(file);
    step('file set');
    if (javaScriptEnabled) {
      const chosen = await page.locator('.chosen').textContent();
      if (!chosen.includes(file.split('/').pop())) fail(`the chosen file is not shown: ${chosen}`);
      await Promise.all([
        page.waitForURL(/\/granska$/),
        page.getByRole('button', { name: 'Granska' }).click(),
      ]);
    } else {
      // Keyboard only: Tab from the file input to the button, then Enter.
      await page.locator('#fil').focus();
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.getAttribute('type') === 'submit');
      }
      if (!reached) fail('the Granska button cannot be reached with Tab');
      await Promise.all([page.waitForURL(/\/granska$/), page.keyboard.press('Enter')]);
    }
    step('submitted');
    await page.waitForSelector('h1#resultat');
    step('result');

    const rows = await checklist(page);
    for (const [key, status] of Object.entries(expected)) {
      if (rows[key] !== status) fail(`${mode}: ${key}: expected ${status}, saw ${rows[key]}`);
    }
    for (const key of Object.keys(rows)) {
      if (!(key in expected)) fail(`${mode}: unexpected row ${key}`);
    }
    // Every missing part shows the document's text, highlighted, and a link to the law.
    const missing = await page.locator('li.krav:not([data-status=present])').all();
    for (const li of missing) {
      if (await li.locator('mark').count() < 1) fail(`${mode}: a missing part without highlighted text`);
      if (await li.locator('.citation a[href^="https://"]').count() < 1) fail(`${mode}: a missing part without a citation link`);
      if (!(await li.innerText()).includes('Så rättar du')) fail(`${mode}: a missing part without help`);
    }
    const mark = page.locator('li.krav mark').first();
    if (!(await mark.isVisible())) fail(`${mode}: the highlighted text is not visible`);
    const background = await mark.evaluate((e) => getComputedStyle(e).backgroundColor);
    if (background === 'rgba(0, 0, 0, 0)') fail(`${mode}: the highlight has no background`);
    if (javaScriptEnabled) {
      const focused = await page.evaluate(() => document.activeElement?.id);
      if (focused !== 'resultat') fail(`the result heading does not get the focus (${focused})`);
    }
    const resultPasses = await axe(page, `result page (${mode})`, javaScriptEnabled);

    if (javaScriptEnabled) {
      await page.screenshot({ path: `${outDir}/serve.png` });
      await page.emulateMedia({ media: 'print' });
      if (await page.locator('section.again').isVisible()) fail('the form is printed');
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(`${outDir}/serve.pdf`, pdf);
      seen.pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      if (seen.pages < 1) fail('nothing printed');
    }
    if (external.length) fail(`${mode}: requests to elsewhere: ${external.join(', ')}`);
    if (errors.length) fail(`${mode}: console errors (CSP?): ${errors.join('; ')}`);
    seen[mode] = { rows: Object.keys(rows).length, missing: missing.length, axe: { form: formPasses, result: resultPasses } };
    await context.close();
  }
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
