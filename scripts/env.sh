# shellcheck shell=bash
# Sourced (not executed) by the other scripts: puts the project's tools on PATH.
#
# - node_modules/.bin holds `wasm-opt` (npm package binaryen), which Trunk runs on release builds and which
#   it cannot download offline.
# - ~/.cargo/bin holds trunk, wasm-bindgen and wasm-bindgen-test-runner (cargo install).
# - CHROMEDRIVER tells wasm-bindgen-test-runner to drive Debian's headless Chromium.

GIGAWATT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GIGAWATT_ROOT
export PATH="$GIGAWATT_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export GIGAWATT_CHROMIUM="${GIGAWATT_CHROMIUM:-/usr/bin/chromium}"

# Trunk pinned here; the wasm-bindgen CLI version is read from Cargo.lock (it must equal the library's).
export GIGAWATT_TRUNK_VERSION="0.21.14"

# Prints a timestamped progress line (stdout, so it interleaves in order with the tools' own output).
gw_say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
# Prints an error and exits non-zero.
gw_die() { printf 'error: %s\n' "$*" >&2; exit 1; }
