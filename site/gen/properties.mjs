// The configuration reference: every property in every Spring Boot configuration metadata file the
// build produced (META-INF/spring-configuration-metadata.json under any module's target/classes),
// and the environment variables the SDK reads (from the sources).
import fs from 'node:fs'
import path from 'node:path'
import { cell, code, mainJavaSources, moduleOf } from './lib.mjs'

function metadataFiles (repo) {
  const out = []
  const visit = (dir, depth) => {
    if (depth > 4) return
    for (const e of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('.') || ['node_modules', 'site', 'src'].includes(e.name)) continue
      const rel = path.join(dir, e.name)
      const f = path.join(rel, 'target', 'classes', 'META-INF', 'spring-configuration-metadata.json')
      if (fs.existsSync(path.join(repo, f))) out.push(f)
      if (e.name !== 'target') visit(rel, depth + 1)
    }
  }
  visit('.', 0)
  return out.sort()
}

function envVars (repo) {
  const vars = new Map()
  for (const rel of mainJavaSources(repo)) {
    if (/^(benchmarks|samples)/.test(rel)) continue
    const src = fs.readFileSync(path.join(repo, rel), 'utf8')
    for (const m of src.matchAll(/\b(?:getenv|get)\(\s*"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"\s*\)/g)) {
      const v = vars.get(m[1]) || { name: m[1], where: [] }
      const where = `${moduleOf(rel)}: ${path.basename(rel, '.java')}`
      if (!v.where.includes(where)) v.where.push(where)
      vars.set(m[1], v)
    }
  }
  return [...vars.values()].sort((a, b) => a.name.localeCompare(b.name))
}

export function propertiesPage (repo) {
  const files = metadataFiles(repo)
  const props = []
  for (const f of files) {
    const json = JSON.parse(fs.readFileSync(path.join(repo, f), 'utf8'))
    for (const p of json.properties || []) props.push({ ...p, file: f })
  }
  props.sort((a, b) => a.name.localeCompare(b.name))
  const env = envVars(repo)
  const lines = [
    '= Configuration properties',
    ':page-role: reference',
    '',
    'Generated each time the site is built: the Spring Boot properties from the configuration metadata',
    'the build writes (`META-INF/spring-configuration-metadata.json` in each module\'s `target/classes`),',
    'then the environment variables the SDK reads.',
    '',
    `== Spring Boot properties (${props.length})`,
    '',
  ]
  if (props.length === 0) {
    lines.push('This build has no Spring Boot starter, so there are no Spring properties to list.', '')
  } else {
    lines.push(`From ${files.map(code).join(', ')}.`, '',
      '[cols="3,2,2,5",options="header"]', '|===', '|property |type |default |meaning')
    for (const p of props) {
      const def = p.defaultValue === undefined ? '' : code(JSON.stringify(p.defaultValue))
      const dep = p.deprecation ? ` (deprecated${p.deprecation.replacement ? `: use ${p.deprecation.replacement}` : ''})` : ''
      lines.push(`|${code(p.name)} |${code((p.type || '').replace(/java\.(lang|util|time)\./g, ''))} |${def} |${cell((p.description || '') + dep)}`)
    }
    lines.push('|===', '')
  }
  lines.push(`== Environment variables (${env.length})`, '',
    'Read by `ConsulClient.fromEnvironment()` (which `MeshService.builder(..)` uses when no client is given),',
    'with the same meaning as for Consul\'s own tools.', '',
    '[cols="2,3",options="header"]', '|===', '|variable |read in')
  for (const v of env) lines.push(`|${code(v.name)} |${cell(v.where.join(', '))}`)
  lines.push('|===', '')
  return { text: lines.join('\n'), props, env }
}
