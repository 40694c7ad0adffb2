#!/bin/sh
# Builds Frontdesk in ./build and runs the whole test suite headless: a
# virtual X server for the GUI tests, each of which starts its own private
# session bus. Ends with "N passed, N failed" on a line of its own.
set -u
cd "$(dirname "$0")/.."

if [ ! -d build ]; then
  meson setup build -Dwerror=true || exit 1
fi
ninja -C build || exit 1

xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C build --print-errorlogs --num-processes 2 "$@"
status=$?

python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
results = [json.loads(line)["result"] for line in open(sys.argv[1])]
passed = sum(r in ("OK", "EXPECTEDFAIL") for r in results)
skipped = results.count("SKIP")
print(f"{passed} passed, {len(results) - passed - skipped} failed, {skipped} skipped")
PY
exit $status
