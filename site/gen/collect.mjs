// Assembles the Antora component: site/docs (the hand-written pages), the reference pages and charts
// generated from the code, and the tagged source files the pages include (examples/, by their
// repository path). Usage: node gen/collect.mjs <repo> <out-dir>
import fs from 'node:fs'
import path from 'node:path'
import { benchmarksPage, charts } from './charts.mjs'
import { errorsPage } from './exceptions.mjs'
import { flagsPage } from './flags.mjs'
import { walk } from './lib.mjs'
import { metricsPage } from './metrics.mjs'
import { modulesSvg } from './modules-svg.mjs'
import { rotationSvg } from './sequence-svg.mjs'
import { propertiesPage } from './properties.mjs'
import { routesPage } from './routes.mjs'

const [repoArg, outArg] = process.argv.slice(2)
const repo = path.resolve(repoArg || '..')
const out = path.resolve(outArg || 'build/component')
const siteDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const root = path.join(out, 'modules', 'ROOT')

fs.rmSync(out, { recursive: true, force: true })
fs.cpSync(path.join(siteDir, 'docs'), out, { recursive: true })

// the project's version as {nativemesh-version}, for the dependency blocks pages show (a new
// project cannot use ${project.version}: that is its own version)
const version = /<artifactId>nativemesh-parent<\/artifactId>\s*<version>([^<]+)<\/version>/
  .exec(fs.readFileSync(path.join(repo, 'pom.xml'), 'utf8'))[1]
fs.appendFileSync(path.join(out, 'antora.yml'), `asciidoc:\n  attributes:\n    nativemesh-version: '${version}'\n`)

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), text)
}

// 1. code examples: every source file (and POM) with a tagged region, at its repository path
const TEXT = /\.(java|properties|ya?ml|xml|json|sh|hcl|kt)$/
let examples = 0
const byTag = new Map()
for (const rel of walk(repo, (p) => (TEXT.test(p) && /(^|\/)src\//.test(p)) || /(^|\/)pom\.xml$/.test(p))) {
  const text = fs.readFileSync(path.join(repo, rel), 'utf8')
  if (!/\btag::[\w-]+\[\]/.test(text)) continue
  write(path.join('examples', rel), text)
  examples++
  // each region also by its tag name alone (examples/by-tag/<tag>.txt), for pages whose sources
  // another module brings: they name the region, not the file; a tag used twice is an error
  const lines = text.split('\n')
  for (const m of text.matchAll(/\btag::([\w-]+)\[\]/g)) {
    const tag = m[1]
    const body = []
    let inside = 0
    for (const l of lines) {
      if (new RegExp(`\\btag::${tag}\\[\\]`).test(l)) { inside++; continue }
      if (new RegExp(`\\bend::${tag}\\[\\]`).test(l)) { inside--; continue }
      if (inside > 0 && !/\b(tag|end)::[\w-]+\[\]/.test(l)) body.push(l)
    }
    const file = path.join('examples', 'by-tag', `${tag}.txt`)
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length))
    const out = body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n'
    if (byTag.has(tag) && byTag.get(tag) !== rel) {
      // ambiguous: a page naming it fails on the missing include, which says which tag
      console.warn(`site: tag ${tag} is in ${byTag.get(tag)} and ${rel}; examples/by-tag/${tag}.txt left out`)
      fs.rmSync(path.join(root, file), { force: true })
      byTag.set(tag, null)
    } else if (!byTag.has(tag)) {
      write(file, out)
      byTag.set(tag, rel)
    }
  }
}

// 2. pages that need sources another branch brings (`:requires-sources: a, b`): when one is
// missing from this build, the page says so instead of failing on its includes
const pagesDir = path.join(root, 'pages')
const stubbed = []
for (const rel of walk(pagesDir, (p) => p.endsWith('.adoc'))) {
  const file = path.join(pagesDir, rel)
  const text = fs.readFileSync(file, 'utf8')
  const req = /^:requires-sources: (.*)$/m.exec(text)
  if (!req) continue
  const missing = req[1].split(',').map((s) => s.trim()).filter((p) => !fs.existsSync(path.join(repo, p)))
  if (missing.length === 0) continue
  const title = /^= .*$/m.exec(text)[0]
  const what = (/^:requires-what: (.*)$/m.exec(text) || [])[1] || 'the module this page describes'
  fs.writeFileSync(file, `${title}\n\nThis build of the documentation does not contain ${what}: ${missing.map((m) => `\`${m}\``).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the repository it was built from. The page is complete in builds that contain ${missing.length > 1 ? 'them' : 'it'}.\n\nMeanwhile, xref:getting-started/plain-java.adoc[Getting started: plain Java] works with any framework.\n`)
  stubbed.push(rel)
}

// 3. the reference, generated from the code
const routes = routesPage(repo)
write('pages/reference/http-api.adoc', routes.text)
const flags = flagsPage(repo)
write('pages/reference/command-line.adoc', flags.text)
const metrics = metricsPage(repo)
write('pages/reference/metrics.adoc', metrics.text)
const errors = errorsPage(repo)
write('pages/reference/errors.adoc', errors.text)
const props = propertiesPage(repo)
write('pages/reference/properties.adoc', props.text)

// the module layering picture, from the POMs
write(path.join('images', 'modules.svg'), modulesSvg(repo))
write(path.join('images', 'rotation-sequence.svg'), rotationSvg())

// 4. benchmark charts
const list = charts(repo)
for (const c of list) write(path.join('images', 'charts', c.file), c.svg)
write('pages/benchmarks.adoc', benchmarksPage(repo, list))

// what the browser test searches for and expects to see: a property and an error message
const property = (props.props.find((p) => p.name.startsWith('nativemesh.')) ?? props.props[0])?.name ?? props.env[0]?.name
const message = errors.messages.find((m) => /^No intention matches/.test(m.template)) ?? errors.messages[0]
fs.writeFileSync(path.join(out, '..', 'probes.json'), JSON.stringify({
  property,
  propertyPage: 'reference/properties.html',
  error: message.template.split('‹')[0].trim(),
  errorPage: 'reference/errors.html',
  charts: list.map((c) => `charts/${c.file}`),
  stubbed,
}, null, 2))

console.log(`site: ${examples} example sources, ${routes.routes.length} routes, ${flags.count} flags, ` +
  `${metrics.meters.length} metrics, ${errors.types.length} exception types, ${errors.messages.length} messages, ` +
  `${props.props.length} Spring properties, ${props.env.length} environment variables, ${list.length} charts` +
  (stubbed.length ? `; waiting for sources: ${stubbed.join(', ')}` : ''))
