// Fails when a page of the built site links to a file or an anchor that does not exist, or shows
// an image that does not exist. The Javadoc (api/) is checked as a link target, not crawled.
// Usage: node gen/check-links.mjs build/site
import fs from 'node:fs'
import path from 'node:path'

const siteDir = path.resolve(process.argv[2] || 'build/site')
const skipJavadoc = process.env.SITE_SKIP_JAVADOC === '1'
const pages = []
const walkHtml = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) { if (!(dir === siteDir && ['api', '_'].includes(e.name))) walkHtml(p) } else if (e.name.endsWith('.html')) pages.push(p)
  }
}
walkHtml(siteDir)
const ids = new Map()
const idsOf = (file) => {
  if (!ids.has(file)) ids.set(file, new Set([...fs.readFileSync(file, 'utf8').matchAll(/\bid="([^"]+)"/g)].map((m) => m[1])))
  return ids.get(file)
}
const broken = []
let checked = 0
for (const page of pages) {
  const html = fs.readFileSync(page, 'utf8')
  for (const m of html.matchAll(/\b(href|src|data)="([^"]*)"/g)) {
    const url = m[2].replace(/&amp;/g, '&')
    if (/^(https?:|mailto:|data:|javascript:)/.test(url) || url === '' || url.startsWith('{')) continue
    const [file, hash] = url.split('#')
    const target = file === '' ? page : path.resolve(path.dirname(page), decodeURIComponent(file.split('?')[0]))
    checked++
    if (skipJavadoc && path.relative(siteDir, target).startsWith('api')) continue
    let ok = fs.existsSync(target)
    const resolved = ok && fs.statSync(target).isDirectory() ? path.join(target, 'index.html') : target
    ok = ok && fs.existsSync(resolved)
    if (ok && hash && resolved.endsWith('.html') && !path.relative(siteDir, resolved).startsWith('api')) ok = idsOf(resolved).has(decodeURIComponent(hash))
    if (!ok) broken.push(`${path.relative(siteDir, page)}: ${m[1]}="${m[2]}"`)
  }
}
if (broken.length) {
  console.error(`site: ${broken.length} broken internal link(s):\n  ${broken.join('\n  ')}`)
  process.exit(1)
}
console.log(`site: ${pages.length} pages, ${checked} internal links and images, none broken`)
