#!/bin/sh
# Builds Frontdesk with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc or whatever CC says) in ./build-asan and runs the whole test suite
# headless, like tests/run-all.sh: a virtual X server for the GUI tests,
# each of which starts its own private session bus. tests/meson.build sets
# ASAN_OPTIONS, UBSAN_OPTIONS (halt on the first report) and LSAN_OPTIONS
# (tests/lsan.supp) for this build. Ends with "N passed, N failed" on a
# line of its own. Extra arguments go to meson test.
set -u
cd "$(dirname "$0")/.."
build=${SANITIZE_BUILD:-build-asan}
start=$(date +%s)

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Db_sanitize=address,undefined -Dwerror=true || exit 1
fi
ninja -C "$build" || exit 1

# The sanitizers make everything slower: twice the usual timeouts, and
# four times the deadlines the tests wait with.
export FRONTDESK_TEST_TIME_SCALE="${FRONTDESK_TEST_TIME_SCALE:-4}"
xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 2 "$@"
status=$?

echo "sanitizer build and tests took $(( $(date +%s) - start )) s"
python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
results = [json.loads(line)["result"] for line in open(sys.argv[1])]
passed = sum(r in ("OK", "EXPECTEDFAIL") for r in results)
skipped = results.count("SKIP")
print(f"{passed} passed, {len(results) - passed - skipped} failed, {skipped} skipped")
PY
exit $status
