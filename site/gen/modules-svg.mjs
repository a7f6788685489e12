// The module layering picture: NativeMesh modules as boxes in layers (a module sits above
// everything it depends on), arrows for "depends on", drawn from the POMs of the root's modules.
import fs from 'node:fs'
import path from 'node:path'

export function moduleGraph (repo) {
  const rootPom = fs.readFileSync(path.join(repo, 'pom.xml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '')
  const dirs = [...rootPom.matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1])
  const modules = []
  for (const dir of dirs) {
    const f = path.join(repo, dir, 'pom.xml')
    if (!fs.existsSync(f)) continue
    const pom = fs.readFileSync(f, 'utf8').replace(/<!--[\s\S]*?-->/g, '')
    const own = /<\/parent>\s*<artifactId>([^<]+)<\/artifactId>/.exec(pom) || /<artifactId>([^<]+)<\/artifactId>/.exec(pom)
    if (!own || /<packaging>pom<\/packaging>/.test(pom)) continue
    const deps = []
    for (const d of pom.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
      const g = /<groupId>([^<]+)</.exec(d[1])
      const a = /<artifactId>([^<]+)</.exec(d[1])
      if (!g || g[1] !== 'io.nativemesh' || /<scope>test<\/scope>/.test(d[1])) continue
      deps.push({ artifact: a[1], optional: /<optional>true<\/optional>/.test(d[1]) })
    }
    modules.push({ dir, artifact: own[1], deps })
  }
  const byArtifact = new Map(modules.map((m) => [m.artifact, m]))
  for (const m of modules) m.deps = m.deps.filter((d) => byArtifact.has(d.artifact))
  const level = new Map()
  const levelOf = (m, seen = new Set()) => {
    if (level.has(m.artifact)) return level.get(m.artifact)
    if (seen.has(m.artifact)) return 0
    seen.add(m.artifact)
    const l = m.deps.length ? 1 + Math.max(...m.deps.map((d) => levelOf(byArtifact.get(d.artifact), seen))) : 0
    level.set(m.artifact, l)
    return l
  }
  modules.forEach((m) => levelOf(m))
  // transitive reduction: an edge a -> c goes when c is reachable from another dependency of a
  const reach = (from, target, seen = new Set()) => {
    for (const d of byArtifact.get(from).deps) {
      if (d.artifact === target) return true
      if (!seen.has(d.artifact)) { seen.add(d.artifact); if (reach(d.artifact, target, seen)) return true }
    }
    return false
  }
  for (const m of modules) {
    m.deps = m.deps.filter((d) => !m.deps.some((o) => o.artifact !== d.artifact && reach(o.artifact, d.artifact)))
  }
  return { modules, level }
}

export function modulesSvg (repo) {
  const { modules, level } = moduleGraph(repo)
  const layers = []
  for (const m of modules) (layers[level.get(m.artifact)] ||= []).push(m)
  const boxW = 150
  const boxH = 30
  const gapX = 20
  const gapY = 46
  const widest = Math.max(...layers.map((l) => l.length))
  const width = widest * (boxW + gapX) + gapX
  const height = layers.length * (boxH + gapY) + gapY
  const pos = new Map()
  layers.forEach((layer, li) => {
    const y = height - gapY - (li + 1) * (boxH + gapY) + gapY
    const x0 = (width - layer.length * (boxW + gapX) + gapX) / 2
    layer.forEach((m, i) => pos.set(m.artifact, { x: x0 + i * (boxW + gapX), y }))
  })
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="NativeMesh modules and their dependencies">`,
    '<title>NativeMesh modules and their dependencies</title>',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    '<rect width="100%" height="100%" fill="#fff"/>']
  for (const m of modules) {
    const a = pos.get(m.artifact)
    for (const d of m.deps) {
      const b = pos.get(d.artifact)
      out.push(`<line x1="${a.x + boxW / 2}" y1="${a.y + boxH}" x2="${b.x + boxW / 2}" y2="${b.y}" stroke="#777" stroke-width="1"${d.optional ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#arrow)"/>`)
    }
  }
  for (const m of modules) {
    const a = pos.get(m.artifact)
    const sample = m.dir.startsWith('samples') || m.dir.includes('test') || m.dir === 'benchmarks'
    out.push(`<rect class="module" x="${a.x}" y="${a.y}" width="${boxW}" height="${boxH}" rx="4" fill="${sample ? '#f3f3f3' : '#e3eef9'}" stroke="#1e6bb8"/>`,
      `<text x="${a.x + boxW / 2}" y="${a.y + 19}" text-anchor="middle">${esc(m.dir)}</text>`)
  }
  out.push('</svg>')
  return out.join('\n')
}
