// The build's own checks fail when they should: Antora (with this site's playbook settings) on a
// missing include, a missing tag and an unresolved xref; the link checker on a broken link and a
// missing anchor. Each case runs the real tool on a small throwaway site.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'

const siteDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

function antoraOn (pageText) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-check-'))
  const comp = path.join(dir, 'component')
  fs.mkdirSync(path.join(comp, 'modules', 'ROOT', 'pages'), { recursive: true })
  fs.mkdirSync(path.join(comp, 'modules', 'ROOT', 'examples'), { recursive: true })
  fs.writeFileSync(path.join(comp, 'antora.yml'), 'name: t\nversion: ~\n')
  fs.writeFileSync(path.join(comp, 'modules', 'ROOT', 'examples', 'A.java'), 'class A {\n  // tag::here[]\n  int x;\n  // end::here[]\n}\n')
  fs.writeFileSync(path.join(comp, 'modules', 'ROOT', 'pages', 'index.adoc'), pageText)
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: comp })
  execFileSync('git', ['add', '-A'], { cwd: comp })
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 't'], { cwd: comp })
  // this site's playbook, pointed at the throwaway component
  const playbook = fs.readFileSync(path.join(siteDir, 'antora-playbook.yml'), 'utf8')
    .replace('url: ./build/component', `url: ${comp}`).replace('url: ./ui', `url: ${path.join(siteDir, 'ui')}`)
    .replace('start_page: nativemesh::index.adoc', 'start_page: t::index.adoc')
    .replace('dir: ./build/site', `dir: ${path.join(dir, 'out')}`).replace('cache_dir: ./build/.cache', `cache_dir: ${path.join(dir, 'cache')}`)
  fs.writeFileSync(path.join(dir, 'playbook.yml'), playbook)
  const r = spawnSync(path.join(siteDir, 'node_modules', '.bin', 'antora'), [path.join(dir, 'playbook.yml')], { cwd: siteDir, encoding: 'utf8' })
  fs.rmSync(dir, { recursive: true, force: true })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

test('a page with a good include and xref builds', () => {
  const r = antoraOn('= T\n\nxref:index.adoc[self]\n\n----\ninclude::example$A.java[tags=here]\n----\n')
  assert.equal(r.status, 0, r.out)
})

test('a missing include fails the build', () => {
  const r = antoraOn('= T\n\n----\ninclude::example$Missing.java[]\n----\n')
  assert.notEqual(r.status, 0)
  assert.match(r.out, /target of include not found: example\$Missing.java/)
})

test('a missing tag fails the build', () => {
  const r = antoraOn('= T\n\n----\ninclude::example$A.java[tags=gone]\n----\n')
  assert.notEqual(r.status, 0)
  assert.match(r.out, /tag 'gone' not found/)
})

test('an unresolved xref fails the build', () => {
  const r = antoraOn('= T\n\nxref:nowhere.adoc[gone]\n')
  assert.notEqual(r.status, 0)
  assert.match(r.out, /target of xref not found/)
})

test('the link checker fails on a broken link and a missing anchor, and passes good ones', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-links-'))
  fs.writeFileSync(path.join(dir, 'a.html'), '<p id="here"><a href="b.html#there">b</a><a href="#here">a</a></p>')
  fs.writeFileSync(path.join(dir, 'b.html'), '<p id="there"><img src="x.svg"></p>')
  fs.writeFileSync(path.join(dir, 'x.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  const check = () => spawnSync('node', [path.join(siteDir, 'gen', 'check-links.mjs'), dir], { encoding: 'utf8', env: { ...process.env, SITE_SKIP_JAVADOC: '' } })
  assert.equal(check().status, 0, check().stderr)
  fs.writeFileSync(path.join(dir, 'c.html'), '<a href="b.html#nowhere">x</a><a href="gone.html">y</a>')
  const bad = check()
  fs.rmSync(dir, { recursive: true, force: true })
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /c\.html: href="b\.html#nowhere"/)
  assert.match(bad.stderr, /c\.html: href="gone\.html"/)
})
