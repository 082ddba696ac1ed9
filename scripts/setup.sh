#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Gigawatt on a fresh Debian machine with rustup, node
# and npm. Idempotent: every step checks the version already present and skips when it matches.
#
#   wasm32-unknown-unknown target   rustup
#   trunk 0.21.14                   cargo install --locked          (~8-11 min to compile on 2 cores)
#   wasm-bindgen-cli = Cargo.lock   cargo install (not --locked)    (~3-6 min; also wasm-bindgen-test-runner)
#   crates of Cargo.lock            cargo fetch                     (Trunk builds with cargo --offline)
#   wasm-opt, playwright-core, axe  npm ci (package-lock.json)      (wasm-opt from the binaryen package; terser)
#   chromium, chromium-driver       apt-get (Debian)                (headless browser for every browser test)
#
# Usage: scripts/setup.sh [--check]
#   --check   install nothing: list what is missing and exit 1 if anything is.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GIGAWATT_ROOT"

check_only=0
case ${1:-} in
    "") ;;
    --check) check_only=1 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) gw_die "unknown argument '$1' (known: --check)" ;;
esac

setup_started=$SECONDS
missing=()

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

# install WHAT COMMAND...: runs COMMAND (timed) to install WHAT, or with --check only records it as missing.
install() {
    local what=$1
    shift
    if [[ $check_only -eq 1 ]]; then
        gw_say "MISSING $what (would run: $*)"
        missing+=("$what")
        return 0
    fi
    gw_say "install $what: $*"
    local started=$SECONDS
    "$@"
    gw_say "        $what installed in $((SECONDS - started)) s"
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
    gw_say "ok      rust target wasm32-unknown-unknown"
else
    install "rust target wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi

# --- trunk --------------------------------------------------------------------------------------------------
have_trunk=$(trunk --version 2>/dev/null | awk '{print $2}' || true)
if [[ $have_trunk == "$GIGAWATT_TRUNK_VERSION" ]]; then
    gw_say "ok      trunk $have_trunk"
else
    gw_say "trunk: need $GIGAWATT_TRUNK_VERSION, found '${have_trunk:-none}' (compiling takes about 8 minutes)"
    install "trunk $GIGAWATT_TRUNK_VERSION" cargo install --locked --force trunk --version "=$GIGAWATT_TRUNK_VERSION"
fi

# --- wasm-bindgen-cli: must equal the wasm-bindgen library version in Cargo.lock ----------------------------
[[ -f Cargo.lock ]] || gw_die "Cargo.lock is missing: the wasm-bindgen CLI version is read from it"
want_bindgen=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[[ $want_bindgen =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    gw_die "could not read the wasm-bindgen version from Cargo.lock (got '$want_bindgen')"
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [[ $have_bindgen == "$want_bindgen" && $have_runner == "$want_bindgen" ]]; then
    gw_say "ok      wasm-bindgen-cli $have_bindgen (matches Cargo.lock)"
else
    gw_say "wasm-bindgen-cli: need $want_bindgen (Cargo.lock), found '${have_bindgen:-none}' (about 3 minutes)"
    # Not --locked: its lock file names a crate version the registry no longer serves.
    install "wasm-bindgen-cli $want_bindgen" cargo install --force wasm-bindgen-cli --version "=$want_bindgen"
fi

# --- crates: `trunk --offline` builds with `cargo --offline`, so every crate (all targets) must be local --------
if [[ $check_only -eq 0 ]]; then
    gw_say "fetch   crates (cargo fetch; quick when they are already downloaded)"
    cargo fetch --quiet
fi

# --- npm packages (wasm-opt, playwright-core, axe-core) ------------------------------------------------------
# `npm ci` wipes node_modules, so it runs only when package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.gigawatt-lock-sha256
if [[ -f $stamp && $(cat "$stamp") == "$lock_hash" && -x node_modules/.bin/wasm-opt ]]; then
    gw_say "ok      npm packages (package-lock.json unchanged)"
else
    install "npm packages (binaryen/wasm-opt, terser, playwright-core, axe-core)" \
        npm ci --no-audit --no-fund --loglevel=error
    [[ $check_only -eq 1 ]] || printf '%s\n' "$lock_hash" >"$stamp"
fi
if [[ $check_only -eq 0 ]]; then
    wasm-opt --version >/dev/null 2>&1 || gw_die "wasm-opt from node_modules/.bin does not run"
fi

# --- Chromium and ChromeDriver (Debian packages) ------------------------------------------------------------
if [[ -x $GIGAWATT_CHROMIUM && -x $CHROMEDRIVER ]]; then
    gw_say "ok      $("$GIGAWATT_CHROMIUM" --version 2>/dev/null | head -n1), $("$CHROMEDRIVER" --version 2>/dev/null | awk '{print $1, $2}')"
else
    need_command apt-get "install Chromium and ChromeDriver yourself and set GIGAWATT_CHROMIUM / CHROMEDRIVER"
    export DEBIAN_FRONTEND=noninteractive
    install "chromium and chromium-driver (apt-get)" \
        as_root bash -c 'apt-get update -q && apt-get install -y -q chromium chromium-driver'
    if [[ $check_only -eq 0 && ! (-x $GIGAWATT_CHROMIUM && -x $CHROMEDRIVER) ]]; then
        gw_die "$GIGAWATT_CHROMIUM or $CHROMEDRIVER still missing after apt-get"
    fi
fi

if [[ $check_only -eq 1 ]]; then
    if [[ ${#missing[@]} -gt 0 ]]; then
        gw_say "missing: ${missing[*]}"
        exit 1
    fi
    gw_say "everything is installed"
    exit 0
fi
gw_say "setup done in $((SECONDS - setup_started)) s"
