// Benchmark charts: every results table in docs/benchmarks*.md (and any module's
// docs/benchmarks*.md) drawn as an SVG bar chart, one panel per numeric column, with the command
// that produced it (the nearest command above the table in its document).
import fs from 'node:fs'
import path from 'node:path'
import { walk } from './lib.mjs'

const NUM = /^\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:×|x|%|\/s|ms|µs|us|s|MiB|KiB|MB\/s|bytes)?\s*(?:\([^)]*\))?\s*(?:±\s*[\d.,]+)?\s*$/

export function numberOf (raw) {
  const s = raw.replace(/\*\*/g, '').replace(/^~/, '').trim()
  if (!NUM.test(s)) return null
  return parseFloat(s.replace(/,/g, '').replace(/^\+/, ''))
}

function unitOf (header, cells) {
  const m = /(×|%|\/s|ms|µs|MiB|KiB|MB\/s|bytes)/.exec(cells.find((c) => numberOf(c) !== null) || '')
  return m ? m[1] : ''
}

/** Tables of a markdown document, each with its heading path and the command that produced it. */
export function tablesOf (text) {
  const lines = text.split('\n')
  const tables = []
  const headings = []
  const commands = [] // { line, text }
  let fence = null
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]
    if (/^```/.test(l)) {
      if (fence) { commands.push({ line: fence.start, text: fence.lines.join('\n') }); fence = null } else fence = { start: i, lines: [] }
      continue
    }
    if (fence) { if (/^\s*(mvn|java|CP=|B=|\$B|go |bash )/.test(l)) fence.lines.push(l.trim()); continue }
    if (/^ {4}(mvn|java|CONSUL_HTTP_ADDR=|CP=)/.test(l)) {
      const block = [l.trim()]
      while (i + 1 < lines.length && /^ {4}\S/.test(lines[i + 1])) block.push(lines[++i].trim())
      commands.push({ line: i, text: block.join('\n') })
      continue
    }
    for (const m of l.matchAll(/`((?:mvn|java) [^`]+)`/g)) commands.push({ line: i, text: m[1], inline: true })
    const h = /^(#{1,4})\s+(.*)$/.exec(l)
    if (h) { headings.length = h[1].length - 1; headings[h[1].length - 1] = { text: h[2], line: i }; continue }
    if (/^\|/.test(l) && i + 1 < lines.length && /^\|[-| :]+\|\s*$/.test(lines[i + 1])) {
      const split = (s) => s.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim())
      const header = split(l)
      const rows = []
      i += 2
      while (i < lines.length && /^\|/.test(lines[i])) rows.push(split(lines[i++]))
      i--
      const section = headings.filter(Boolean)
      const sectionStart = section.length ? section[section.length - 1].line : 0
      const before = commands.filter((c) => c.line < i && c.text.trim())
      const inSection = before.filter((c) => c.line >= sectionStart)
      const command = (inSection.length ? inSection[inSection.length - 1] : before.find((c) => !c.inline) || before[0] || { text: '' }).text
      tables.push({ header, rows, heading: section.map((h) => h.text), command })
    }
  }
  return tables
}

function esc (s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const COLORS = ['#1e6bb8', '#d9822b', '#2e8b57', '#8e44ad']

/** An SVG chart of a table: one panel per numeric column (at most three, ratio columns first), one bar per row. */
export function chartSvg (table, title) {
  const { header, rows } = table
  // a numeric column that names a parameter of the run (conns, clients, n, run) labels the bars
  const PARAM = /^(n|conns?|connections|clients?|run|round|threads|key space|window)$/i
  const numericCols = header.map((h, c) => c).filter((c) => c > 0 && !PARAM.test(header[c].trim()) &&
    rows.filter((r) => r[c] !== undefined && numberOf(r[c]) !== null).length >= Math.max(2, rows.length / 2))
  if (numericCols.length === 0 || rows.length < 2) return null
  const ratioFirst = numericCols.filter((c) => /\bvs\b|ratio|×| \/ /.test(header[c]))
  const cols = [...new Set([...ratioFirst, ...numericCols])].slice(0, 3)
  const labelCols = header.map((h, c) => c).filter((c) => !numericCols.includes(c)).slice(0, 3)
  const labels = rows.map((r) => labelCols.map((c) => (PARAM.test(header[c].trim()) ? `${header[c].trim()} ${r[c]}` : r[c])).filter(Boolean).join(' · ').replace(/\*\*/g, '').replace(/`/g, ''))
  const rowH = 18
  const labelW = Math.min(280, 40 + 6.2 * Math.max(...labels.map((l) => l.length)))
  const panelW = 230
  const width = Math.round(labelW + cols.length * (panelW + 20) + 10)
  const top = 48
  const height = top + rows.length * rowH + 30
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`, `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`]
  rows.forEach((r, i) => out.push(`<text x="${labelW - 6}" y="${top + i * rowH + 13}" text-anchor="end">${esc(labels[i].slice(0, 60))}</text>`))
  cols.forEach((c, k) => {
    const x0 = labelW + k * (panelW + 20)
    const values = rows.map((r) => (r[c] === undefined ? null : numberOf(r[c])))
    const max = Math.max(...values.filter((v) => v !== null), 0) || 1
    const unit = unitOf(header[c], rows.map((r) => r[c] || ''))
    out.push(`<text x="${x0}" y="${top - 8}" font-weight="bold">${esc(header[c].replace(/\*\*/g, ''))}${unit && !header[c].includes(unit) ? ` (${esc(unit)})` : ''}</text>`)
    out.push(`<line x1="${x0}" y1="${top - 2}" x2="${x0}" y2="${top + rows.length * rowH}" stroke="#999"/>`)
    values.forEach((v, i) => {
      const y = top + i * rowH + 3
      if (v === null) { out.push(`<text x="${x0 + 4}" y="${y + 10}" fill="#999">n/a</text>`); return }
      const w = Math.max(1, Math.round((Math.abs(v) / max) * (panelW - 70)))
      out.push(`<rect class="bar" x="${x0}" y="${y}" width="${w}" height="${rowH - 6}" fill="${COLORS[k % COLORS.length]}"><title>${esc(labels[i])}: ${esc(rows[i][c])}</title></rect>`)
      out.push(`<text x="${x0 + w + 4}" y="${y + 10}">${esc(String(v))}</text>`)
    })
  })
  out.push(`<text x="8" y="${height - 8}" fill="#666">Source: the table under “${esc(table.heading[table.heading.length - 1] || '')}”; bars are to scale within each panel.</text>`, '</svg>')
  return out.join('\n')
}

/** Every chart: { file, title, doc, command, svg }. */
export function charts (repo) {
  const docs = walk(repo, (p) => /(^|\/)docs\/benchmarks[\w-]*\.md$/.test(p))
  const out = []
  for (const doc of docs) {
    const tables = tablesOf(fs.readFileSync(path.join(repo, doc), 'utf8'))
    let n = 0
    for (const t of tables) {
      const title = `${t.heading[t.heading.length - 1] || path.basename(doc)}`.replace(/\s*\(.*?\)\s*$/, '').replace(/[*`]/g, '')
      const svg = chartSvg(t, title)
      if (!svg) continue
      n++
      const slug = `${path.basename(doc, '.md')}-${n}`
      out.push({ file: `${slug}.svg`, slug, title, heading: t.heading, doc, command: t.command, svg })
    }
  }
  return out
}

export function benchmarksPage (repo, list) {
  const lines = [
    '= Benchmarks',
    ':page-role: reference',
    '',
    `${list.length} charts, drawn by \`site/gen/charts.mjs\` from the results tables in the repository's`,
    '`docs/benchmarks*.md` each time the site is built (nothing here is drawn by hand). Each chart',
    'shows up to three numeric columns of one table (ratios first), one panel per column; the command above the table in its',
    'document is repeated under the chart. The documents say what each figure means, which machine',
    'measured it and what else was running; read ratios (measured in the same run) rather than absolute',
    'figures, which depend on the machine.',
    '',
  ]
  let lastDoc = null
  for (const c of list) {
    if (c.doc !== lastDoc) { lines.push(`== ${c.doc}`, ''); lastDoc = c.doc }
    lines.push(`[#${c.slug}]`, `=== ${c.heading.slice(1).join(' › ') || c.title}`, '',
      `image::charts/${c.file}[${c.title.replace(/[[\]",]/g, '')},role=chart]`, '')
    if (c.command) lines.push('.Command', '[source,sh]', '----', c.command, '----', '')
    else lines.push(`The command is in \`${c.doc}\`.`, '')
  }
  return lines.join('\n')
}
