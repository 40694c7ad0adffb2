#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# CPU time per poll with 50 active calls: `frontdesk --watch --json` against
# a shell loop of `curl | xmllint` doing the same polls at the same cadence,
# both against one frontdesk-sim serving a fixed scenario.
#
#   tests/perf/cpu-per-poll.sh [--polls N] [--interval S] [--calls C] [--build DIR]
#
# frontdesk: the CPU its process (all threads) used between the simulator
# serving poll W and poll W+N (W = warm-up polls, so start-up is not counted
# per poll; the whole-process figure is printed too). Polls are counted by
# the simulator (G_MESSAGES_DEBUG=FdSimulator: one `command ListActiveCalls`
# line per request).
# The loop: user+system time of the bash running it and everything it ran
# (/usr/bin/time), paced by bash's builtin `read -t`, so the pause between
# polls costs no extra process (a `sleep` would add one per poll, in the
# loop's disfavour).
#
# Needs curl, xmllint and /usr/bin/time: apt-get install -y curl libxml2-utils time
set -euo pipefail

polls=300
interval=0.2
calls=50
warmup=10
build=
while [ $# -gt 0 ]; do
  case "$1" in
    --polls) polls=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '3,20p' "$0"; exit 0 ;;
    *) echo "cpu-per-poll: unknown option $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
build=${build:-$here/../../build}
frontdesk=${FRONTDESK_BINARY:-$build/src/frontdesk}
sim=${FRONTDESK_SIM_BINARY:-$build/src/frontdesk-sim}
for tool in curl xmllint /usr/bin/time "$frontdesk" "$sim"; do
  if ! command -v "$tool" > /dev/null; then
    echo "cpu-per-poll: $tool is missing (apt-get install -y curl libxml2-utils time; ninja -C build)" >&2
    exit 2
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-cpu-XXXXXX")
sim_pid=
watch_pid=
cleanup () {
  if [ -n "$watch_pid" ]; then kill "$watch_pid" 2> /dev/null || true; fi
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2> /dev/null || true; fi
  wait 2> /dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The scenario: every call rings at 0 s and none ends; a fifth keep ringing,
# a tenth go on hold, the rest talk.
numbers=(+3612345678 +36301234567 +447700900123 +4930901820 +48225550199 1003 107 Anonymous)
names=("Zoltán Kovács" "" "Oliver Smith" "Jürgen Müller" "Łukasz Wiśniewski" "" Warehouse "")
for i in $(seq 1 "$calls"); do
  n=$(( i % ${#numbers[@]} ))
  name=${names[$n]:+ name=\"${names[$n]}\"}
  echo "0.0 ring c$i from=${numbers[$n]}$name to=$(( 100 + i % 11 ))"
  if [ $(( i % 5 )) -ne 0 ]; then
    echo "0.0 answer c$i"
    [ $(( i % 10 )) -eq 1 ] && echo "0.0 hold c$i"
  fi
done > "$tmp/scenario.txt"

G_MESSAGES_DEBUG=FdSimulator "$sim" --port 0 --scenario "$tmp/scenario.txt" > "$tmp/sim.out" 2> "$tmp/sim.err" &
sim_pid=$!
for _ in $(seq 100); do
  [ -s "$tmp/sim.out" ] && break
  sleep 0.1
done
url=$(head -n 1 "$tmp/sim.out")
case "$url" in
  http://*) ;;
  *) echo "cpu-per-poll: the simulator printed no URL: $(cat "$tmp/sim.err")" >&2; exit 2 ;;
esac

served () {
  grep -c 'command ListActiveCalls' "$tmp/sim.out" || true
}

# Waits until the simulator has served $1 polls in all, then half an
# interval more, so both samples fall at the same point of a poll cycle.
wait_for_poll () {
  local deadline=$(( SECONDS + 60 + ${1} ))
  while [ "$(served)" -lt "$1" ]; do
    if [ "$SECONDS" -gt "$deadline" ]; then
      echo "cpu-per-poll: only $(served) of $1 polls were served" >&2
      exit 1
    fi
    sleep 0.02
  done
  sleep "$(awk -v i="$interval" 'BEGIN { print i / 2 }')"
}

# CPU of a live process, all threads, in nanoseconds (schedstat), and in
# clock ticks from stat (utime + stime; these also count exited threads).
cpu_ns () {
  local total=0 run rest f
  for f in /proc/"$1"/task/*/schedstat; do
    read -r run rest < "$f" && total=$(( total + run ))
  done
  echo "$total"
}
cpu_ticks () {
  awk '{ print $14 + $15 }' /proc/"$1"/stat
}
threads () {
  local t
  for t in /proc/"$1"/task/*; do printf '%s ' "${t##*/}"; done
}

# (a) frontdesk --watch
before=$(served)
"$frontdesk" --watch --json --interval "$interval" --url "$url" > "$tmp/watch.jsonl" 2> "$tmp/watch.err" &
watch_pid=$!
wait_for_poll $(( before + warmup ))
ns_a=$(cpu_ns "$watch_pid"); ticks_a=$(cpu_ticks "$watch_pid"); threads_a=$(threads "$watch_pid")
wait_for_poll $(( before + warmup + polls ))
ns_b=$(cpu_ns "$watch_pid"); ticks_b=$(cpu_ticks "$watch_pid"); threads_b=$(threads "$watch_pid")
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
watch_pid=
if [ "$status" -ne 0 ]; then
  echo "cpu-per-poll: frontdesk --watch exited with $status: $(cat "$tmp/watch.err")" >&2
  exit 1
fi
started=$(grep -c '"event": "started"' "$tmp/watch.jsonl" || true)
# The whole process, start-up and exit included: ticks as the kernel reported
# them to the shell (bash's `times` would add the simulator too).
hz=$(getconf CLK_TCK)
if [ "$threads_a" = "$threads_b" ]; then
  fd_ms=$(awk -v a="$ns_a" -v b="$ns_b" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
  fd_source="schedstat, threads unchanged"
else
  fd_ms=$(awk -v a="$ticks_a" -v b="$ticks_b" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz }')
  fd_source="stat ticks: the thread set changed"
fi
fd_ticks_ms=$(awk -v a="$ticks_a" -v b="$ticks_b" -v hz="$hz" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz }')
fd_whole_ms=$(awk -v b="$ticks_b" -v hz="$hz" 'BEGIN { printf "%.0f", b * 1000 / hz }')

# (b) the same polls from a shell loop
cat > "$tmp/loop.sh" << 'EOF'
url=$1 polls=$2 interval=$3 out=$4
exec 9<> <(:)   # a pipe nobody writes: `read -t` on it is a sleep without a process
for (( i = 0; i < polls; i++ )); do
  curl -s "$url/?command=ListActiveCalls" | xmllint --xpath 'count(//CallInfo)' - > "$out"
  read -r -t "$interval" -u 9 || true
done
EOF
before=$(served)
/usr/bin/time -f "%e %U %S" -o "$tmp/loop.time" bash "$tmp/loop.sh" "$url" "$polls" "$interval" "$tmp/loop.out"
loop_served=$(( $(served) - before ))
read -r loop_wall loop_user loop_sys < "$tmp/loop.time"
loop_ms=$(awk -v u="$loop_user" -v s="$loop_sys" 'BEGIN { printf "%.0f", (u + s) * 1000 }')
counted=$(cat "$tmp/loop.out")

per_fd=$(awk -v t="$fd_ms" -v n="$polls" 'BEGIN { printf "%.3f", t / n }')
per_loop=$(awk -v t="$loop_ms" -v n="$polls" 'BEGIN { printf "%.3f", t / n }')
ratio=$(awk -v a="$per_fd" -v b="$per_loop" 'BEGIN { printf "%.3f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.25) ? "met" : "MISSED" }')

echo "cpu-per-poll: $calls active calls, $polls polls at ${interval} s, $(nproc) CPUs"
echo "  frontdesk --watch --json   ${fd_ms} ms CPU for $polls polls = ${per_fd} ms per poll ($fd_source; ticks say ${fd_ticks_ms} ms; whole process with start-up ${fd_whole_ms} ms; $started calls started)"
echo "  curl | xmllint loop        ${loop_ms} ms CPU (user ${loop_user} s + sys ${loop_sys} s) for $polls polls = ${per_loop} ms per poll (${loop_wall} s; the simulator served $loop_served; xmllint counted $counted calls)"
echo "  ratio frontdesk/loop       ${ratio} (goal <= 0.25: $verdict)"
if [ "$started" -ne "$calls" ] || [ "$counted" != "$calls" ] || [ "$loop_served" -ne "$polls" ]; then
  echo "cpu-per-poll: the two sides did not see the same $calls calls in $polls polls" >&2
  exit 1
fi
