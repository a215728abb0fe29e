#!/usr/bin/env bash
# lib/npm-ci-if-missing.sh: installs conformance/node_modules from package-lock.json (npm ci)
# unless every package of package.json is already there. ctest runs it once as the fixture
# conformance:npm-ci before the tests that use node (tsdav, ical.js), because `npm ci` first
# deletes node_modules: run from two tests at once it would pull the modules from under the other.
set -euo pipefail
conformance=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
missing=$(cd "$conformance" && node -e '
  const fs = require("fs");
  const deps = Object.keys(JSON.parse(fs.readFileSync("package.json")).dependencies || {});
  console.log(deps.filter((d) => !fs.existsSync(`node_modules/${d}/package.json`)).join(" "));')
if [[ -z $missing ]]; then echo "npm-ci-if-missing: node_modules complete"; exit 0; fi
echo "npm-ci-if-missing: missing $missing: npm ci in $conformance"
cd "$conformance" && npm ci --no-audit --no-fund
