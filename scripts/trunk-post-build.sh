#!/usr/bin/env bash
# Trunk post_build hook: writes the hashed names of the wasm module and its JS glue (taken from the
# built index.html) into nianbao.js, the module host pages import.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
html="$dir/index.html"
glue=$(grep -o 'data-js="[^"]*"' "$html" | head -1 | sed -E 's/data-js="(\.?\/)?([^"]*)"/\2/')
wasm=$(grep -o 'data-wasm="[^"]*"' "$html" | head -1 | sed -E 's/data-wasm="(\.?\/)?([^"]*)"/\2/')
if [ -z "$glue" ] || [ -z "$wasm" ]; then
  echo "trunk-post-build: no data-js/data-wasm in $html" >&2
  exit 1
fi
sed -i "s|__NIANBAO_GLUE__|./$glue|; s|__NIANBAO_WASM__|./$wasm|" "$dir/nianbao.js"
