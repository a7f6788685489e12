// The command-line reference: each program's own help output (-h), for the program and each of
// its commands, parsed into a table of flags and shown verbatim below it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { cell, code } from './lib.mjs'

/** The programs, by the jar the build leaves; a program whose jar is absent is left out. */
export const PROGRAMS = [
  { name: 'nativemesh-server', jar: 'server/target/nativemesh-server.jar', about: 'The companion server.' },
  { name: 'mesh-proxy', jar: 'samples/demo/target/mesh-proxy.jar', about: 'Local mTLS forwarders for legacy TCP services.' },
  { name: 'nativemesh', jar: 'cli/target/nativemesh.jar', about: 'The operator command line (troubleshooting, certificates, intentions).' },
]

function help (repo, jar, args) {
  try {
    return execFileSync('java', ['-jar', path.join(repo, jar), ...args, '-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 })
  } catch (e) {
    // a program may print its help with a non-zero status; what it printed still counts
    const out = `${e.stdout || ''}${e.stderr || ''}`
    if (out.includes('Usage')) return out
    throw new Error(`${jar} ${args.join(' ')} -h failed: ${out || e.message}`)
  }
}

/** Flags from a picocli-style help text: option column, then a description (possibly wrapped). */
export function parseFlags (text) {
  const flags = []
  let cur = null
  let inOptions = false
  for (const line of text.split('\n')) {
    if (/^Commands:/.test(line)) { inOptions = false; cur = null; continue }
    const opt = /^\s{2,}((?:-{1,2}[\w-]+(?:\[?=[^\s\]]+\]?)?(?:, )?)+)(?:\s{2,}(.*))?$/.exec(line)
    if (opt) {
      inOptions = true
      const names = opt[1].split(', ').map((s) => s.trim())
      const value = (/=\S+$/.exec(names[names.length - 1]) || [''])[0].replace(/^=/, '').replace(/\]$/, '')
      cur = { names: names.map((n) => n.replace(/\[?=.*$/, '')), value, description: (opt[2] || '').trim() }
      flags.push(cur)
    } else if (cur && inOptions && /^\s{10,}\S/.test(line)) {
      cur.description = `${cur.description} ${line.trim()}`.trim()
    } else if (line.trim() === '') {
      cur = null
    }
  }
  return flags
}

function commandsOf (text) {
  const i = text.search(/^Commands:/m)
  if (i < 0) return []
  const out = []
  for (const line of text.slice(i).split('\n').slice(1)) {
    const m = /^\s{2}(\w[\w-]*)\s{2,}/.exec(line)
    if (m) out.push(m[1])
    else if (line.trim() === '' || !/^\s/.test(line)) break
  }
  return out
}

export function flagsPage (repo) {
  const lines = [
    '= Command-line flags',
    ':page-role: reference',
    '',
    'Every flag of every program the build produces, taken from the program\'s own `-h` output each time',
    'the site is built (so the table is what the jar accepts). The verbatim help follows each table.',
    '',
  ]
  let count = 0
  for (const p of PROGRAMS) {
    if (!fs.existsSync(path.join(repo, p.jar))) continue
    lines.push(`[#${p.name}]`, `== ${p.name}`, '', `${p.about} Run it as \`java -jar ${p.jar}\`.`, '')
    const queue = [[]]
    while (queue.length) {
      const args = queue.shift()
      const text = help(repo, p.jar, args)
      if (args.length < 2) for (const c of commandsOf(text)) queue.push([...args, c])
      const flags = parseFlags(text)
      count += flags.length
      const title = [p.name, ...args].join(' ')
      lines.push(`[#help-${title.replace(/\W+/g, '-')}]`, `=== \`${title}\``, '')
      if (flags.length) {
        lines.push('[cols="2,1,5",options="header"]', '|===', '|flag |value |meaning')
        for (const f of flags) lines.push(`|${f.names.map(code).join(', ')} |${f.value ? code(f.value) : ''} |${cell(f.description)}`)
        lines.push('|===', '')
      }
      lines.push(`.\`${title} -h\``, '[source,text]', '----', text.replace(/\s+$/, ''), '----', '')
    }
  }
  if (count === 0) throw new Error('flags: no program jar found; run the Maven build first')
  return { text: lines.join('\n'), count }
}
