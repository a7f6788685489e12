// The HTTP API reference, read from the server's route table: every router.add/addAsync/addBlocking
// call in the server's sources (method, path, handler), the handler's kind, and the ACL checks
// its handler (and the helpers it calls in the same class) make.
import fs from 'node:fs'
import path from 'node:path'
import { balanced, code, mainJavaSources, splitArgs, stripComments } from './lib.mjs'

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'synchronized', 'return', 'new', 'else', 'try', 'throw', 'super', 'this'])
const ROUTE = /\b(\w+)\.(add|addAsync|addBlocking)\(\s*HttpMethod\.(\w+)\s*,\s*"([^"]+)"\s*,/g

/** What each Acl.requireX method checks: the first {@code x:y} in its Javadoc. */
function aclVocabulary (repo, sources) {
  const vocab = Object.create(null)
  for (const rel of sources.filter((p) => p.endsWith(`${path.sep}Acl.java`))) {
    const src = fs.readFileSync(path.join(repo, rel), 'utf8')
    const re = /\/\*\*([\s\S]*?)\*\/\s*public\s+\w+\s+(require\w*|can\w+|allows)\s*\(/g
    for (let m; (m = re.exec(src));) {
      const rule = /\{@code ([a-z_]+:[a-z_*]+)\}/.exec(m[1])
      vocab[m[2]] = rule
        ? rule[1]
        : m[2].replace(/^require/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    }
  }
  return vocab
}

function methodBodies (src) {
  const bodies = Object.create(null)
  // a declaration starts a line: modifiers, a return type, the name, "(" … ")" then "{"
  const re = /\n[ \t]*(?:(?:public|private|protected|static|final|synchronized) )*[\w.]+(?:<[^\n;{}()]*>)?(?:\[\])* (\w+)\(/g
  for (let m; (m = re.exec(src));) {
    if (KEYWORDS.has(m[1])) continue
    const open = m.index + m[0].length - 1
    const params = balanced(src, open)
    const after = src.slice(open + params.length + 2, open + params.length + 200)
    const brace = /^\s*(?:throws [\w., ]+)?\{/.exec(after)
    if (!brace) continue
    const body = balanced(src, open + params.length + 2 + brace[0].length - 1, '{', '}')
    ;(bodies[m[1]] ||= []).push(body)
  }
  return bodies
}

function aclChecks (text, vocab) {
  const found = []
  const re = /\bacl\(\)\s*\.\s*(\w+)\s*\(/g
  for (let m; (m = re.exec(text));) {
    const args = splitArgs(balanced(text, m.index + m[0].length - 1))
    const lit = args.map((a) => (/^"([^"]*)"$/.exec(a) || [])[1]).filter(Boolean)
    const access = args.map((a) => (/Access\.(\w+)/.exec(a) || [])[1]).filter(Boolean)[0]
    let rule
    if (m[1] === 'require' && lit.length && access) rule = `${lit[0]}:${access.toLowerCase()}`
    else if (/^require(Rule|Management)$/.test(m[1]) && lit.length) rule = lit[0]
    else if (m[1] === 'resolve' || m[1] === 'enabled' || m[1] === 'token') continue
    else rule = vocab[m[1]] ?? m[1]
    if (/^(can|allows|filter)/.test(m[1])) rule = `${rule} (filters the result)`
    if (!found.includes(rule)) found.push(rule)
  }
  return found
}

/** @returns {{method, path, kind, acl: string[], source}[]} */
export function readRoutes (repo) {
  const sources = mainJavaSources(repo)
  const vocab = aclVocabulary(repo, sources)
  const routes = []
  for (const rel of sources) {
    const raw = fs.readFileSync(path.join(repo, rel), 'utf8')
    if (!raw.includes('HttpMethod.')) continue
    const src = stripComments(raw)
    const bodies = methodBodies(src)
    for (let m; (m = ROUTE.exec(src));) {
      const args = balanced(src, m.index + m[0].indexOf('('))
      const handler = splitArgs(args).slice(2).join(', ')
      // the handler's own text, then the bodies of the methods it names, two calls deep
      const seen = new Set()
      let text = handler
      let frontier = [handler]
      for (let depth = 0; depth < 2; depth++) {
        const next = []
        for (const t of frontier) {
          for (const call of t.matchAll(/this::(\w+)|(?<![.\w])(\w+)\s*\(/g)) {
            const name = call[1] ?? call[2]
            if (seen.has(name) || KEYWORDS.has(name) || !bodies[name]) continue
            seen.add(name)
            next.push(...bodies[name])
          }
        }
        text += '\n' + next.join('\n')
        frontier = next
      }
      const acl = aclChecks(text, vocab)
      const blockingQuery = m[2] === 'addAsync' && m[3] === 'GET' && /BlockingQuery|blocking|watch/i.test(text)
      routes.push({
        method: m[3],
        path: m[4],
        kind: m[2] === 'addBlocking' ? 'durable write' : blockingQuery ? 'blocking query' : 'immediate',
        acl,
        source: rel,
      })
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
}

export function routesPage (repo) {
  const routes = readRoutes(repo)
  if (routes.length === 0) throw new Error('routes: no router.add* call found in the server sources')
  const lines = [
    '= HTTP API routes',
    ':page-role: reference',
    '',
    `The companion server answers these ${routes.length} routes of Consul's HTTP API. This page is generated`,
    "from the server's route table (the `router.add…` calls in its sources) each time the site is built,",
    'so it lists exactly what the code registers. Anything else answers 404 (unknown path) or 405',
    '(known path, other method), with a plain-text reason.',
    '',
    '* *kind*: `blocking query` — a `GET` that accepts `?index=` and `?wait=` and parks until the data',
    '  changes (see xref:concepts/blocking-queries.adoc[Blocking queries and watches]); `durable write` — runs',
    '  off the event loop and answers once the write is on disk; `immediate` — answers from memory.',
    '* *ACL*: the permission the handler checks when ACLs are enabled (`acl.enabled` in a configuration file); `—` means none',
    '  beyond a valid token (or none at all). A denial is a 403 with',
    '  `Permission denied: token with AccessorID \'…\' lacks permission \'…\' on "…"`.',
    '',
    '[cols="1,4,2,3",options="header"]',
    '|===',
    '|method |path |kind |ACL',
  ]
  for (const r of routes) {
    lines.push(`|${r.method} |${code(r.path)} |${r.kind} |${r.acl.length ? r.acl.map(code).join(', ') : '—'}`)
  }
  lines.push('|===', '')
  return { text: lines.join('\n'), routes }
}
