// Helpers shared by the generators: walking the repository's sources and reading Java call sites.
import fs from 'node:fs'
import path from 'node:path'

const SKIP = new Set(['target', 'node_modules', '.git', 'site', 'build', '.cache'])

/** Every file under dir (repository-relative paths) whose name passes the filter; skips build output. */
export function walk (repo, filter, dir = '.') {
  const out = []
  const abs = path.join(repo, dir)
  if (!fs.existsSync(abs)) return out
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    if (SKIP.has(e.name) || e.name.startsWith('.')) continue
    const rel = dir === '.' ? e.name : path.join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(repo, filter, rel))
    else if (filter(rel)) out.push(rel)
  }
  return out.sort()
}

/** Production Java sources of every module (src/main/java), repository-relative. */
export function mainJavaSources (repo) {
  return walk(repo, (p) => p.endsWith('.java') && p.includes(`src${path.sep}main${path.sep}java${path.sep}`))
}

/** The module a source belongs to: the path before src/main/java. */
export function moduleOf (rel) {
  return rel.split(`${path.sep}src${path.sep}`)[0]
}

/** Source text with comments blanked out (same length, so offsets still match). */
export function stripComments (src) {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, (m) =>
    m.startsWith('/') ? m.replace(/[^\n]/g, ' ') : m)
}

/** The text between the parenthesis at `open` and its match (string literals respected). */
export function balanced (src, open, openCh = '(', closeCh = ')') {
  let depth = 0
  for (let i = open; i < src.length; i++) {
    const c = src[i]
    if (c === '"') {
      if (src.startsWith('"""', i)) { i = src.indexOf('"""', i + 3) + 2; continue }
      i++
      while (i < src.length && src[i] !== '"') { if (src[i] === '\\') i++; i++ }
      continue
    }
    if (c === "'") { i++; while (i < src.length && src[i] !== "'") { if (src[i] === '\\') i++; i++ } continue }
    if (c === openCh) depth++
    else if (c === closeCh && --depth === 0) return src.slice(open + 1, i)
  }
  return src.slice(open + 1)
}

/** Splits Java source text at a separator outside brackets and string literals. */
function splitTop (text, sep, brackets = '([{<', closers = ')]}>') {
  const out = []
  let depth = 0
  let cur = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== '"') { if (text[j] === '\\') j++; j++ }
      cur += text.slice(i, j + 1)
      i = j
      continue
    }
    if (brackets.includes(c)) depth++
    if (closers.includes(c)) depth--
    if (c === sep && depth === 0) { out.push(cur.trim()); cur = '' } else cur += c
  }
  out.push(cur.trim())
  return out
}

/** Splits a Java argument list at top-level commas. */
export function splitArgs (args) {
  return splitTop(args, ',').filter((a, i, all) => a || i < all.length - 1)
}

function unescapeJava (s) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e) =>
    e[0] === 'u' ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', t: '\t', '"': '"', "'": "'", '\\': '\\' })[e] ?? e)
}

/**
 * A message template from a Java string expression: literals kept, every other operand shown
 * as ‹operand›. Returns null when the expression holds no literal at all.
 */
export function messageTemplate (expr) {
  const parts = []
  let literal = false
  let rest = expr.trim()
  // String.format("...", a, b): the format string, its %s shown as ‹…›
  const fmt = /^String\.format\(\s*("(?:\\.|[^"\\])*")/.exec(rest)
  if (fmt) return unescapeJava(fmt[1].slice(1, -1)).replace(/%[sdx]/g, '‹…›')
  const ops = splitTop(rest, '+', '([{', ')]}')
  for (const op of ops) {
    const m = /^"((?:\\.|[^"\\])*)"$/.exec(op)
    if (m) { parts.push(unescapeJava(m[1])); literal = true } else parts.push(`‹${op.replace(/\s+/g, ' ')}›`)
  }
  return literal ? parts.join('') : null
}

/** Escapes text for an AsciiDoc table cell (no formatting, no attribute references). */
export function cell (s) {
  return 'pass:[' + String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\]/g, '&#93;').replace(/\|/g, '&#124;') + ']'
}

/** Escapes text for an AsciiDoc table cell, as monospace. */
export function code (s) {
  return '`+' + String(s).replace(/\|/g, '{vbar}').replace(/\+`/g, '+ `') + '+`'
}

/** The first sentence of the Javadoc comment right before offset, or ''. */
export function javadocBefore (src, offset) {
  const before = src.slice(0, offset)
  const end = before.lastIndexOf('*/')
  if (end < 0) return ''
  const between = before.slice(end + 2)
  if (/[;{}]/.test(between.replace(/@\w+(\([^)]*\))?/g, ''))) return ''
  const start = before.lastIndexOf('/**', end)
  if (start < 0) return ''
  const text = before.slice(start + 3, end).split('\n').map((l) => l.replace(/^\s*\*\s?/, '')).join(' ')
    .replace(/\{@(?:code|link|linkplain|literal) ([^}]*)\}/g, '$1').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()
  const body = text.split(/\s@(?:param|return|throws|since|see)\b/)[0]
  const m = /^(.*?[.!?])(\s|$)/.exec(body)
  return (m ? m[1] : body).trim()
}
