#!/bin/sh
# Regenerate scenarios/schema.json from the committed HEAD only (not from the
# working tree, where other work may be in progress), and copy it back.
# Usage: scripts/schema-from-head.sh   (then commit scenarios/schema.json)
set -eu
repo=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
git clone -q "$repo" "$tmp/head"
ln -s "$repo/node_modules" "$tmp/head/node_modules"
(cd "$tmp/head" && npx tsc -p tsconfig.build.json && node dist/src/cli/main.js schema --out scenarios/schema.json)
cp "$tmp/head/scenarios/schema.json" "$repo/scenarios/schema.json"
rm -rf "$tmp"
echo "scenarios/schema.json regenerated from $(git -C "$repo" rev-parse --short HEAD)"
