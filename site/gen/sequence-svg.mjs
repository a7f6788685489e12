// Sequence diagrams from a list of participants and messages (used for the leaf rotation picture).
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function sequenceSvg (title, participants, steps) {
  const colW = 190
  const width = participants.length * colW + 20
  const top = 60
  const rowH = 34
  const height = top + steps.length * rowH + 30
  const x = (p) => 10 + participants.indexOf(p) * colW + colW / 2
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
    '<rect width="100%" height="100%" fill="#fff"/>']
  for (const p of participants) {
    out.push(`<rect x="${x(p) - 80}" y="10" width="160" height="28" rx="4" fill="#e3eef9" stroke="#1e6bb8"/>`,
      `<text x="${x(p)}" y="29" text-anchor="middle" font-weight="bold">${esc(p)}</text>`,
      `<line x1="${x(p)}" y1="38" x2="${x(p)}" y2="${height - 10}" stroke="#aaa" stroke-dasharray="3 3"/>`)
  }
  steps.forEach((s, i) => {
    const y = top + i * rowH + 10
    if (s.note) {
      const center = (x(s.over[0]) + x(s.over[s.over.length - 1])) / 2
      const w = Math.max(x(s.over[s.over.length - 1]) - x(s.over[0]) + 160, s.note.length * 5.9 + 16)
      const x1 = Math.max(4, Math.min(width - 4 - w, center - w / 2))
      const x2 = x1 + w
      out.push(`<rect x="${x1}" y="${y - 12}" width="${x2 - x1}" height="22" fill="#fff7e0" stroke="#d9a400"/>`,
        `<text x="${(x1 + x2) / 2}" y="${y + 3}" text-anchor="middle">${esc(s.note)}</text>`)
      return
    }
    const x1 = x(s.from)
    const x2 = x(s.to)
    out.push(`<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#333"${s.reply ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#head)"/>`,
      `<text x="${(x1 + x2) / 2}" y="${y - 5}" text-anchor="middle">${esc(s.text)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n')
}

/** A leaf rotation under live TLS, as the SDK performs it. */
export function rotationSvg () {
  const A = 'agent (Consul or server)'
  const W = 'SDK leaf watch'
  const S = 'MeshStateStore'
  const T = 'SSLContext managers'
  const P = 'peer'
  return sequenceSvg('A leaf rotation under live TLS', [A, W, S, T, P], [
    { from: W, to: A, text: 'GET /v1/agent/connect/ca/leaf/web?index=41 (parks)' },
    { note: 'the agent renews at 60–90 % of the leaf lifetime', over: [A] },
    { from: A, to: W, text: '200 new leaf, X-Consul-Index: 42', reply: true },
    { from: W, to: S, text: 'publish MeshState generation 8 (one volatile write)' },
    { from: W, to: A, text: 'GET …?index=42 (parks again)' },
    { from: P, to: T, text: 'ClientHello (a new connection)' },
    { from: T, to: S, text: 'read the current snapshot: alias mesh-8' },
    { from: T, to: P, text: 'chain and key of generation 8', reply: true },
    { note: 'a handshake that chose mesh-7 before the swap still gets chain and key of 7', over: [S, T] },
    { note: 'watchdog: no new leaf by 90 % of the lifetime → a non-blocking revalidating GET', over: [A, W] },
    { note: 'leaf expired or not chaining → readiness false → TTL check critical', over: [W, S] },
  ])
}
