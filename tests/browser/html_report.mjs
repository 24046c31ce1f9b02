// Opens a skalint HTML report in headless Chromium and checks that it renders offline, that
// the summary matrix shows the expected cells, and that it prints to PDF.
//
// Usage: node html_report.mjs REPORT.html EXPECTED.json OUT_DIR
// EXPECTED.json: { "rows": { "<document name>": { "<requirement key>": "<cell class>" } } }
// Prints one JSON line with what it saw; exits non-zero on the first failed check.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [report, expectedPath, outDir] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exit(1); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const external = [];
  const errors = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) external.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

  if (external.length) fail(`the report loads network resources: ${external.join(', ')}`);
  if (errors.length) fail(`console errors: ${errors.join('; ')}`);
  if ((await page.title()).indexOf('Granskning') < 0) fail(`unexpected title ${await page.title()}`);

  const table = page.locator('table.matrix');
  if (!(await table.isVisible())) fail('the matrix is not visible');
  const box = await table.boundingBox();
  if (!box || box.width < 200 || box.height < 50) fail(`the matrix has no size: ${JSON.stringify(box)}`);

  // Read the matrix as a user sees it: column keys from the header, cells per row.
  const seen = await page.evaluate(() => {
    const keys = [...document.querySelectorAll('table.matrix thead th .colname')].map((e) => e.textContent.trim());
    const rows = {};
    for (const tr of document.querySelectorAll('table.matrix tbody tr')) {
      const name = tr.querySelector('th').textContent.trim();
      const cells = [...tr.querySelectorAll('td')];
      rows[name] = Object.fromEntries(cells.map((td, i) => [keys[i], {
        cell: td.dataset.cell,
        text: td.textContent.trim(),
        background: getComputedStyle(td).backgroundColor,
      }]));
    }
    const marks = document.querySelectorAll('section.document mark').length;
    return { keys, rows, marks };
  });
  for (const [name, cells] of Object.entries(expected.rows)) {
    const row = seen.rows[name];
    if (!row) fail(`no row for ${name}; rows: ${Object.keys(seen.rows).join(', ')}`);
    for (const [key, cell] of Object.entries(cells)) {
      if (!row[key]) fail(`${name}: no column ${key}`);
      if (row[key].cell !== cell) fail(`${name} / ${key}: expected ${cell}, saw ${row[key].cell}`);
    }
  }
  // A missing part must stand out by more than a symbol: its cell has a coloured background.
  for (const [name, row] of Object.entries(seen.rows)) {
    for (const [key, c] of Object.entries(row)) {
      const coloured = c.background !== 'rgba(0, 0, 0, 0)';
      if ((c.cell === 'missing-error' || c.cell === 'missing-warning') !== coloured) {
        fail(`${name} / ${key}: ${c.cell} with background ${c.background}`);
      }
    }
  }
  if (seen.marks < 1) fail('no highlighted excerpt in the documents');

  await page.screenshot({ path: `${outDir}/report.png`, fullPage: false });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(`${outDir}/report.pdf`, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (pages < 2) fail(`the printed report has ${pages} pages`);
  console.log(JSON.stringify({ rows: Object.keys(seen.rows).length, columns: seen.keys.length, marks: seen.marks, pages }));
} finally {
  await browser.close();
}
