#!/usr/bin/env bash
# Installs what building, serving and testing nianbao needs, when it is missing (sourced by
# scripts/serve and scripts/test; each step checks first, so running it again costs seconds).
# Versions and pitfalls: ../shared/TOOLCHAIN.md. Only the package registries are reachable:
# crates.io (trunk, wasm-bindgen-cli), npm (binaryen's wasm-opt, terser, playwright-core), Debian
# (chromium).
set -euo pipefail

NB_TRUNK_VERSION=0.21.14
NB_WASM_BINDGEN_VERSION=0.2.130

export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

nb_log() { echo "setup: $*" >&2; }

nb_rust_target() {
  if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    nb_log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The web build: trunk, wasm-bindgen (equal to the crate's pinned version), wasm-opt and terser
# from npm.
nb_web_tools() {
  nb_rust_target
  if ! trunk --version 2>/dev/null | grep -q "$NB_TRUNK_VERSION"; then
    nb_log "installing trunk $NB_TRUNK_VERSION (about 9 minutes on 2 cores)"
    cargo install trunk --version "$NB_TRUNK_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$NB_WASM_BINDGEN_VERSION"; then
    nb_log "installing wasm-bindgen-cli $NB_WASM_BINDGEN_VERSION (about 3 minutes)"
    # Without --locked: its lockfile names a version the registry here lacks (TOOLCHAIN.md).
    cargo install wasm-bindgen-cli --version "$NB_WASM_BINDGEN_VERSION"
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] \
     || [ ! -x node_modules/.bin/playwright-core ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    nb_log "installing npm tools (binaryen, terser, playwright-core)"
    npm ci --no-audit --no-fund
  fi
}

# The browser for end-to-end and wasm tests: Debian's chromium and chromedriver.
# A CJK font, so that the screenshots the tests keep show Chinese rather than boxes.
nb_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
     || ! ls /usr/share/fonts/truetype/wqy/wqy-microhei.ttc >/dev/null 2>&1; then
    nb_log "installing chromium, chromedriver and a CJK font (Debian packages)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei
  fi
}
