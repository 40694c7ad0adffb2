#!/bin/sh
# The fuzz smoke test of the suite: runs FUZZER over a scratch copy of the
# seeds and the regression inputs (libFuzzer writes new inputs into its
# first corpus folder, which must not be the source tree), then a fixed
# number of mutations with a fixed seed, so every run does the same work.
# Usage: fuzz-smoke.sh FUZZER DICT RUNS INPUT-FOLDER...
set -eu
fuzzer=$1 dict=$2 runs=$3
shift 3

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
for dir in "$@"; do
  find "$dir" -maxdepth 1 -type f ! -name '*.pem' -exec cp {} "$work/corpus/" \;
done

# The suite's ASAN_OPTIONS unwind every malloc the slow way, for leak
# suppressions; libFuzzer only needs that for a finding.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=1"

"$fuzzer" -runs="$runs" -seed=1 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$dict" -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" 2>&1
