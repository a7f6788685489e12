// The modules whose Javadoc the site publishes, as a Maven -pl list: the root (where
// javadoc:aggregate runs) and every module of the root POM that has Java sources and is published
// (its POM does not set publish.skip to true). Usage: node gen/public-modules.mjs <repo>
import fs from 'node:fs'
import path from 'node:path'

const repo = path.resolve(process.argv[2] || '..')
const pom = fs.readFileSync(path.join(repo, 'pom.xml'), 'utf8')
const modules = [...pom.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1])
const published = modules.filter((m) => {
  const p = path.join(repo, m, 'pom.xml')
  if (!fs.existsSync(p) || !fs.existsSync(path.join(repo, m, 'src', 'main', 'java'))) return false
  return !/<publish\.skip>true<\/publish\.skip>/.test(fs.readFileSync(p, 'utf8'))
})
console.log(['.', ...published].join(','))
