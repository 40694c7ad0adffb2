#!/bin/sh
# Runs the core tests under valgrind memcheck in ./build-valgrind (an
# ordinary build): any invalid access, use of uninitialised memory or
# definite leak fails the test. tests/valgrind.supp holds the only
# exceptions, each explained. GSlice hands every block to malloc so that
# memcheck sees it. Ends with "N passed, N failed" on a line of its own.
#
#   tests/run-valgrind.sh [TEST...]    (default: the core tests below)
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
build=${VALGRIND_BUILD:-build-valgrind}
start=$(date +%s)

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true || exit 1
fi
ninja -C "$build" || exit 1

tests=${*:-"test-parser test-parser-errors test-fuzz-regressions test-tracker test-call-control
  test-client test-poller test-journal test-journal-team test-journal-crash test-simulator
  test-simulator-fault test-simulator-scenario"}

export G_SLICE=always-malloc
# shellcheck disable=SC2086
meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 10 \
  --wrapper "valgrind --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --error-exitcode=1 --num-callers=40 \
    --suppressions=$root/tests/valgrind.supp" \
  $tests
status=$?

echo "valgrind run took $(( $(date +%s) - start )) s"
python3 - "$build/meson-logs/testlog-valgrind.json" <<'PY'
import json, sys
results = [json.loads(line)["result"] for line in open(sys.argv[1])]
passed = sum(r in ("OK", "EXPECTEDFAIL") for r in results)
skipped = results.count("SKIP")
print(f"{passed} passed, {len(results) - passed - skipped} failed, {skipped} skipped")
PY
exit $status
