#!/usr/bin/env bash
# Installs what building and testing nianbao needs, when it is missing. Sourced by scripts/test and
# scripts/serve; safe to run again (each step checks first). Versions: see ../shared/TOOLCHAIN.md.
set -euo pipefail

need_rust_target() {
  if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    echo "setup: adding the wasm32-unknown-unknown target" >&2
    rustup target add wasm32-unknown-unknown
  fi
}

need_rust_target
