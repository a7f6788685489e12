// The modules whose Javadoc the site publishes, as a Maven -pl list: the root (where
// javadoc:aggregate runs) and every module of the root POM that has Java sources and is published
// (its POM sets neither publish.skip nor site.javadoc.skip to true). Usage: node gen/public-modules.mjs <repo>
import fs from 'node:fs'
import path from 'node:path'

const repo = path.resolve(process.argv[2] || '..')
const pom = fs.readFileSync(path.join(repo, 'pom.xml'), 'utf8')
const modules = [...pom.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1])
const published = modules.filter((m) => {
  const p = path.join(repo, m, 'pom.xml')
  if (!fs.existsSync(p) || !fs.existsSync(path.join(repo, m, 'src', 'main', 'java'))) return false
  // a module can opt out with <site.javadoc.skip>true</site.javadoc.skip> in its POM's properties
  // (e.g. one of two modules built against different major versions of the same framework, whose
  // classes cannot share the aggregate's one classpath)
  const text = fs.readFileSync(p, 'utf8')
  return !/<publish\.skip>true<\/publish\.skip>/.test(text) && !/<site\.javadoc\.skip>true<\/site\.javadoc\.skip>/.test(text)
})
console.log(['.', ...published].join(','))
