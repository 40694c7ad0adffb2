#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Soak: `frontdesk --watch --json` against `frontdesk-sim --random` for many polls.

Checks, from the outside:
  (a) resident memory grows by at most 1 MiB from the end of the warm-up
      (10% of the run, at least 20 s) to the end (only with --polls >= 3000:
      a shorter run says nothing about growth);
  (b) the open file descriptor count does not grow after the warm-up;
  (c) the event stream matches the simulator's own --log: every call it rang
      has exactly one `started`, every call it ended exactly one `ended` with
      the same outcome, `changed` events follow its answer/hold/resume lines
      with a consistent previous_state, no event for a call it never rang, no
      event before the simulator's own line, and calls still up at the end
      have no `ended`;
  and `frontdesk --watch` exits 0 on SIGTERM.

Polls are counted by the simulator itself (its debug line
`command ListActiveCalls`, with G_MESSAGES_DEBUG=FdSimulator). A change that
happens after the second-to-last poll the simulator served may legitimately
be unseen (the watcher was stopped before it could look again): for those the
event is optional, but when present it must still be right.

Binaries: $FRONTDESK_BINARY and $FRONTDESK_SIM_BINARY (set by meson), else
--frontdesk/--sim, else build/src/. Python 3 standard library only.
Exit status: 0 all checks passed, 1 a violation, 2 the harness failed.
"""
import argparse
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MIB = 1024 * 1024
RSS_CHECK_MIN_POLLS = 3000
RSS_GROWTH_LIMIT_KIB = 1024
# What a CallState becomes after each simulator log line.
STATE_AFTER = {
    "ring": "Ringing",
    "answer": "InCall",
    "hold": "Hold",
    "resume": "InCall",
    "unhold": "InCall",
    "transfer": "Ringing",
}
RFC3339 = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$")
GLIB_DEBUG_TIME = re.compile(r"FdSimulator-DEBUG: (\d\d):(\d\d):(\d\d)\.(\d{3}): (.*)$")


class HarnessError(Exception):
    pass


def iso(stamp):
    return datetime.datetime.fromtimestamp(stamp).astimezone().isoformat(timespec="milliseconds")


def parse_time(text):
    """RFC 3339 to seconds since the epoch (both programs' clocks are the
    machine's real-time clock, so the two logs compare directly)."""
    m = RFC3339.match(text or "")
    if not m:
        raise ValueError("not an RFC 3339 time: %r" % text)
    year, month, day, hour, minute, second, frac, zone = m.groups()
    if zone == "Z":
        tz = datetime.timezone.utc
    else:
        sign = 1 if zone[0] == "+" else -1
        tz = datetime.timezone(sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    stamp = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute),
                              int(second), tzinfo=tz).timestamp()
    return stamp + (float("0." + frac) if frac else 0.0)


def glib_debug_time(hms, received):
    """GLib stamps debug lines with the local wall-clock time of day only;
    anchor it to the day it was received (a line read just after midnight
    belongs to the day before)."""
    hour, minute, second, millis = (int(x) for x in hms)
    local = datetime.datetime.fromtimestamp(received).astimezone()
    stamp = local.replace(hour=hour, minute=minute, second=second,
                          microsecond=millis * 1000).timestamp()
    if stamp > received + 60:
        stamp -= 86400
    return stamp


class SimOutput(threading.Thread):
    """Reads the simulator's stdout: the URL, then GLib debug lines; counts
    the ListActiveCalls requests and remembers when each was served."""

    def __init__(self, stream, copy_path):
        super().__init__(daemon=True)
        self.stream = stream
        self.copy = open(copy_path, "w", encoding="utf-8", errors="replace")
        self.url = None
        self.url_ready = threading.Event()
        self.lock = threading.Lock()
        self.polls = []

    def run(self):
        for raw in self.stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            received = time.time()
            self.copy.write(line + "\n")
            if self.url is None:
                self.url = line.strip()
                self.url_ready.set()
                continue
            m = GLIB_DEBUG_TIME.search(line)
            if m and m.group(5) == "command ListActiveCalls":
                with self.lock:
                    self.polls.append(glib_debug_time(m.groups()[:4], received))
        self.copy.close()
        self.url_ready.set()

    def poll_count(self):
        with self.lock:
            return len(self.polls)

    def poll_times(self):
        with self.lock:
            return list(self.polls)


def proc_sample(pid):
    """(VmRSS in KiB, open fds, threads) of a live process, or None."""
    try:
        rss = threads = None
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
        fds = len(os.listdir("/proc/%d/fd" % pid))
    except (FileNotFoundError, ProcessLookupError):
        return None
    return rss, fds, threads


def read_sim_log(path):
    """The simulator's --log: per call, the ring time, its state changes
    [(time, verb, state)] and the end (time, outcome)."""
    calls = {}
    problems = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            parts = line.rstrip("\n").split(" ")
            if len(parts) < 2:
                continue
            stamp, verb = parse_time(parts[0]), parts[1]
            if verb == "fault" or len(parts) < 3:
                continue
            call_id = parts[2]
            if verb == "ring":
                if call_id in calls:
                    problems.append("the simulator rang %s twice (log line %d)" % (call_id, number))
                    continue
                calls[call_id] = {"ring": stamp, "changes": [], "end": None}
                continue
            call = calls.get(call_id)
            if call is None:
                problems.append("log line %d: %s for a call that never rang" % (number, verb))
            elif verb == "end":
                call["end"] = (stamp, parts[3] if len(parts) > 3 else "?")
            elif verb in STATE_AFTER:
                call["changes"].append((stamp, verb, STATE_AFTER[verb]))
    return calls, problems


def read_events(path):
    events = []
    problems = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                event = json.loads(line)
                event["_time"] = parse_time(event["time"])
            except (ValueError, KeyError) as e:
                problems.append("watch output line %d is not a valid event (%s): %r"
                                % (number, e, line[:200]))
                continue
            events.append(event)
    return events, problems


class Checker:
    """Compares the watcher's events with the simulator's log."""

    CLOCK_SLACK = 0.005  # seconds; both stamps come from the same clock

    def __init__(self, sim_calls, events, first_poll, cutoff):
        self.sim_calls = sim_calls
        self.events = events
        self.first_poll = first_poll
        self.cutoff = cutoff
        self.violations = []
        self.latencies = []

    def fail(self, text):
        self.violations.append(text)

    def run(self):
        by_call = {}
        for event in self.events:
            if event.get("event") in ("started", "changed", "ended"):
                call = event.get("call") or {}
                by_call.setdefault(call.get("id"), []).append(event)
        for call_id, events in by_call.items():
            if call_id not in self.sim_calls:
                self.fail("phantom: %d event(s) for %r, a call the simulator never rang (first: %s %s)"
                          % (len(events), call_id, events[0]["event"], events[0]["time"]))
        for call_id, sim in self.sim_calls.items():
            self.check_call(call_id, sim, by_call.get(call_id, []))
        return self.violations

    def expect_seen(self, sim_time):
        return sim_time < self.cutoff

    def noticed(self, call_id, what, sim_time, event):
        lag = event["_time"] - sim_time
        if lag < -self.CLOCK_SLACK:
            self.fail("%s: %s event at %s precedes the simulator's line at %s"
                      % (call_id, what, event["time"], iso(sim_time)))
        elif sim_time >= self.first_poll:
            self.latencies.append(lag)

    def sim_states(self, sim):
        """The states the watcher should report, in order: the one in force
        at its first poll (or Ringing), then each later change."""
        states = [(sim["ring"], "ring", "Ringing")] + sim["changes"]
        first = 0
        for i, (stamp, _, _) in enumerate(states):
            if stamp <= self.first_poll:
                first = i
        return states[first:]

    def check_call(self, call_id, sim, events):
        kinds = [e["event"] for e in events]
        started = [e for e in events if e["event"] == "started"]
        ended = [e for e in events if e["event"] == "ended"]
        changed = [e for e in events if e["event"] == "changed"]
        gone_before_watch = sim["end"] is not None and sim["end"][0] <= self.first_poll

        if gone_before_watch:
            if events:
                self.fail("%s ended before the first poll but has events %s" % (call_id, kinds))
            return
        if len(started) > 1:
            self.fail("%s: %d started events (duplicate)" % (call_id, len(started)))
        if len(ended) > 1:
            self.fail("%s: %d ended events (duplicate)" % (call_id, len(ended)))
        if not started:
            if self.expect_seen(sim["ring"]):
                self.fail("missed: %s rang at %s but has no started event" % (call_id, iso(sim["ring"])))
            if events:
                self.fail("%s: events %s without a started event" % (call_id, kinds))
            return
        if kinds[0] != "started":
            self.fail("%s: the first event is %s, not started" % (call_id, kinds[0]))
        if ended and kinds[-1] != "ended":
            self.fail("%s: events after ended: %s" % (call_id, kinds))

        self.check_states(call_id, sim, started[0], changed)
        self.check_end(call_id, sim, ended[0] if ended else None)

    def check_states(self, call_id, sim, started, changed):
        expected = self.sim_states(sim)
        observed = [(started, started["call"].get("state"), None)]
        observed += [(e, e["call"].get("state"), e.get("previous_state")) for e in changed]

        for i, (event, state, previous) in enumerate(observed):
            if i > 0 and previous != observed[i - 1][1]:
                self.fail("%s: changed to %s at %s says previous_state %r, but the last state reported was %r"
                          % (call_id, state, event["time"], previous, observed[i - 1][1]))
            if i >= len(expected):
                self.fail("%s: %s event to %s at %s, but the simulator made no such change"
                          % (call_id, event["event"], state, event["time"]))
                continue
            sim_time, verb, sim_state = expected[i]
            if state != sim_state:
                self.fail("%s: %s event at %s reports %s, the simulator's next state was %s (%s at %s)"
                          % (call_id, event["event"], event["time"], state, sim_state, verb, iso(sim_time)))
                return
            self.noticed(call_id, event["event"], sim_time, event)
        for sim_time, verb, sim_state in expected[len(observed):]:
            if self.expect_seen(sim_time):
                self.fail("missed: %s went %s (%s) at %s with no changed event"
                          % (call_id, sim_state, verb, iso(sim_time)))

    def check_end(self, call_id, sim, ended):
        if sim["end"] is None:
            if ended is not None:
                self.fail("phantom end: %s ended (%s) at %s but the simulator never ended it"
                          % (call_id, ended.get("outcome"), ended["time"]))
            return
        end_time, outcome = sim["end"]
        if ended is None:
            if self.expect_seen(end_time):
                self.fail("missed: %s ended (%s) at %s with no ended event" % (call_id, outcome, iso(end_time)))
            return
        if ended.get("outcome") != outcome:
            self.fail("%s: ended with outcome %r, the simulator says %r"
                      % (call_id, ended.get("outcome"), outcome))
        self.noticed(call_id, "ended", end_time, ended)


def spawn_sim(args, tmp):
    env = dict(os.environ, G_MESSAGES_DEBUG="FdSimulator")
    cmd = [args.sim, "--port", "0", "--random", str(args.rate), "--seed", str(args.seed),
           "--log", os.path.join(tmp, "sim.log")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            stderr=open(os.path.join(tmp, "sim.stderr"), "wb"), env=env)
    reader = SimOutput(proc.stdout, os.path.join(tmp, "sim.stdout"))
    reader.start()
    if not reader.url_ready.wait(10) or not (reader.url or "").startswith("http://"):
        proc.kill()
        raise HarnessError("the simulator printed no URL within 10 s: %r" % reader.url)
    return proc, reader


def spawn_watch(args, tmp, url):
    env = dict(os.environ)
    env.pop("G_MESSAGES_DEBUG", None)
    env.pop("FRONTDESK_PASSWORD", None)
    cmd = [args.frontdesk, "--watch", "--json", "--interval", str(args.interval), "--url", url]
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=open(os.path.join(tmp, "watch.jsonl"), "wb"),
                            stderr=open(os.path.join(tmp, "watch.stderr"), "wb"), env=env)


def stop(proc, timeout=10):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def run(args, tmp, say):
    sim, reader = spawn_sim(args, tmp)
    watch = None
    try:
        watch = spawn_watch(args, tmp, reader.url)
        start = time.monotonic()
        planned = args.polls * args.interval
        warmup = max(0.1 * planned, 20.0)
        deadline = start + planned * 2 + 60
        samples = []  # (seconds since start, polls, rss KiB, fds, threads)
        next_report = start + 60
        while reader.poll_count() < args.polls:
            now = time.monotonic()
            if watch.poll() is not None:
                raise HarnessError("frontdesk --watch exited early with status %d after %.1f s: %s"
                                   % (watch.returncode, now - start, tail(tmp, "watch.stderr")))
            if sim.poll() is not None:
                raise HarnessError("the simulator exited early with status %d" % sim.returncode)
            if now > deadline:
                raise HarnessError("only %d of %d polls in %.0f s" % (reader.poll_count(), args.polls, now - start))
            # From the first poll on: before it the process may not even
            # have been exec'd yet.
            sample = proc_sample(watch.pid) if reader.poll_count() > 0 else None
            if sample is not None:
                samples.append((now - start, reader.poll_count()) + sample)
            if now >= next_report and samples:
                say("  %6.0f s  %7d polls  RSS %d KiB  %d fds" % (samples[-1][:2] + samples[-1][2:4]))
                next_report += 60
            time.sleep(args.sample)
        last = proc_sample(watch.pid)
        if last is not None:
            samples.append((time.monotonic() - start, reader.poll_count()) + last)
        elapsed = time.monotonic() - start
        watch_status = stop(watch)
    finally:
        if watch is not None and watch.poll() is None:
            watch.kill()
        sim_status = stop(sim)
        reader.join(5)
    return {
        "samples": samples, "warmup": warmup, "elapsed": elapsed,
        "watch_status": watch_status, "sim_status": sim_status,
        "poll_times": reader.poll_times(),
    }


def tail(tmp, name, limit=500):
    try:
        with open(os.path.join(tmp, name), encoding="utf-8", errors="replace") as f:
            return f.read()[-limit:].strip() or "(nothing on stderr)"
    except OSError:
        return "(no stderr)"


def evaluate(args, tmp, result, say):
    violations = []
    samples = result["samples"]
    polls = result["poll_times"]
    if result["watch_status"] != 0:
        violations.append("frontdesk --watch exited with %s after SIGTERM, not 0: %s"
                          % (result["watch_status"], tail(tmp, "watch.stderr")))
    if len(polls) < 2 or not samples:
        raise HarnessError("too few polls (%d) or samples (%d) to judge" % (len(polls), len(samples)))

    sim_calls, log_problems = read_sim_log(os.path.join(tmp, "sim.log"))
    events, event_problems = read_events(os.path.join(tmp, "watch.jsonl"))
    violations += event_problems
    if log_problems:
        raise HarnessError("; ".join(log_problems))
    # Calls are first reported from the first good poll: the last one served
    # before the watcher said it was online. The last poll's answer may not
    # have been read before SIGTERM.
    online = [e["_time"] for e in events if e["event"] == "connection" and e.get("state") == "online"]
    first_poll = max([t for t in polls if online and t <= online[0]] or polls[:1])
    checker = Checker(sim_calls, events, first_poll=first_poll, cutoff=polls[-2])
    violations += checker.run()

    # Memory and descriptors after the warm-up.
    after = [s for s in samples if s[0] >= result["warmup"]]
    if not after:
        after = samples[-1:]
    base, end = after[0], samples[-1]
    rss_max = max(s[2] for s in samples)
    fd_after_max = max(s[3] for s in after)
    rss_growth = end[2] - base[2]
    rss_checked = args.polls >= RSS_CHECK_MIN_POLLS
    if rss_checked and rss_growth > RSS_GROWTH_LIMIT_KIB:
        violations.append("resident memory grew by %d KiB after the warm-up (%d -> %d KiB), more than %d KiB"
                          % (rss_growth, base[2], end[2], RSS_GROWTH_LIMIT_KIB))
    # Lowest of a few samples at each end: a leak stays, a reconnect's
    # passing extra socket does not.
    fd_base = min(s[3] for s in after[:5])
    fd_end = min(s[3] for s in samples[-5:])
    if fd_end > fd_base:
        violations.append("open file descriptors grew after the warm-up: %d at %.0f s, %d at the end"
                          % (fd_base, base[0], fd_end))
    # A short-lived extra socket (a reconnect) is no leak, a steady climb is.
    if fd_after_max > fd_base + 2:
        violations.append("open file descriptors reached %d after the warm-up (baseline %d)"
                          % (fd_after_max, fd_base))

    counts = {}
    for e in events:
        counts[e["event"]] = counts.get(e["event"], 0) + 1
    connection = [e["state"] for e in events if e["event"] == "connection"]
    active_at_end = [c for c, s in sim_calls.items() if s["end"] is None]
    ended_calls = len(sim_calls) - len(active_at_end)
    missed = sum(1 for s in sim_calls.values() if s["end"] and s["end"][1] == "missed")
    lat = sorted(checker.latencies)
    peak_overlap = max_overlap(sim_calls)

    say("soak: frontdesk --watch --json --interval %g against frontdesk-sim --random %g --seed %s"
        % (args.interval, args.rate, args.seed))
    say("  polls      %d served by the simulator in %.1f s (asked for %d; %.3f s per poll)"
        % (len(polls), result["elapsed"], args.polls, result["elapsed"] / max(len(polls), 1)))
    say("  calls      %d rang, %d ended (%d missed), %d still up at the end, up to %d at once"
        % (len(sim_calls), ended_calls, missed, len(active_at_end), peak_overlap))
    say("  events     %d: %s; connection states %s"
        % (len(events), ", ".join("%s %d" % kv for kv in sorted(counts.items())), " -> ".join(connection) or "none"))
    if lat:
        say("  latency    simulator line to event: median %.0f ms, 99th %.0f ms, max %.0f ms (%d events)"
            % (1000 * statistics.median(lat), 1000 * lat[int(0.99 * (len(lat) - 1))], 1000 * lat[-1], len(lat)))
    say("  RSS        start %d KiB, after warm-up (%.0f s) %d KiB, end %d KiB, max %d KiB; growth %+d KiB (%s)"
        % (samples[0][2], base[0], base[2], end[2], rss_max, rss_growth,
           "limit %d KiB" % RSS_GROWTH_LIMIT_KIB if rss_checked
           else "not checked: needs --polls >= %d" % RSS_CHECK_MIN_POLLS))
    say("  fds        start %d, after warm-up %d, end %d, max after warm-up %d; threads end %d, max %d"
        % (samples[0][3], fd_base, fd_end, fd_after_max, end[4], max(s[4] for s in samples)))
    say("  exit       frontdesk --watch %s, frontdesk-sim %s; %d samples"
        % (result["watch_status"], result["sim_status"], len(samples)))
    if args.samples_csv:
        with open(args.samples_csv, "w") as f:
            f.write("seconds,polls,rss_kib,fds,threads\n")
            for s in samples:
                f.write("%.1f,%d,%d,%d,%d\n" % s)
    return violations


def max_overlap(sim_calls):
    edges = []
    for s in sim_calls.values():
        edges.append((s["ring"], 1))
        if s["end"]:
            edges.append((s["end"][0], -1))
    level = peak = 0
    for _, step in sorted(edges):
        level += step
        peak = max(peak, level)
    return peak


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(os.path.dirname(here), "build", "src")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polls", type=int, default=150, help="polls to run (counted by the simulator)")
    parser.add_argument("--interval", type=float, default=0.2, help="frontdesk --interval, seconds")
    parser.add_argument("--rate", type=float, default=60, help="simulated calls per minute")
    parser.add_argument("--seed", default="7", help="simulator seed")
    parser.add_argument("--sample", type=float, default=1.0, help="seconds between RSS/fd samples")
    parser.add_argument("--quiet", action="store_true", help="print only the verdict and violations")
    parser.add_argument("--keep", metavar="DIR", help="keep the logs in DIR (else a temporary folder, removed on success)")
    parser.add_argument("--samples-csv", metavar="FILE", help="write the RSS/fd samples to FILE")
    parser.add_argument("--frontdesk", default=os.environ.get("FRONTDESK_BINARY", os.path.join(build, "frontdesk")))
    parser.add_argument("--sim", default=os.environ.get("FRONTDESK_SIM_BINARY", os.path.join(build, "frontdesk-sim")))
    args = parser.parse_args()
    if args.polls < 20 or args.interval < 0.2 or args.rate <= 0:
        parser.error("needs --polls >= 20, --interval >= 0.2 and --rate > 0")

    def say(text):
        if not args.quiet:
            print(text, flush=True)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        tmp = args.keep
    else:
        tmp = tempfile.mkdtemp(prefix="frontdesk-soak-")
    try:
        result = run(args, tmp, say)
        violations = evaluate(args, tmp, result, say)
    except HarnessError as e:
        print("soak: harness error: %s (logs in %s)" % (e, tmp), flush=True)
        return 2
    for v in violations[:50]:
        print("  VIOLATION  %s" % v, flush=True)
    if len(violations) > 50:
        print("  ... and %d more" % (len(violations) - 50), flush=True)
    if violations:
        print("soak: FAIL, %d violation(s); logs in %s" % (len(violations), tmp), flush=True)
        return 1
    print("soak: PASS (%d polls)" % len(result["poll_times"]), flush=True)
    if not args.keep:
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
