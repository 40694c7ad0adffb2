#!/bin/sh
# Resident memory of the desktop app against a minimal GTK 3 window
# (issue 6, item 5; goal: at most 1.5 times).
#
#   tests/perf/rss.sh [BUILD_DIR]        (default: build)
#
# Every program runs alone, one after the other, on a virtual X server and
# a private session bus (tests/session.conf) with a fake notification
# server on it, so that libnotify connects as on a desktop; HOME and the
# XDG folders are a scratch folder, GSettings is in memory.
#
# Two passes. gl=auto: GDK as it starts anywhere on X11, which loads the
# OpenGL driver to pick its visuals (on Xvfb Mesa's software one with
# libLLVM, some 55 MiB that both programs carry). gl=off: GDK_GL=disable,
# GTK without any GL driver, so what the app adds shows against less.
# Measured RSS_SETTLE seconds after each start (default 10):
#   minimal-gtk, a GtkWindow with a label;
#   frontdesk --demo, with the simulated PBX inside the process; with
#     gl=auto also after RSS_TRAFFIC more seconds of demo calls (default 60);
#   frontdesk --url (gl=off only) against frontdesk-sim --random in a
#     process of its own, as the app runs at a front desk.
# Prints one line per measurement:
#   program=P gl=G after_s=S rss_kib=… pss_kib=… dirty_kib=… [rss_ratio=… pss_ratio=… dirty_ratio=…]
# rss is VmRSS (/proc/PID/status); pss and dirty (Private_Dirty: heap,
# stacks, written library data, what the process alone holds however many
# others share its libraries) come from /proc/PID/smaps_rollup where the
# kernel has it. The ratios are over the minimal window's figures of the
# same pass.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
settle=${RSS_SETTLE:-10}
traffic=${RSS_TRAFFIC:-60}

for program in src/frontdesk src/frontdesk-sim tests/perf/minimal-gtk tests/perf/fake-notifyd; do
  if [ ! -x "$build/$program" ]; then
    echo "rss.sh: $build/$program is missing: build it first (ninja -C $build)" >&2
    exit 1
  fi
done

# Outside: a scratch home, then this script again inside Xvfb and a bus.
if [ -z "${FD_RSS_INNER:-}" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT INT TERM
  mkdir -p "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/cache" "$scratch/runtime"
  chmod 700 "$scratch/runtime"
  unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
  FD_RSS_INNER=1 HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
  XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime" \
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" NO_AT_BRIDGE=1 GTK_A11Y=none \
  GIO_USE_VFS=local LC_ALL=C.UTF-8 \
    xvfb-run -a -s "-screen 0 1280x1024x24" \
    dbus-run-session --config-file="$src/tests/session.conf" -- "$0" "$build"
  exit $?
fi

pids=""
cleanup() {
  for pid in $pids; do
    kill "$pid" 2> /dev/null || true
  done
}
trap cleanup EXIT

# "rss pss dirty" in KiB of process $1.
measure() {
  if ! kill -0 "$1" 2> /dev/null; then
    echo "rss.sh: process $1 ($2) has exited" >&2
    exit 1
  fi
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status")
  if [ -r "/proc/$1/smaps_rollup" ]; then
    awk -v rss="$rss" '/^Pss:/ { pss = $2 } /^Private_Dirty:/ { dirty = $2 }
                       END { print rss, pss, dirty }' "/proc/$1/smaps_rollup"
  else
    echo "$rss - -"
  fi
}

# A line of figures, with ratios to the baseline "$4 $5 $6" if given.
report() {
  awk -v program="$1" -v after="$2" -v figures="$3" -v base="${4:-}" 'BEGIN {
    split(figures, f, " "); split(base, b, " ");
    split(program, p, " ");
    line = sprintf("program=%s %s after_s=%s rss_kib=%s pss_kib=%s dirty_kib=%s", p[1], p[2], after, f[1], f[2], f[3]);
    if (base != "") {
      split("rss pss dirty", name, " ");
      for (i = 1; i <= 3; i++)
        if (f[i] != "-" && b[i] > 0)
          line = line sprintf(" %s_ratio=%.2f", name[i], f[i] / b[i]);
    }
    print line
  }'
}

"$build/tests/perf/fake-notifyd" > "$XDG_RUNTIME_DIR/notifyd.log" &
notifyd=$!
pids="$notifyd"
tries=0
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications 2> /dev/null |
      grep -q true; do
  tries=$((tries + 1))
  if [ $tries -gt 50 ]; then
    echo "rss.sh: the fake notification server did not start" >&2
    exit 1
  fi
  sleep 0.1
done

# Starts "$@" (GDK_GL=disable when $gl is off), measures it after $settle seconds
# (and again after $traffic more with $2 = traffic), then stops it.
# Sets figures to the last measurement.
measure_program() {
  label=$1
  extra=$2
  shift 2
  if [ "$gl" = off ]; then
    GDK_GL=disable "$@" &
  else
    "$@" &
  fi
  pid=$!
  pids="$pids $pid"
  sleep "$settle"
  figures=$(measure $pid "$label")
  report "$label gl=$gl" "$settle" "$figures" "$base"
  if [ "$extra" = traffic ]; then
    sleep "$traffic"
    figures=$(measure $pid "$label")
    report "$label gl=$gl" "$((settle + traffic))" "$figures" "$base"
  fi
  kill $pid
  wait $pid 2> /dev/null || true
}

for gl in auto off; do
  base=""
  measure_program minimal-gtk - "$build/tests/perf/minimal-gtk"
  base=$figures
  if [ $gl = auto ]; then
    measure_program frontdesk-demo traffic "$build/src/frontdesk" --demo
  else
    measure_program frontdesk-demo - "$build/src/frontdesk" --demo
  fi
done

# The app as at a front desk: the PBX is another process.
"$build/src/frontdesk-sim" --port 0 --random 6 > "$XDG_RUNTIME_DIR/sim.out" &
sim=$!
pids="$pids $sim"
tries=0
until url=$(head -n 1 "$XDG_RUNTIME_DIR/sim.out") && [ -n "$url" ]; do
  tries=$((tries + 1))
  if [ $tries -gt 50 ]; then
    echo "rss.sh: frontdesk-sim did not start" >&2
    exit 1
  fi
  sleep 0.1
done
measure_program frontdesk-url - "$build/src/frontdesk" --url "$url"
kill $sim
wait $sim 2> /dev/null || true

kill $notifyd
wait $notifyd 2> /dev/null || true
pids=""
# What the calls made the apps show, over all runs: proof they were busy.
sed -n 's/^fake-notifyd: \([0-9]*\) notifications$/notifications_sent=\1/p' "$XDG_RUNTIME_DIR/notifyd.log"
