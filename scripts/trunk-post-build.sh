#!/usr/bin/env bash
# Trunk post_build hook (run in the staging dir's parent, before it becomes dist/):
# 1. writes the hashed names of the wasm module and its JS glue (taken from the built index.html)
#    into nianbao.js, the module host pages import;
# 2. writes the list of files the service worker precaches at install time into sw.js, and a
#    build name (a hash of those files) that names its cache, so the first visit is enough to work
#    offline and a new build replaces the old copy.
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

# The on-demand readers' glue (wasm-bindgen's no-modules target) declares a global
# `wasm_bindgen`, which two such scripts in one page cannot both declare: each registers itself as
# nianbaoReaders.<kind> instead (src/web/dom.rs `reader` loads and starts it).
for kind in docx pdf; do
  glue_file="$dir/nianbao-$kind.js"
  if ! head -1 "$glue_file" | grep -q '^let wasm_bindgen = (function(exports) {$'; then
    echo "trunk-post-build: nianbao-$kind.js does not start as wasm-bindgen's no-modules glue" >&2
    exit 1
  fi
  sed -i "1s|.*|(globalThis.nianbaoReaders \|\|= {}).$kind = (function(exports) {|" "$glue_file"
done

# Our own scripts ship without their whole-line comments (every visitor pays for every byte; the
# sources in www/ keep them): about 1.1 KB gzip off the page's first load.
# Nor their indentation (no template literal or string in them spans lines).
for f in sw.js worker.js desk-boot.js nianbao.js embed-demo.js; do
  sed -i -E '/^[[:space:]]*\/\/.*$/d; s/^[[:space:]]+//' "$dir/$f"
done

# The first load's scripts (the page's wasm-bindgen glue, the loader boot.js, and sw.js once its
# list is written in below) are minified by terser (npm, package.json): comments and white space
# out, local names shortened; exports and property names are kept. 1.4 KB gzip less than the
# comments and indentation taken out alone.
if ! command -v terser >/dev/null; then
  echo "trunk-post-build: no terser on PATH (npm ci; node_modules/.bin on PATH: scripts/setup.sh)" >&2
  exit 1
fi
minify() { # FILE [--module]: in place
  terser "$1" "${@:2}" --compress --mangle --output "$1.min"
  mv "$1.min" "$1"
}
minify "$dir/boot.js" --module

# The page's wasm-bindgen glue minified (above), its stylesheet without comments and indentation,
# and index.html without its comments (every visitor pays for every byte; about 3 KB gzip off the
# first load). The stylesheet is ours: its comments stand on lines of their own, and no string
# spans lines. The integrity hashes Trunk put on the glue's modulepreload and the stylesheet's
# link in index.html are written anew.
strip_comments() { # FILE OPEN CLOSE: delete whole-line comments (one line, or a run of lines)
  sed -i -E "/^[[:space:]]*$2.*$3[[:space:]]*\$/d; /^[[:space:]]*$2/,/$3[[:space:]]*\$/d" "$1"
}
css=$(grep -o 'href="[^"]*styles-[^"]*\.css"' "$html" | head -1 | sed -E 's/href="(\.?\/)?([^"]*)"/\2/')
if [ -z "$css" ]; then
  echo "trunk-post-build: no hashed stylesheet in $html" >&2
  exit 1
fi
minify "$dir/$glue" --module
strip_comments "$dir/$css" '\/\*' '\*\/'
strip_comments "$html" '<!--' '-->'
sed -i -E '/^[[:space:]]*$/d' "$html"
# The stylesheet on one line, without the white space around { } ; , > and after a colon (it
# holds no selector with a space before a pseudo-class, and no string with those characters).
tr '\n' ' ' <"$dir/$css" | sed -E 's/[[:space:]]*([{};,>])[[:space:]]*/\1/g; s/:[[:space:]]+/:/g' >"$dir/$css.min"
mv "$dir/$css.min" "$dir/$css"
if grep -q '/\*\*' "$dir/$glue" || grep -q '/\*' "$dir/$css" || grep -q '<!--' "$html"; then
  echo "trunk-post-build: a comment is left in $glue, $css or index.html" >&2
  exit 1
fi
for f in "$glue" "$css"; do
  hex=$(sha384sum "$dir/$f" | cut -c1-96)
  sri="sha384-$(printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | base64 -w0)"
  sed -i -E "s#(href=\"\./${f//./\\.}\"[^>]*integrity=\")[^\"]*#\1${sri}#" "$html"
  if ! grep -qF "integrity=\"$sri\"" "$html"; then
    echo "trunk-post-build: no integrity attribute for $f in index.html" >&2
    exit 1
  fi
done

# The precache list: every file of the build except the service worker itself, the examples'
# expected tables (test data the page never loads), the reviewer's desk's wasm module and glue and
# the PDF reader's (only reviewers, or those who open a PDF, need them: cached by the service
# worker when first used, not downloaded by every visitor at install). Bounded, so that nothing big slips in unnoticed.
max_files=64
max_bytes=$((4 * 1024 * 1024))
mapfile -t files < <(cd "$dir" && find . -type f ! -path ./sw.js ! -name '*.expected.json' \
  ! -name 'nianbao-desk.js' ! -name 'nianbao-desk_bg.wasm' ! -name 'nianbao-pdf.js' ! -name 'nianbao-pdf_bg.wasm' \
  | sed 's|^\./||' | LC_ALL=C sort)
for f in "$glue" "$wasm" index.html boot.js; do
  if ! printf '%s\n' "${files[@]}" | grep -qxF "$f"; then
    echo "trunk-post-build: $f is not in $dir" >&2
    exit 1
  fi
done
total=0
list=""
for f in "${files[@]}"; do
  # Written into a JS string as a relative URL: only names that need no escaping.
  if ! [[ "$f" =~ ^[A-Za-z0-9][A-Za-z0-9._/-]*$ ]]; then
    echo "trunk-post-build: cannot precache '$f' (use plain ASCII file names)" >&2
    exit 1
  fi
  total=$((total + $(wc -c <"$dir/$f")))
  list+="'$f', "
done
if [ "${#files[@]}" -gt "$max_files" ] || [ "$total" -gt "$max_bytes" ]; then
  echo "trunk-post-build: the precache list is ${#files[@]} files, $total bytes" \
    "(at most $max_files files, $max_bytes bytes): exclude what the app does not need" >&2
  exit 1
fi
build=$(cd "$dir" && for f in "${files[@]}"; do printf '%s\n' "$f"; cat "$f"; done \
  | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-16)
sed -i "s|__NIANBAO_BUILD__|$build|; s|/\*__NIANBAO_PRECACHE__\*/|${list% }|" "$dir/sw.js"
minify "$dir/sw.js"
# The desk's files are not hashed by name: the build's name in their URLs keeps a stale copy in
# the HTTP cache from pairing an old glue with a new module.
for f in nianbao-desk.js nianbao-desk_bg.wasm desk.html desk-boot.js nianbao-docx.js nianbao-docx_bg.wasm \
  nianbao-pdf.js nianbao-pdf_bg.wasm; do
  if [ ! -f "$dir/$f" ]; then
    echo "trunk-post-build: $f is not in $dir" >&2
    exit 1
  fi
done
sed -i "s|__NIANBAO_BUILD__|$build|g" "$dir/desk.html" "$dir/index.html" "$dir/nianbao.js"
if grep -q '__NIANBAO_' "$dir/sw.js" "$dir/nianbao.js" "$dir/desk.html" "$dir/index.html"; then
  echo "trunk-post-build: a placeholder is left in sw.js, nianbao.js, desk.html or index.html" >&2
  exit 1
fi
