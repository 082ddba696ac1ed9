#!/usr/bin/env bash
# Re-freezes share links of version 2 against today's presets: rewrites crates/model/src/link/v2_defaults.json
# (and its .deflate copy), then the v2 link corpus (crates/model/tests/link-corpus/v2.txt and v2/*.json) made by
# `encode` against the new file. Run it after the final calibration, BEFORE link version 2 ships; once it has
# shipped, set LINK_V2_SHIPPED in crates/model/tests/link_corpus.rs and the tests refuse to regenerate.
# Two cargo runs, because the frozen file is compiled into the model: the corpus must be encoded by a build
# that holds the new one. Honours CARGO_TARGET_DIR. v1_defaults.json and the v1 corpus are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
export UPDATE_LINK_DEFAULTS=2
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v2_defaults --nocapture
cargo test -p gigawatt-model --test link_corpus -- --ignored --exact regenerate_v2_corpus --nocapture
unset UPDATE_LINK_DEFAULTS
# Everything about links, against the new files.
cargo test -p gigawatt-model --lib link::
cargo test -p gigawatt-model --test link --test link_corpus --test link_fuzz
