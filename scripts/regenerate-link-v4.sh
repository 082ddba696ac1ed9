#!/usr/bin/env bash
# Re-freezes share links of version 4 against today's presets: rewrites crates/model/src/link/v4_defaults.json
# (and the deltas the build carries: v4's against today's presets, v3's against the new v4 file), then the v4
# link corpus (crates/model/tests/link-corpus/v4.txt and v4/*.json) made by `encode` against the new file.
# Until version 4 ships (LINK_V4_SHIPPED in crates/model/tests/link_corpus.rs) it follows the calibration;
# after, it refuses, and a new default needs link version 5 (copy this script for v5). After a preset change
# the web build's deltas alone are refreshed with
#   UPDATE_LINK_DEFAULTS=deltas cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_frozen_deltas
# Two cargo runs, because the frozen file is compiled into the model: the corpus must be encoded by a build
# that holds the new one. Honours CARGO_TARGET_DIR. The v1–v3 files and corpora are never touched (only v3's
# delta, which must rebuild v3's file from the new v4 file).
set -euo pipefail
cd "$(dirname "$0")/.."
export UPDATE_LINK_DEFAULTS=4
# The first run compiles against the old frozen file (or, the first time, a copy of version 3's).
[ -e crates/model/src/link/v4_defaults.json ] ||
  cp crates/model/src/link/v3_defaults.json crates/model/src/link/v4_defaults.json
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v4_defaults --nocapture
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_frozen_deltas --nocapture
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v4_corpus --nocapture
unset UPDATE_LINK_DEFAULTS
# Everything about links, against the new files.
cargo test -p gigawatt-model --lib link::
cargo test -p gigawatt-model --test link --test link_corpus --test link_fuzz
