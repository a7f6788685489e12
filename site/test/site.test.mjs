// The built site in a real browser: Debian's chromium, headless, driven by puppeteer-core (no
// browser is downloaded). Run after `bash build.sh`: `npm test` (CHROMIUM overrides /usr/bin/chromium).
// Checks: every page loads with no console error, no page error and no failed request; following
// the navigation from the start page reaches every page; search finds a property name and an error
// message; every chart (and diagram) renders.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, test } from 'node:test'
import puppeteer from 'puppeteer-core'

const siteDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'build', 'site')
const probes = JSON.parse(fs.readFileSync(path.join(siteDir, '..', 'probes.json'), 'utf8'))
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' }

let server
let base
let browser

before(async () => {
  assert.ok(fs.existsSync(path.join(siteDir, 'index.html')), `no site at ${siteDir}: run bash build.sh first`)
  server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname)
    let file = path.join(siteDir, url)
    if (!file.startsWith(siteDir)) { res.writeHead(403).end(); return }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html')
    if (!fs.existsSync(file)) { res.writeHead(404).end('not found'); return }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  })
})

after(async () => {
  await browser?.close()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()))
})

/** Opens a page and collects what went wrong while it loaded. */
async function open (url) {
  const page = await browser.newPage()
  const problems = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`) })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`))
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`) })
  await page.goto(url, { waitUntil: 'load' })
  return { page, problems }
}

function allPages () {
  const out = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) { if (!['api', '_'].includes(e.name)) walk(p) } else if (e.name.endsWith('.html') && e.name !== '404.html') out.push('/' + path.relative(siteDir, p))
    }
  }
  walk(siteDir)
  return out.filter((p) => p !== '/index.html').sort()
}

test('the navigation reaches every page, and every page loads without an error', async () => {
  const expected = allPages()
  assert.ok(expected.length >= 25, `only ${expected.length} pages`)
  const seen = new Set()
  const queue = [`${base}/index.html`]
  const problems = []
  while (queue.length) {
    const url = queue.shift()
    const { page, problems: p } = await open(url)
    problems.push(...p.map((x) => `${url}: ${x}`))
    const links = await page.$$eval('nav.nav a.nav-link', (as) => as.map((a) => a.href))
    const title = await page.$eval('h1', (h) => h.textContent).catch(() => '')
    assert.ok(title.trim(), `${url} has no title`)
    await page.close()
    for (const l of links) {
      const u = new URL(l)
      if (u.origin !== base) continue
      const key = u.pathname
      if (!seen.has(key)) { seen.add(key); queue.push(`${base}${key}`) }
    }
  }
  assert.deepEqual(problems, [])
  // the Javadoc the site links to (absent only when the build skipped it: SITE_SKIP_JAVADOC=1)
  if (fs.existsSync(path.join(siteDir, 'api', 'index.html'))) {
    const { page } = await open(`${base}/api/index.html`)
    const title = await page.title()
    await page.close()
    assert.match(title, /Overview|NativeMesh|API/i, `the Javadoc index's title: ${title}`)
  } else {
    assert.equal(process.env.SITE_SKIP_JAVADOC, '1', 'no Javadoc in the site (build/site/api)')
  }
  const missing = expected.filter((p) => !seen.has(p))
  assert.deepEqual(missing, [], `pages the navigation does not reach: ${missing.join(', ')}`)
  console.log(`site test: ${seen.size} pages reached through the navigation, no console error`)
})

async function search (term) {
  const { page, problems } = await open(`${base}/nativemesh/index.html`)
  await page.waitForSelector('#search-input:not([disabled])', { timeout: 10000 })
  await page.type('#search-input', term)
  await page.waitForSelector('.search-result-dropdown-menu .search-result-item a, .search-result-dropdown-menu .search-result-document-hit a', { timeout: 10000 })
  const hits = await page.$$eval('.search-result-dropdown-menu a', (as) => as.map((a) => a.getAttribute('href')))
  await page.close()
  assert.deepEqual(problems, [])
  return hits
}

test('search finds a configuration property', async () => {
  assert.ok(probes.property, 'no property to search for')
  const hits = await search(probes.property)
  assert.ok(hits.some((h) => h.includes(probes.propertyPage)), `searching ${probes.property}: ${hits.join(', ')}`)
})

test('search finds an error message', async () => {
  assert.ok(probes.error, 'no message to search for')
  const hits = await search(probes.error)
  assert.ok(hits.some((h) => h.includes(probes.errorPage) || h.includes('troubleshooting')), `searching "${probes.error}": ${hits.join(', ')}`)
})

test('every benchmark chart and diagram renders', async () => {
  assert.ok(probes.charts.length > 0, 'no chart')
  const { page, problems } = await open(`${base}/nativemesh/benchmarks.html`)
  const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, w: i.getBoundingClientRect().width })))
  await page.close()
  assert.deepEqual(problems, [])
  for (const c of probes.charts) {
    const img = images.find((i) => i.src.endsWith(c))
    assert.ok(img, `chart ${c} not on the page`)
    assert.ok(img.ok && img.w > 100, `chart ${c} did not render: ${JSON.stringify(img)}`)
  }
  for (const p of ['concepts/rotation.html', 'concepts/modules.html']) {
    const { page: q, problems: pr } = await open(`${base}/nativemesh/${p}`)
    const ok = await q.$$eval('img', (imgs) => imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0))
    await q.close()
    assert.deepEqual(pr, [])
    assert.ok(ok, `the diagram on ${p} did not render`)
  }
  console.log(`site test: ${probes.charts.length} charts and 2 diagrams rendered`)
})
