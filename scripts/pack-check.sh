#!/usr/bin/env bash
# Uses @daemonkit/core as its users will: packs it, installs the tarball in a scratch project, runs it from ESM and
# CJS, and type-checks a strict TypeScript consumer of its events. Needs the npm registry (typescript, @types/node);
# not part of the test suite, which stays offline. Usage: scripts/pack-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cd "$root/packages/core"
# No build step here: the package's prepack script builds dist/, as it must for anyone packing a fresh clone.
tarball="$(npx -y pnpm@12.4.2 pack --pack-destination "$scratch" | tail -n 1)"
tar tzf "$tarball" | grep -x 'package/dist/index.js' >/dev/null || { echo "pack-check: $tarball has no dist/index.js" >&2; exit 1; }
cd "$scratch"
npm init -y >/dev/null
npm i --silent "$tarball" typescript@5.9.3 @types/node@20.19.43
cp "$root"/scripts/pack-check/* .

node esm.mjs
node cjs.cjs
npx tsc -p tsconfig.json
echo "pack-check: ESM, CJS and strict types OK"
