#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A `frontdesk --watch --record` run across an outage of the PBX adds no
event (issue 11): the calls that were up before it are neither ended nor
started again, each ends once after it, the journal holds each once, and
the PBX is asked again within 5 s of coming back.

`--outage SECONDS` sets the outage: the normal suite runs a few seconds
(test-outage), the soak suite the full 60 s (outage-60s)."""

import argparse
import datetime
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

FRONTDESK = os.environ["FRONTDESK_BINARY"]
SIM = os.environ["FRONTDESK_SIM_BINARY"]
MAX_BACKOFF = 5.0


def scenario(outage):
    down = 2.0
    up = down + outage
    return """
0.5 ring a id=talk1 from=+3612345678 to=1001
0.7 answer a
0.9 ring b id=ring1 from=+3699999999 to=1002
%.1f fault refuse
%.1f fault none
%.1f end a
%.1f end b
""" % (down, up, up + MAX_BACKOFF + 1.5, up + MAX_BACKOFF + 2.0)


def start_sim(path):
    proc = subprocess.Popen([SIM, "--port", "0", "--scenario", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 10)
    assert ready, "the simulator printed no URL within 10 s"
    return proc, proc.stdout.readline().strip()


def read_until_two_ends(proc, deadline_s):
    events, pending = [], b""
    deadline = time.monotonic() + deadline_s
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            events.append(json.loads(line))
            if sum(e["event"] == "ended" for e in events) == 2:
                return events
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            pending += chunk
    raise AssertionError("events so far: %r" % events)


def when(event):
    return datetime.datetime.fromisoformat(event["time"].replace("Z", "+00:00"))


def check(events, outage):
    calls = [(e["event"], e["call"]["id"]) for e in events if "call" in e and e["event"] in ("started", "ended")]
    assert sorted(calls) == sorted([("started", "talk1"), ("started", "ring1"),
                                    ("ended", "talk1"), ("ended", "ring1")]), calls
    outcomes = {e["call"]["id"]: e["outcome"] for e in events if e["event"] == "ended"}
    assert outcomes == {"talk1": "answered", "ring1": "missed"}, outcomes
    states = [e for e in events if e["event"] == "connection"]
    offline = next(i for i, e in enumerate(states) if e["state"] == "offline")
    back = next(e for e in states[offline:] if e["state"] == "online")
    # The ends come after the PBX is back: nothing ended during the outage.
    ended = [e for e in events if e["event"] == "ended"]
    assert all(when(e) >= when(back) for e in ended), (back, ended)
    gap = (when(back) - when(states[offline])).total_seconds()
    assert gap <= outage + MAX_BACKOFF + 1.0, "back online %.1f s after going offline" % gap
    assert gap >= outage - 1.0, "online again after %.1f s of a %.0f s outage" % (gap, outage)


def check_journal(path):
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT call_id, outcome FROM calls ORDER BY call_id").fetchall()
    assert rows == [("ring1", "missed"), ("talk1", "answered")], rows


def run(outage):
    tmp = tempfile.mkdtemp(prefix="frontdesk-outage-")
    scenario_path = os.path.join(tmp, "scenario.txt")
    journal = os.path.join(tmp, "journal.db")
    with open(scenario_path, "w") as f:
        f.write(scenario(outage))
    sim, url = start_sim(scenario_path)
    env = dict(os.environ)
    env.pop("FRONTDESK_PASSWORD", None)
    watch = subprocess.Popen([FRONTDESK, "--watch", "--json", "--record", "--journal", journal,
                              "--interval", "0.2", "--url", url],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        events = read_until_two_ends(watch, outage + 30)
    finally:
        watch.send_signal(signal.SIGTERM)
        _, err = watch.communicate(timeout=10)
        sim.terminate()
        sim.wait(5)
    assert watch.returncode == 0, "watch exited %d: %s" % (watch.returncode, err.decode())
    check(events, outage)
    check_journal(journal)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outage", type=float, default=3.0)
    args = parser.parse_args()
    print("1..1", flush=True)
    try:
        run(args.outage)
        print("ok 1 watch across a %.0f s outage" % args.outage, flush=True)
        return 0
    except Exception:
        print("not ok 1 watch across a %.0f s outage" % args.outage, flush=True)
        for line in traceback.format_exc().splitlines():
            print("# " + line, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
