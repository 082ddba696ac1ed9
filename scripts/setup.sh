#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Gigawatt on a fresh Debian machine with rustup, node
# and npm. Idempotent: every step checks the version already present and skips when it matches.
#
#   wasm32-unknown-unknown target   rustup
#   trunk 0.21.14                   cargo install --locked          (~8 min to compile on 2 cores)
#   wasm-bindgen-cli = Cargo.lock   cargo install (not --locked)    (~3 min; also wasm-bindgen-test-runner)
#   wasm-opt, playwright-core       npm ci (package-lock.json)      (wasm-opt from the binaryen package)
#   chromium, chromium-driver       apt-get (Debian)                (headless browser for every browser test)
#   crates of Cargo.lock            cargo fetch                     (Trunk builds with cargo --offline)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GIGAWATT_ROOT"

setup_started=$SECONDS

need_command() {
    command -v "$1" >/dev/null 2>&1 || gw_die "'$1' is not installed; $2"
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@" || gw_die "needs root for: $* (run once as root, or install it yourself)"
    else
        gw_die "needs root for: $* (run once as root, or install it yourself)"
    fi
}

# --- base toolchains (not installed here: they come with the machine) ---------------------------------------
need_command cargo "install Rust with rustup (https://rustup.rs)"
need_command rustup "install Rust with rustup (the wasm32 target is added through it)"
need_command node "install Node.js 20 or newer"
need_command npm "install npm (comes with Node.js)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[[ $node_major -ge 20 ]] || gw_die "Node.js $(node --version) is too old: the tests need 20 or newer"

# --- wasm32 target ------------------------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    gw_say "ok    rust target wasm32-unknown-unknown"
else
    gw_say "add   rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# --- trunk --------------------------------------------------------------------------------------------------
have_trunk=$(trunk --version 2>/dev/null | awk '{print $2}' || true)
if [[ $have_trunk == "$GIGAWATT_TRUNK_VERSION" ]]; then
    gw_say "ok    trunk $have_trunk"
else
    gw_say "build trunk $GIGAWATT_TRUNK_VERSION (found '${have_trunk:-none}'; about 8 minutes on 2 cores)"
    step_started=$SECONDS
    cargo install --locked --force trunk --version "=$GIGAWATT_TRUNK_VERSION"
    gw_say "      trunk installed in $((SECONDS - step_started)) s"
fi

# --- wasm-bindgen-cli: must equal the wasm-bindgen library version in Cargo.lock ----------------------------
[[ -f Cargo.lock ]] || gw_die "Cargo.lock is missing: the wasm-bindgen CLI version is read from it"
want_bindgen=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[[ $want_bindgen =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || gw_die "could not read the wasm-bindgen version from Cargo.lock (got '$want_bindgen')"
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [[ $have_bindgen == "$want_bindgen" && $have_runner == "$want_bindgen" ]]; then
    gw_say "ok    wasm-bindgen-cli $have_bindgen (matches Cargo.lock)"
else
    gw_say "build wasm-bindgen-cli $want_bindgen (found '${have_bindgen:-none}'; about 3 minutes)"
    step_started=$SECONDS
    # Not --locked: its lock file names a crate version the registry no longer serves.
    cargo install --force wasm-bindgen-cli --version "=$want_bindgen"
    gw_say "      wasm-bindgen-cli installed in $((SECONDS - step_started)) s"
fi

# --- crates: `trunk --offline` builds with `cargo --offline`, so every crate (all targets) must be local --------
gw_say "fetch crates (cargo fetch; quick when they are already downloaded)"
cargo fetch --quiet

# --- npm packages (wasm-opt, playwright-core) ---------------------------------------------------------------
# `npm ci` wipes node_modules, so it runs only when package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.gigawatt-lock-sha256
if [[ -f $stamp && $(cat "$stamp") == "$lock_hash" && -x node_modules/.bin/wasm-opt ]]; then
    gw_say "ok    npm packages (package-lock.json unchanged)"
else
    gw_say "npm   ci (binaryen/wasm-opt, playwright-core)"
    npm ci --no-audit --no-fund --loglevel=error
    printf '%s\n' "$lock_hash" >"$stamp"
fi
wasm-opt --version >/dev/null 2>&1 || gw_die "wasm-opt from node_modules/.bin does not run"

# --- Chromium and ChromeDriver (Debian packages) ------------------------------------------------------------
if [[ -x $GIGAWATT_CHROMIUM && -x $CHROMEDRIVER ]]; then
    gw_say "ok    $("$GIGAWATT_CHROMIUM" --version 2>/dev/null | head -n1), $("$CHROMEDRIVER" --version 2>/dev/null | awk '{print $1, $2}')"
else
    need_command apt-get "install Chromium and ChromeDriver yourself and set GIGAWATT_CHROMIUM / CHROMEDRIVER"
    gw_say "apt   install chromium chromium-driver"
    step_started=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -q
    as_root apt-get install -y -q chromium chromium-driver
    gw_say "      chromium installed in $((SECONDS - step_started)) s"
    [[ -x $GIGAWATT_CHROMIUM && -x $CHROMEDRIVER ]] || gw_die "chromium or chromedriver still missing after apt-get"
fi

gw_say "setup done in $((SECONDS - setup_started)) s"
