#!/usr/bin/env bash
# Runs every test of Gigawatt, installing missing tools first (scripts/setup.sh):
#   1. native      cargo test --workspace                              (model, charts, cli, app logic)
#   2. browser     cargo test --target wasm32-unknown-unknown -p gigawatt-app
#                  (wasm-bindgen-test in headless Chromium through chromedriver; runner in .cargo/config.toml)
#   3. build       trunk build --release --offline                     (dist/, profile `web`, wasm-opt -Oz)
#   4. end-to-end  node --test tests/e2e/*.test.mjs                    (Playwright stories against dist/)
# Every step runs even when an earlier one fails (the end-to-end stories need step 3). Exits non-zero when any
# step fails; the last lines say which steps passed and how many tests passed and failed.
#
# Usage: scripts/test.sh [STEP...]   STEP: native, browser, build, e2e (default: all, in that order).
#        `scripts/test.sh e2e` alone runs the stories against the dist/ already built.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GIGAWATT_ROOT"

declare -A wanted=()
for argument in "$@"; do
    case $argument in
        native | browser | build | e2e) wanted[$argument]=1 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) gw_die "unknown step '$argument' (steps: native browser build e2e)" ;;
    esac
done
if [[ $# -eq 0 ]]; then wanted=([native]=1 [browser]=1 [build]=1 [e2e]=1); fi

run_started=$SECONDS
"$GIGAWATT_ROOT/scripts/setup.sh" || gw_die "setup failed (see above); no test was run"

log_dir="$GIGAWATT_ROOT/target/test-logs"
mkdir -p "$log_dir"

declare -a summary_lines=()
tests_passed=0
tests_failed=0
any_step_failed=0

# Sums the passed/failed counts of cargo's (and wasm-bindgen-test-runner's) "test result:" lines.
count_cargo_tests() {
    awk '/^test result: / {
            for (i = 2; i <= NF; i++) {
                if ($i ~ /^passed;?$/) passed += $(i - 1)
                if ($i ~ /^failed;?$/) failed += $(i - 1)
            }
         }
         END { print passed + 0, failed + 0 }' "$1"
}

# Reads the closing counts of node's test runner (spec reporter "ℹ pass N", TAP "# pass N").
count_node_tests() {
    awk '/^(ℹ|#) pass [0-9]+$/ { passed = $3 }
         /^(ℹ|#) fail [0-9]+$/ { failed = $3 }
         END { print passed + 0, failed + 0 }' "$1"
}

# run_step NAME COUNTER COMMAND...: runs COMMAND with its output shown and logged, records PASS/FAIL.
# COUNTER is cargo, node or none (a step with no test counts, such as a build).
run_step() {
    local name=$1 counter=$2
    shift 2
    local log="$log_dir/$name.log" started=$SECONDS status=0
    gw_say "=== $name: $*"
    "$@" 2>&1 | tee "$log" || status=$?
    local passed=0 failed=0 counts=""
    case $counter in
        cargo) read -r passed failed < <(count_cargo_tests "$log") ;;
        node) read -r passed failed < <(count_node_tests "$log") ;;
    esac
    if [[ $counter != none ]]; then
        counts=" ($passed passed, $failed failed)"
        # A failing step that never reached its tests (compile error, crash) still counts as one failure.
        if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
        if [[ $status -eq 0 && $passed -eq 0 ]]; then
            status=1
            counts=" (ran no test)"
            failed=1
        fi
        tests_passed=$((tests_passed + passed))
        tests_failed=$((tests_failed + failed))
    fi
    local verdict=PASS
    if [[ $status -ne 0 ]]; then
        verdict=FAIL
        any_step_failed=1
    fi
    summary_lines+=("$(printf '%-4s  %-10s %4ss  %s%s' "$verdict" "$name" "$((SECONDS - started))" "$*" "$counts")")
    gw_say "=== $name: $verdict$counts; log in ${log#"$GIGAWATT_ROOT"/}"
    return 0
}

skip_step() {
    summary_lines+=("$(printf '%-4s  %-10s %4ss  %s' SKIP "$1" 0 "$2")")
    any_step_failed=1
}

if [[ -n ${wanted[native]:-} ]]; then
    run_step native cargo cargo test --workspace --no-fail-fast
fi
if [[ -n ${wanted[browser]:-} ]]; then
    # wasm-bindgen-test-runner gives each test file 20 s by default; the Monte Carlo tests (a debug build) ran
    # out of it on a 2-core machine busy with other builds (4 Dec 2026).
    export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
    run_step browser cargo cargo test --target wasm32-unknown-unknown -p gigawatt-app --no-fail-fast
fi
build_ok=1
if [[ -n ${wanted[build]:-} ]]; then
    run_step build none trunk build --release --offline
    [[ ${summary_lines[-1]} == PASS* ]] || build_ok=0
elif [[ ! -f dist/index.html ]]; then
    build_ok=0
fi
if [[ -n ${wanted[e2e]:-} ]]; then
    if [[ $build_ok -eq 1 ]]; then
        shopt -s nullglob
        e2e_files=(tests/e2e/*.test.mjs)
        shopt -u nullglob
        export GIGAWATT_DIST="$GIGAWATT_ROOT/dist"
        run_step e2e node node --test --test-reporter=spec --test-concurrency=1 --test-timeout=300000 "${e2e_files[@]}"
    else
        skip_step e2e "end-to-end stories need the release build in dist/ (step build)"
    fi
fi

echo
echo "================ Gigawatt test summary ($((SECONDS - run_started)) s) ================"
printf '%s\n' "${summary_lines[@]}"
if [[ $any_step_failed -eq 0 ]]; then
    echo "RESULT: PASS (every step passed)"
else
    echo "RESULT: FAIL (see the FAIL/SKIP steps above; logs in target/test-logs/)"
fi
echo "tests: $tests_passed passed, $tests_failed failed"
exit "$any_step_failed"
