// Drives Debian's chromium (headless, through puppeteer-core; no downloaded browser) against the
// companion server's web UI. Run by UiBrowserIT with NM_URL (the server), NM_TOKEN (a management
// token) and CHROMIUM (the browser). Prints "step: ..." lines and exits non-zero on the first
// failed expectation, console error or page error.
import puppeteer from 'puppeteer-core';

const base = process.env.NM_URL;
const token = process.env.NM_TOKEN;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const errors = [];
let phase = 'anonymous';
let page;

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function open(hash, n) {
  await page.goto(`${base}/ui?load=${n}${hash}`, { waitUntil: 'domcontentloaded' });
}

async function text(sel) {
  await page.waitForSelector(sel, { timeout: 15000 });
  return page.$eval(sel, e => e.textContent);
}

try {
  page = await browser.newPage();
  page.on('console', m => {
    if (m.type() !== 'error') return;
    const t = m.text();
    // the browser logs every 403 a fetch receives; anonymous pages are expected to get them
    if (phase === 'anonymous' && t.includes('status of 403')) return;
    errors.push(`${phase}: console error: ${t}`);
  });
  page.on('pageerror', e => errors.push(`${phase}: page error: ${e.message}`));

  // 1. ACLs on, no token: every page is a 403 page
  let n = 0;
  for (const h of ['#/services', '#/intentions', '#/ca', '#/kv/']) {
    await open(h, n++);
    const t = await text('#forbidden');
    check(t.includes('403 Permission denied'), `${h}: no 403 page: ${t}`);
    check((await text('#mode')) === 'read-only', `${h}: not read-only`);
    console.log(`step: anonymous ${h} shows the 403 page`);
  }

  // 2. a token unlocks
  await open('#/services', n++);
  await page.waitForSelector('#forbidden');
  phase = 'token';
  await page.type('#token', token);
  await page.click('#token-use');
  await page.waitForFunction(() => document.querySelector('#mode').textContent === 'token set: writable');
  const row = await text('#services-table tr[data-instance="api-1"]');
  check(row.includes('Connect-native') && row.includes('passing'), `api-1 row: ${row}`);
  const bad = await text('#services-table tr[data-instance="billing-1"]');
  check(bad.includes('critical') && bad.includes('disk full'), `billing-1 row: ${bad}`);
  console.log('step: services page lists instances with checks and Connect status');

  // 3. the intention matrix, and an intention created in the UI
  await open('#/intentions', n++);
  const cell = 'td[data-source="web"][data-destination="api"]';
  // a registered service's row: clicking a cell fills the editor
  // the matrix arrives by a fetch after the page loads: wait for it (click does not)
  await page.waitForSelector('td[data-source="billing"][data-destination="api"].deny', { timeout: 15000 });
  await page.click('td[data-source="billing"][data-destination="api"].deny');
  check((await page.$eval('#i-source', e => e.value)) === 'billing', 'clicking a cell fills the source');
  check((await page.$eval('#i-destination', e => e.value)) === 'api', 'clicking a cell fills the destination');
  // web only dials (not registered): no row yet; the intention created here adds it
  check((await page.$(cell)) === null, 'web has no row before an intention names it');
  await page.$eval('#i-source', e => { e.value = ''; });
  await page.type('#i-source', 'web');
  await page.select('#i-action', 'allow');
  await page.click('#i-save');
  await page.waitForSelector(`${cell}.allow`, { timeout: 15000 }); // arrives by the blocking query
  const rule = await text(cell);
  check(rule.includes('web → api (allow, precedence 9)'), `deciding rule: ${rule}`);
  console.log('step: intention-created web -> api allow, matrix updated live');

  // 4. the CA page
  await open('#/ca', n++);
  check((await text('#roots-table')).includes('active'), 'no active root');
  await page.waitForFunction(() => (document.querySelector('#leaves-table') || {}).textContent?.includes('api'), { timeout: 15000 });
  console.log('step: CA page shows roots and recent leaves');
  // warnings per instance, by the leaf each instance reports: the stale one still serves its leaf
  // of the previous root, the other renewed after the root rotation and gets none
  const stale = process.env.NM_STALE_INSTANCE, fresh = process.env.NM_FRESH_INSTANCE;
  await page.waitForFunction(id => {
    const w = document.querySelector(`#warnings .warn[data-instance="${id}"]`);
    return w && w.textContent.includes('from a previous root');
  }, { timeout: 30000 }, stale);
  await page.waitForFunction(id => {
    const r = document.querySelector(`#instance-leaves-table tr[data-instance="${id}"]`);
    return r && !r.classList.contains('warn-row') && r.textContent.includes('ok');
  }, { timeout: 30000 }, fresh);
  check((await page.$(`#warnings .warn[data-instance="${fresh}"]`)) === null, `${fresh} has a warning`);
  // the serial as the row shows it ("leaf 01 valid until ..."): a bare "01" would also match the
  // seconds of the validity instant
  const oldLeaf = `leaf ${process.env.NM_OLD_SERIAL.toLowerCase()} `;
  const staleRow = await text(`#instance-leaves-table tr[data-instance="${stale}"]`);
  check(staleRow.includes(oldLeaf), `${stale} row: ${staleRow}`);
  const freshRow = await text(`#instance-leaves-table tr[data-instance="${fresh}"]`);
  check(!freshRow.includes(oldLeaf), `${fresh} still reports the old leaf: ${freshRow}`);
  console.log(`step: CA page warns for instance ${stale} (leaf from a previous root), not for ${fresh}`);

  // 5. KV with check-and-set
  await open('#/kv/', n++);
  const key = '#kv-table tr[data-key="config/greeting"]';
  check((await text(key)).includes('hello'), 'config/greeting should read hello');
  await page.click(key);
  await page.$eval('#kv-value', e => { e.value = 'hello from the UI'; });
  await page.click('#kv-save');
  await page.waitForFunction(() => document.querySelector('#kv-status').textContent.startsWith('saved'));
  await page.waitForFunction(k => document.querySelector(k).textContent.includes('hello from the UI'), {}, key);
  // a conflicting write behind the editor's back: the CAS save is refused
  await page.click(key);
  await page.evaluate(async t => {
    await fetch('/v1/kv/config/greeting', { method: 'PUT', headers: { 'X-Consul-Token': t }, body: 'changed elsewhere' });
  }, token);
  await page.$eval('#kv-value', e => { e.value = 'stale edit'; });
  await page.click('#kv-save');
  await page.waitForFunction(() => document.querySelector('#kv-status').textContent.startsWith('CAS conflict'));
  console.log('step: KV edit with CAS saved, a stale edit refused');

  check(errors.length === 0, 'browser errors:\n' + errors.join('\n'));
  console.log('step: no console errors');
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error('FAILED: ' + e.message);
  if (errors.length) console.error(errors.join('\n'));
  try { console.error((await page.content()).slice(0, 4000)); } catch (ignored) { /* page gone */ }
  await browser.close();
  process.exit(1);
}
