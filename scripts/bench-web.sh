#!/usr/bin/env bash
# Web performance figures of the release build (see scripts/bench-mc.mjs and scripts/bench-web.mjs for what is
# measured): Monte Carlo in the workers against native (1,000 and 10,000 runs, cost per run, 100,000 runs' time
# and peak memory), brotli transfer size of wasm + js + css (the first view's against its 360 KB budget),
# navigation → all charts drawn, and the median slider input → all visible charts redrawn. Pass --no-build to
# measure the dist/ already there.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GIGAWATT_ROOT"

build=1
for argument in "$@"; do
    case $argument in
        --no-build) build=0 ;;
        -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
        *) gw_die "unknown argument '$argument' (known: --no-build)" ;;
    esac
done

"$GIGAWATT_ROOT/scripts/setup.sh"
if [[ $build -eq 1 ]]; then
    gw_say "building the release site (trunk build --release --offline)"
    trunk build --release --offline
fi
[[ -f dist/index.html ]] || gw_die "dist/index.html is missing: run without --no-build"
# Monte Carlo in Web Workers: 1,000, 10,000 and 100,000 runs, cost per run, peak memory, main-thread long tasks,
# native figures beside (from the current sources, in the same run).
cargo build --release --offline -q -p gigawatt-cli
node scripts/bench-mc.mjs
exec node scripts/bench-web.mjs
