// The errors reference: every exception type the production sources declare (with its Javadoc),
// and every message a typed exception, an HTTP error (the server's 4xx reasons) or an intention
// decision is built with, as a template (‹…› marks a value filled in at run time).
import fs from 'node:fs'
import path from 'node:path'
import { balanced, cell, code, javadocBefore, mainJavaSources, messageTemplate, moduleOf, splitArgs, stripComments } from './lib.mjs'

const DECLARED = /\b(public\s+)?(?:final\s+|abstract\s+|static\s+)*class\s+(\w+)\s+extends\s+([\w.]+(?:Exception|Error))\b/g
const THROWN = /\bnew\s+([\w.]*(?:Exception|Error|Decision|Readiness))\s*\(|\bHttpError\.(\w+)\s*\(|\b(super)\s*\(/g

export function readErrors (repo) {
  const types = []
  const messages = new Map()
  for (const rel of mainJavaSources(repo)) {
    const raw = fs.readFileSync(path.join(repo, rel), 'utf8')
    const src = stripComments(raw)
    const pkg = (/^package\s+([\w.]+);/m.exec(raw) || [])[1] || ''
    for (let m; (m = DECLARED.exec(src));) {
      types.push({
        name: m[2],
        extends: m[3].split('.').pop(),
        pkg,
        api: Boolean(m[1]) && !pkg.includes('.internal'),
        module: moduleOf(rel),
        doc: javadocBefore(raw, m.index),
      })
    }
    for (let m; (m = THROWN.exec(src));) {
      // super(...) counts in an exception class only: the message every instance carries
      const declared = m[3] ? [...src.slice(0, m.index).matchAll(DECLARED)].pop() : null
      if (m[3] && !declared) continue
      const type = m[3] ? declared[2] : m[1] ? m[1].split('.').pop() : `HTTP ${m[2]}`
      const args = splitArgs(balanced(src, m.index + m[0].length - 1))
      const template = args.map(messageTemplate).find((t) => t && t.trim().length > 2)
      if (!template) continue
      const key = `${type}\u0000${template}`
      const e = messages.get(key) || { type, template, where: [] }
      const where = `${moduleOf(rel)}: ${path.basename(rel, '.java')}`
      if (!e.where.includes(where)) e.where.push(where)
      messages.set(key, e)
    }
  }
  types.sort((a, b) => Number(b.api) - Number(a.api) || a.name.localeCompare(b.name))
  const list = [...messages.values()].sort((a, b) => a.type.localeCompare(b.type) || a.template.localeCompare(b.template))
  return { types, messages: list }
}

export function errorsPage (repo) {
  const { types, messages } = readErrors(repo)
  if (types.length === 0 || messages.length === 0) throw new Error('errors: nothing found in the sources')
  const lines = [
    '= Exceptions and refusal messages',
    ':page-role: reference',
    '',
    'Generated from the sources each time the site is built. The SDK reports bad input and refused',
    'connections with typed exceptions whose message names the offending value; the server answers',
    'bad requests with a 4xx and a plain-text reason. Search this page (or the site) for the text of',
    'a message you got; xref:troubleshooting.adoc[Troubleshooting] says what the common ones mean and',
    'which command shows the cause.',
    '',
    `== Exception types (${types.length})`,
    '',
    'Types in a module\'s root package are API (catch them by type); `internal` ones are listed because',
    'their messages reach logs.',
    '',
    '[cols="2,2,2,5",options="header"]',
    '|===',
    '|type |extends |module, package |meaning',
  ]
  for (const t of types) {
    lines.push(`|${code(t.name)}${t.api ? '' : ' (internal)'} |${code(t.extends)} |${t.module} +\n${code(t.pkg)} |${cell(t.doc)}`)
  }
  lines.push('|===', '', `== Messages (${messages.length})`, '',
    '`‹…›` marks a value filled in when the message is built (a service name, an address, an index).',
    '`HTTP badRequest` and the other `HTTP …` types are the companion server\'s answers (400, 403, 404,',
    '405, 409, 413, …) with the message as the plain-text body.', '',
    '[cols="2,6,2",options="header"]', '|===', '|type |message |thrown in')
  for (const m of messages) lines.push(`|${code(m.type)} |${cell(m.template)} |${cell(m.where.join(', '))}`)
  lines.push('|===', '')
  return { text: lines.join('\n'), types, messages }
}
