#!/usr/bin/env bash
# Copy the dashboard's front-end libraries from the npm registry into the package, so the
# web UI works offline and needs no CDN. Re-run after changing a version below; commit the result.
# Each library keeps its own licence file next to its code.
set -euo pipefail
DEST="$(cd "$(dirname "$0")/.." && pwd)/src/aftermath/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# name@version  file-inside-the-package
ASSETS=(
  "vega@6.4.0 build/vega.min.js"
  "vega-lite@6.4.3 build/vega-lite.min.js"
  "vega-embed@7.3.0 build/vega-embed.min.js"
  "cytoscape@3.34.4 dist/cytoscape.min.js"
)

cd "$WORK"
for entry in "${ASSETS[@]}"; do
  spec="${entry%% *}"; file="${entry#* }"; name="${spec%@*}"
  tarball="$(npm pack --silent "$spec")"
  mkdir -p "x/$name" && tar xzf "$tarball" -C "x/$name"
  mkdir -p "$DEST/$name"
  cp "x/$name/package/$file" "$DEST/$name/"
  cp "x/$name/package/LICENSE" "$DEST/$name/LICENSE"
  echo "$spec $(basename "$file") sha256:$(sha256sum "$DEST/$name/$(basename "$file")" | cut -d' ' -f1)"
done > "$DEST/VERSIONS.txt"
cat "$DEST/VERSIONS.txt"
