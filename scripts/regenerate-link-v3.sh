#!/usr/bin/env bash
# Re-freezes share links of version 3 against today's presets: rewrites crates/model/src/link/v3_defaults.json
# (and the deltas the build carries: v3's against today's presets, v2's against the new v3 file), then the v3 link corpus (crates/model/tests/link-corpus/v3.txt and v3/*.json) made by
# `encode` against the new file. Version 3 SHIPPED on 3 Dec 2026 (LINK_V3_SHIPPED in
# crates/model/tests/link_corpus.rs), so the v3 steps now refuse: a new default needs link version 4 (copy this
# script for v4). After a preset change the web build's deltas alone are refreshed with
#   UPDATE_LINK_DEFAULTS=deltas cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_frozen_deltas
# Two cargo runs, because the frozen file is compiled into the model: the corpus must be encoded by a build
# that holds the new one. Honours CARGO_TARGET_DIR. The v1 and v2 files and corpora are never
# touched (only v2's delta, which must rebuild v2's file from the new v3 file).
set -euo pipefail
cd "$(dirname "$0")/.."
export UPDATE_LINK_DEFAULTS=3
# The first run compiles against the old frozen file (or, the first time, a copy of version 2's).
[ -e crates/model/src/link/v3_defaults.json ] ||
  cp crates/model/src/link/v2_defaults.json crates/model/src/link/v3_defaults.json
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v3_defaults --nocapture
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_frozen_deltas --nocapture
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v3_corpus --nocapture
unset UPDATE_LINK_DEFAULTS
# Everything about links, against the new files.
cargo test -p gigawatt-model --lib link::
cargo test -p gigawatt-model --test link --test link_corpus --test link_fuzz
