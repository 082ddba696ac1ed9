#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), then serves the app with live reload on http://127.0.0.1:8080
# (the default scenario opens at that address). Extra arguments go to `trunk serve`, e.g. `--release` for the
# small optimised build or `--port 9000`.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GIGAWATT_ROOT"

"$GIGAWATT_ROOT/scripts/setup.sh"
# The port: 8080 unless the arguments name one (trunk refuses `--port` twice).
port=8080
for ((i = 1; i <= $#; i++)); do
    case "${!i}" in
        --port) j=$((i + 1)); port=${!j:-$port} ;;
        --port=*) port=${!i#--port=} ;;
    esac
done
args=("$@")
[[ " $* " == *" --port"* ]] || args=(--port "$port" "${args[@]}")
gw_say "serving on http://127.0.0.1:$port (Ctrl+C stops)"
exec trunk serve --offline --address 127.0.0.1 "${args[@]}"
