#!/bin/sh
# Fuzzes the parser pipeline for SECONDS (default 60) with libFuzzer under
# AddressSanitizer and UndefinedBehaviorSanitizer, in one process on one
# core (no -jobs/-workers: the machine is shared). To go on past a crash,
# add "-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1".
#
#   tests/fuzz/run-fuzz.sh [SECONDS] [extra libFuzzer options...]
#
# Builds build-fuzz with clang if needed, seeds a work folder (FUZZ_WORK,
# default build-fuzz/fuzz-work) from tests/data/*.xml and the regression
# inputs, runs, prints the executions and coverage from libFuzzer's final
# lines, and copies every crash-*, timeout-*, oom-* and leak-* input into
# tests/data/fuzz-regressions/. Exits 1 when it found anything.
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${FUZZ_BUILD:-build-fuzz}
work=${FUZZ_WORK:-$root/$build/fuzz-work}
regressions=$root/tests/data/fuzz-regressions

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false || exit 1
fi
ninja -C "$build" tests/fuzz/fuzz-parser || exit 1

mkdir -p "$work/corpus" "$work/artifacts" "$regressions"
cp tests/data/*.xml "$work/corpus/"
find "$regressions" -maxdepth 1 -type f ! -name 'README*' -exec cp {} "$work/corpus/" \;

# UBSan must stop at the first report so libFuzzer keeps the input.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export TZ=Europe/Budapest LC_ALL=C.UTF-8
log=$work/fuzz.log

# Run a copy: a rebuild during a long run must not swap the binary under
# libFuzzer (fork mode starts it again for every job).
cp "$build/tests/fuzz/fuzz-parser" "$work/fuzz-parser"

echo "Fuzzing for $seconds s; log in $log"
"$work/fuzz-parser" \
  -max_total_time="$seconds" \
  -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict=tests/fuzz/xml.dict -artifact_prefix="$work/artifacts/" \
  -print_final_stats=1 "$@" "$work/corpus" >"$log" 2>&1
status=$?

last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
echo "last status line: $last"
execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -n 1)
[ -n "$execs" ] || execs=$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')
echo "executions: $execs"
echo "coverage: $(echo "$last" | grep -oE 'cov: [0-9]+') $(echo "$last" | grep -oE 'ft: [0-9]+')"
echo "corpus: $(ls "$work/corpus" | wc -l) inputs"
# Fork mode counts coverage its own way: replay the corpus once so every
# run reports the same measure (edges of the instrumented pipeline code).
replay=$("$work/fuzz-parser" -runs=0 -max_len=65536 "$work/corpus" 2>&1 | grep -m1 INITED)
echo "corpus coverage: $(echo "$replay" | grep -oE 'cov: [0-9]+') $(echo "$replay" | grep -oE 'ft: [0-9]+')" \
  "of $("$work/fuzz-parser" -runs=0 2>&1 | grep -m1 -oE '[0-9]+ inline 8-bit counters' | cut -d' ' -f1) edges"

found=0
for f in "$work"/artifacts/crash-* "$work"/artifacts/timeout-* \
         "$work"/artifacts/oom-* "$work"/artifacts/leak-*; do
  [ -e "$f" ] || continue
  cp "$f" "$regressions/"
  echo "FOUND: $(basename "$f") -> tests/data/fuzz-regressions/"
  found=1
done
[ $found -eq 0 ] || exit 1
echo "libFuzzer exit status: $status"
exit $status
