#!/bin/sh
# Runs every benchmark behind the README's Performance table and prints the
# table, in Markdown, with the command that repeats each figure.
#
#   tests/perf/run-all.sh [BUILD_DIR]        (default: build)
#
# The build folder is set up (-Dwerror=true) and built when needed. Raw
# output goes to BUILD_DIR/perf-results/. Takes about six minutes: the
# notification latency runs in real time (20 calls at each interval),
# rss.sh lets the demo app run for 70 s, and cpu-per-poll.sh (run when it
# is there) polls 300 times each way. Figures are wall-clock times on
# whatever else the machine is doing: the table ends with the load average.
set -u
cd "$(dirname "$0")/../.." || exit 1

build=${1:-build}
if [ ! -d "$build" ]; then
  meson setup "$build" -Dwerror=true >&2 || exit 1
fi
ninja -C "$build" >&2 || exit 1
results=$build/perf-results
mkdir -p "$results"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/cache"
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
       XDG_CACHE_HOME="$scratch/cache"
export LC_ALL=C.UTF-8 NO_AT_BRIDGE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory \
       GSETTINGS_SCHEMA_DIR="$build/data" GIO_USE_PROXY_RESOLVER=dummy GIO_USE_VFS=local
# Always a virtual X server and a private bus, never the desktop's.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

run() {
  name=$1
  shift
  echo "== $name: $*" >&2
  if ! "$@" > "$results/$name.txt"; then
    echo "run-all.sh: $name failed" >&2
    exit 1
  fi
  cat "$results/$name.txt" >&2
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run bench "$build/src/frontdesk-bench"
run window tests/gui-test-wrapper.sh "$build/tests/perf/perf-window"
run window-sorted tests/gui-test-wrapper.sh "$build/tests/perf/perf-window" --sort-talking --max 1000
run latency tests/gui-test-wrapper.sh "$build/tests/perf/perf-notify-latency"
run rss tests/perf/rss.sh "$build"
if [ -x tests/perf/cpu-per-poll.sh ]; then
  run cpu tests/perf/cpu-per-poll.sh --build "$build"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$results" "$build" "$load_before" "$load_after" "$(nproc)" <<'PY'
import os
import re
import sys

results, build, load_before, load_after, cpus = sys.argv[1:6]

def records(name):
    """Each line of key=value pairs as a dict."""
    rows = []
    for line in open(f"{results}/{name}.txt"):
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
        if fields:
            rows.append(fields)
    return rows

def verdict(ok):
    return "met" if ok else "**missed**"

bench_cmd = f"`{build}/src/frontdesk-bench`"
window_cmd = f"`tests/gui-test-wrapper.sh {build}/tests/perf/perf-window`"
sorted_cmd = f"`tests/gui-test-wrapper.sh {build}/tests/perf/perf-window --sort-talking --max 1000`"
cpu_cmd = f"`tests/perf/cpu-per-poll.sh --build {build}`"
latency_cmd = f"`tests/gui-test-wrapper.sh {build}/tests/perf/perf-notify-latency`"
rss_cmd = f"`tests/perf/rss.sh {build}`"

table = [("Measure", "Result", "Goal", "Verdict", "Command")]

for b in records("bench"):
    n = int(b["calls"])
    goal = "≤ 1.5" if n == 10000 else "–"
    ok = float(b["ratio"]) <= 1.5
    table.append((f"Snapshot pipeline / bare libxml2 parse, {n:,} calls",
                  f"{b['ratio']} ({b['pipeline_ms']} ms / {b['parse_ms']} ms)",
                  goal, verdict(ok) if n == 10000 else "–", bench_cmd))

def window_rows(name, label, cmd):
    for w in records(name):
        n = int(w["rows"])
        apply_ok = float(w["apply_ms_median"]) < 16 and float(w["apply_ms_p95"]) < 16
        table.append((f"Window{label}: apply a snapshot, {n:,} rows (median / p95; CPU median)",
                      f"{w['apply_ms_median']} / {w['apply_ms_p95']} ms; {w['apply_cpu_ms_median']} ms",
                      "< 16 ms" if n == 1000 else "–",
                      verdict(apply_ok) if n == 1000 else "–", cmd))
        if "frame_ms_median" in w:
            table.append((f"Window{label}: then the next frame, {n:,} rows (median / p95; its layout "
                          "and paint, CPU)",
                          f"{w['frame_ms_median']} / {w['frame_ms_p95']} ms; {w['paint_cpu_ms_median']} ms",
                          "–", "–", cmd))
        table.append((f"Window{label}: main loop busy after a snapshot, {n:,} rows (median / p95)",
                      f"{w['busy_ms_median']} / {w['busy_ms_p95']} ms", "–", "–", cmd))
        table.append((f"Window{label}: first snapshot (populate), {n:,} rows", f"{w['populate_ms']} ms",
                      "–", "–", cmd))

window_rows("window", "", window_cmd)
window_rows("window-sorted", " sorted by talk time", sorted_cmd)

for l in records("latency"):
    goal = float(l["goal_ms"])
    table.append((f"Ring → notification sent, poll every {l['interval_s']} s, {l['calls']} calls "
                  "(median / p95 / max)",
                  f"{l['latency_ms_median']} / {l['latency_ms_p95']} / {l['latency_ms_max']} ms",
                  f"max ≤ {goal:.0f} ms", verdict(float(l["latency_ms_max"]) <= goal), latency_cmd))

rss = records("rss")
sent = next((r["notifications_sent"] for r in rss if "notifications_sent" in r), "?")
measured = set()
gl_label = {"auto": "GL driver loaded as GDK does on X11 (Mesa llvmpipe here)",
            "off": "GDK_GL=disable"}
for r in rss:
    if "program" not in r:
        continue
    mib = lambda key: f"{int(r[key]) / 1024:.1f}"
    gl = gl_label[r["gl"]]
    if r["program"] == "minimal-gtk":
        table.append((f"Resident memory, minimal GTK 3 window, {gl} (RSS / PSS / private dirty)",
                      f"{mib('rss_kib')} / {mib('pss_kib')} / {mib('dirty_kib')} MiB", "–", "–", rss_cmd))
        continue
    what = "`frontdesk --demo`" if r["program"] == "frontdesk-demo" else "`frontdesk --url` (frontdesk-sim apart)"
    label = f"Resident memory, {what} after {r['after_s']} s, {gl}"
    # rss.sh measures the demo a second time after a minute of its calls.
    key = (r["program"], r["gl"])
    if key in measured:
        label += " (demo calls all along)"
    measured.add(key)
    table.append((label + ": ratio to the minimal window, RSS (PSS, private dirty)",
                  f"{r['rss_ratio']} ({mib('rss_kib')} MiB) ({r['pss_ratio']}, {r['dirty_ratio']})",
                  "RSS ≤ 1.5×", verdict(float(r["rss_ratio"]) <= 1.5), rss_cmd))

if os.path.exists(f"{results}/cpu.txt"):
    text = open(f"{results}/cpu.txt").read()
    ratio = re.search(r"ratio frontdesk/loop\s+([0-9.]+)", text)
    per_fd = re.search(r"frontdesk --watch.* = ([0-9.]+) ms per poll", text)
    per_loop = re.search(r"curl \| xmllint loop.* = ([0-9.]+) ms per poll", text)
    if ratio and per_fd and per_loop:
        table.append(("CPU per poll, 50 calls: `frontdesk --watch` / `curl \\| xmllint` loop",
                      f"{ratio.group(1)} ({per_fd.group(1)} ms / {per_loop.group(1)} ms)",
                      "≤ 0.25", verdict(float(ratio.group(1)) <= 0.25), cpu_cmd))
    else:
        table.append(("CPU per poll, 50 calls", f"see {results}/cpu.txt", "≤ 0.25", "?", cpu_cmd))

for i, row in enumerate(table):
    print("| " + " | ".join(row) + " |")
    if i == 0:
        print("|" + "|".join(" --- " for _ in row) + "|")
print()
print(f"{cpus} CPUs; load average (1, 5, 15 min) {load_before} before the run, {load_after} after. "
      "A busy machine inflates the wall-clock figures; the CPU figures much less. "
      f"The apps measured for memory sent {sent} notifications in all.")
PY
