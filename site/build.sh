#!/usr/bin/env bash
# Builds the documentation site into site/build/site (open site/build/site/index.html).
# Assumes the Maven build ran first (`mvn -B -ntp verify`, or at least `mvn -B -ntp -DskipTests package`):
# the reference generators run the server jar's --help and read target/ (Spring configuration metadata).
# Steps: npm ci (from package-lock.json, only when node_modules is missing or stale); aggregated
# Javadoc of the public modules (maven-javadoc-plugin, skipped with SITE_SKIP_JAVADOC=1); the
# component assembled from site/docs + generated reference pages, charts and tagged code regions;
# Antora (fails on any warning: missing include or tag, unresolved xref); the internal link check.
set -euo pipefail
cd "$(dirname "$0")"
site_dir=$(pwd)
repo=$(cd .. && pwd)

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

rm -rf build/component build/site
mkdir -p build

# 1. Javadoc of the published modules' public API (the root packages; *.internal left out)
if [ "${SITE_SKIP_JAVADOC:-}" != 1 ]; then
  start=$SECONDS
  modules=$(node gen/public-modules.mjs "$repo")
  (cd "$repo" && ${MVN:-mvn} -B -ntp -q ${MVN_OFFLINE:-} -pl "$modules" -Dspotless.check.skip=true \
      -Denforcer.skip=true -DexcludePackageNames='*.internal:*.internal.*' -Ddoclint=none \
      -Dmaven.javadoc.failOnWarnings=false javadoc:aggregate >"$site_dir/build/javadoc.log" 2>&1) \
    || { cat build/javadoc.log; echo "site: javadoc:aggregate failed. The aggregate has one classpath for all" \
      "modules: a module built against another major version of a framework than its siblings (e.g." \
      "spring-boot/boot3 next to boot4) can leave it with <site.javadoc.skip>true</site.javadoc.skip>" \
      "in its POM's properties" >&2; exit 1; }
  echo "site: Javadoc of $modules in $((SECONDS - start)) s"
fi

# 2. the component: hand-written pages + generated reference, charts and examples
node gen/collect.mjs "$repo" build/component

# Antora reads content from a git repository: make the assembled directory one
(cd build/component && git init -q -b main && git add -A \
  && git -c user.name=site -c user.email=site@localhost -c commit.gpgsign=false commit -q -m site)

# 3. Antora
npx antora --stacktrace antora-playbook.yml

# 4. the Javadoc beside the pages, then every internal link and image checked
if [ -d "$repo/target/reports/apidocs" ]; then
  cp -r "$repo/target/reports/apidocs" build/site/api
elif [ -d "$repo/target/site/apidocs" ]; then
  cp -r "$repo/target/site/apidocs" build/site/api
fi
node gen/check-links.mjs build/site
echo "site: open $site_dir/build/site/index.html"
