// The metrics reference: every Micrometer meter the production sources register (Counter, Gauge,
// Timer, DistributionSummary, LongTaskTimer builders and MeterRegistry shortcuts), with its type,
// unit, tags, description and the class that registers it.
import fs from 'node:fs'
import path from 'node:path'
import { balanced, cell, code, javadocBefore, mainJavaSources, moduleOf, splitArgs, stripComments } from './lib.mjs'

const BUILDER = /\b(Counter|Gauge|Timer|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)\.builder\(\s*"([^"]+)"/g
// registry.counter("name", …) and the like, or a local helper of the same name: gauge("name", …)
const SHORTCUT = /(?:\b\w+\.|(?<![.\w]))(counter|gauge|timer|summary|more\(\)\.\w+)\(\s*"([^"]+)"/g
const DEFAULT_UNIT = {
  Counter: 'events (a count)',
  FunctionCounter: 'events (a count)',
  Timer: 'seconds (count, sum, max)',
  FunctionTimer: 'seconds (count, sum)',
  LongTaskTimer: 'seconds (active tasks, duration)',
  TimeGauge: 'seconds',
  Gauge: 'a value',
  DistributionSummary: 'a distribution (count, sum, max)',
}

/** The Javadoc of a method named `name` in any source (an interface documents what its meter counts). */
function methodDoc (repo, sources, name) {
  for (const rel of sources) {
    const src = fs.readFileSync(path.join(repo, rel), 'utf8')
    const m = new RegExp(`\\n\\s*(?:default |public |abstract )*void ${name}\\(`).exec(src)
    if (m) {
      const doc = javadocBefore(src, m.index + 1)
      if (doc) return doc
    }
  }
  return ''
}

export function readMetrics (repo) {
  const meters = new Map()
  const sources = mainJavaSources(repo)
  for (const rel of sources) {
    const raw = fs.readFileSync(path.join(repo, rel), 'utf8')
    if (!raw.includes('io.micrometer')) continue
    const src = stripComments(raw)
    const add = (type, name, chain, extraTags, at) => {
      const enclosing = [...src.slice(0, at).matchAll(/\bvoid (\w+)\(/g)].pop()
      const unit = (/\.baseUnit\(\s*(?:BaseUnits\.(\w+)|"([^"]*)")/.exec(chain) || [])
      const desc = (/\.description\(\s*"((?:\\.|[^"\\])*)"/.exec(chain) || [])[1]
      const tags = [...chain.matchAll(/\.tag\(\s*"([^"]+)"/g)].map((t) => t[1]).concat(extraTags)
      const key = name
      const prev = meters.get(key)
      const m = prev || { name, type, unit: unit[2] ?? unit[1]?.toLowerCase() ?? DEFAULT_UNIT[type] ?? '', tags: [], description: desc || (enclosing ? methodDoc(repo, sources, enclosing[1]) : ''), sources: [] }
      for (const t of tags) if (!m.tags.includes(t)) m.tags.push(t)
      if (!m.sources.includes(rel)) m.sources.push(rel)
      meters.set(key, m)
    }
    for (let m; (m = BUILDER.exec(src));) {
      const end = src.indexOf(';', m.index)
      add(m[1], m[2], src.slice(m.index, end), [], m.index)
    }
    for (let m; (m = SHORTCUT.exec(src));) {
      const args = splitArgs(balanced(src, m.index + m[0].indexOf('(')))
      const tags = args.slice(1).filter((_, i) => i % 2 === 0).map((a) => (/^"([^"]+)"$/.exec(a) || [])[1]).filter(Boolean)
      const type = { counter: 'Counter', gauge: 'Gauge', timer: 'Timer', summary: 'DistributionSummary' }[m[1]] || 'Gauge'
      add(type, m[2], '', tags, m.index)
    }
  }
  return [...meters.values()].sort((a, b) => a.name.localeCompare(b.name))
}

export function metricsPage (repo) {
  const meters = readMetrics(repo)
  if (meters.length === 0) throw new Error('metrics: no Micrometer meter found in the sources')
  const lines = [
    '= Metrics',
    ':page-role: reference',
    '',
    `The ${meters.length} meters NativeMesh registers, read from the sources each time the site is built. Names are`,
    'Micrometer\'s dotted names; a Prometheus registry shows them with underscores and a unit suffix',
    '(`nativemesh.leaf.renewals` becomes `nativemesh_leaf_renewals_total`). How to turn them on:',
    'xref:how-to/metrics.adoc[Metrics and dashboards].',
    '',
    '[cols="3,1,2,2,4",options="header"]',
    '|===',
    '|name |type |unit |tags |meaning (registered by)',
  ]
  for (const m of meters) {
    const by = m.sources.map((s) => `${moduleOf(s)}: ${path.basename(s, '.java')}`).join(', ')
    lines.push(`|${code(m.name)} |${m.type} |${m.unit} |${m.tags.map(code).join(', ') || '—'} |${cell((m.description ? m.description + ' ' : '') + '(' + by + ')')}`)
  }
  lines.push('|===', '')
  return { text: lines.join('\n'), meters }
}
