#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end: `frontdesk --list/--watch/--hangup …` against `frontdesk-sim`.

Checks docs/cli-contract.md from the outside: JSON shapes, event sequences,
exit statuses, one-sentence errors, and that the password never shows.
Prints TAP. Every wait has a deadline; nothing sleeps a fixed time.
"""
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback

FRONTDESK = os.environ["FRONTDESK_BINARY"]
SIM = os.environ["FRONTDESK_SIM_BINARY"]
SECRET = "pw-Zk9&x y"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
TMP = tempfile.mkdtemp(prefix="frontdesk-cli-")


class Sim:
    def __init__(self, *args, scenario=None, env=None):
        cmd = [SIM, "--port", "0", *args]
        if scenario is not None:
            path = os.path.join(TMP, "scenario-%d.txt" % id(self))
            with open(path, "w") as f:
                f.write(scenario)
            cmd += ["--scenario", path]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=dict(os.environ, **(env or {})), text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        assert ready, "the simulator printed no URL within 10 s"
        self.url = self.proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.url

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def frontdesk(*args, env=None, timeout=30):
    environment = dict(os.environ)
    environment.pop("FRONTDESK_PASSWORD", None)
    environment.update(env or {})
    return subprocess.run([FRONTDESK, *args], capture_output=True, text=True,
                          env=environment, timeout=timeout)


def check_call_shape(call):
    for key in ("id", "state", "source", "caller_id", "destination", "start_time",
                "ring_seconds", "talk_seconds"):
        assert key in call, "missing key %s in %r" % (key, call)
    assert isinstance(call["id"], str) and call["id"]
    assert isinstance(call["state"], str)
    for key in ("source", "caller_id", "destination"):
        assert call[key] is None or isinstance(call[key], str)
    assert call["start_time"] is None or RFC3339.match(call["start_time"]), call["start_time"]
    for key in ("ring_seconds", "talk_seconds"):
        assert call[key] is None or isinstance(call[key], (int, float))


def check_failure(result, status, words, url_part="127.0.0.1"):
    assert result.returncode == status, "exit %d, wanted %d; stderr %r" % (
        result.returncode, status, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, "wanted one sentence on stderr, got %r" % result.stderr
    assert lines[0].startswith("frontdesk: "), lines[0]
    assert words in lines[0], "%r not in %r" % (words, lines[0])
    assert url_part in lines[0], "the sentence does not say where: %r" % lines[0]
    assert result.stdout == "", result.stdout


SCENARIO_ONE = """
0.0 ring c1 id=uteom from=1000 name="John Smith" to=1001
0.0 answer c1
0.0 ring c2 id=Xz9q1 from=+3612345678 name="Zoltán <b>&" to=101
"""


def test_list_xe():
    with Sim(scenario=SCENARIO_ONE) as sim:
        result = frontdesk("--list", "--json", "--url", sim.url)
    assert result.returncode == 0, result.stderr
    calls = json.loads(result.stdout)
    assert [c["id"] for c in calls] == ["uteom", "Xz9q1"], calls
    for call in calls:
        check_call_shape(call)
    john, zoltan = calls
    assert john["state"] == "InCall"
    assert (john["source"], john["caller_id"], john["destination"]) == ("1000", "John Smith", "1001")
    assert zoltan["state"] == "Ringing"
    assert zoltan["source"] == "+3612345678"
    assert zoltan["caller_id"] == "Zoltán <b>&"
    assert isinstance(john["ring_seconds"], int) and isinstance(john["talk_seconds"], int)


def test_list_ozeki10():
    with Sim("--dialect", "ozeki10", scenario=SCENARIO_ONE) as sim:
        result = frontdesk("--list", "--json", "--url", sim.url + "/api")
    assert result.returncode == 0, result.stderr
    calls = json.loads(result.stdout)
    assert len(calls) == 2
    for call in calls:
        check_call_shape(call)
        assert call["start_time"] is not None
    assert calls[0]["caller_dialed"] == "1001"


def test_list_text_and_empty():
    with Sim(scenario="") as sim:
        result = frontdesk("--list", "--url", sim.url)
        json_result = frontdesk("--list", "--json", "--url", sim.url)
    assert result.returncode == 0
    assert "No active calls" in result.stdout
    assert json.loads(json_result.stdout) == []


def read_events(proc, until, deadline_s=15):
    """Reads --watch lines straight from the pipe: Python's own buffering
    would hide lines that already arrived from select()."""
    events = []
    deadline = time.monotonic() + deadline_s
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        while b"\n" in proc.pending:
            line, proc.pending = proc.pending.split(b"\n", 1)
            events.append(json.loads(line))
            if until(events):
                return events
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            proc.pending += chunk
    raise AssertionError("events so far: %r" % events)


WATCH_SCENARIO = """
0.3 ring a id=aaaaa from=1000 name="Anna" to=1001
0.5 ring b id=bbbbb from=2000 name="Bob" to=1002
0.9 answer a
1.4 hold a
1.9 resume a
2.0 end b
2.4 end a
"""


def watch(url, *extra, env=None):
    environment = dict(os.environ)
    environment.pop("FRONTDESK_PASSWORD", None)
    environment.update(env or {})
    proc = subprocess.Popen([FRONTDESK, "--watch", "--json", "--interval", "0.2", "--url", url, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    proc.pending = b""
    return proc


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    out, err = (proc.pending + out).decode(), err.decode()
    assert proc.returncode == 0, "watch exited %d: %s" % (proc.returncode, err)
    return out, err


def summary(events, call_id):
    out = []
    for e in events:
        if e["event"] == "connection" or e["call"]["id"] != call_id:
            continue
        if e["event"] == "changed":
            out.append("changed %s>%s" % (e["previous_state"], e["call"]["state"]))
        elif e["event"] == "ended":
            out.append("ended %s" % e["outcome"])
        else:
            out.append("started %s" % e["call"]["state"])
    return out


def test_watch_sequence():
    with Sim(scenario=WATCH_SCENARIO) as sim:
        proc = watch(sim.url)
        events = read_events(proc, lambda ev: sum(e["event"] == "ended" for e in ev) == 2)
        stop(proc)
    for e in events:
        assert RFC3339.match(e["time"]), e
        if "call" in e:
            check_call_shape(e["call"])
    assert events[0] == {"event": "connection", "time": events[0]["time"], "state": "online", "error": None}
    assert summary(events, "aaaaa") == ["started Ringing", "changed Ringing>InCall", "changed InCall>Hold",
                                        "changed Hold>InCall", "ended answered"], summary(events, "aaaaa")
    assert summary(events, "bbbbb") == ["started Ringing", "ended missed"], summary(events, "bbbbb")


BLIP_SCENARIO = """
0.0 ring a id=aaaaa from=1000 to=1001
0.1 answer a
0.8 fault http-500
2.0 fault none
3.0 end a
"""


def test_watch_blip_ends_no_call():
    with Sim(scenario=BLIP_SCENARIO) as sim:
        proc = watch(sim.url)
        events = read_events(proc, lambda ev: any(e["event"] == "ended" for e in ev))
        stop(proc)
    kinds = [(e["event"], e.get("state")) for e in events if e["event"] in ("connection", "ended", "started")]
    assert kinds[0] == ("connection", "online")
    assert ("connection", "offline") in kinds, kinds
    offline = next(e for e in events if e.get("state") == "offline")
    assert "HTTP error 500" in offline["error"] and "127.0.0.1" in offline["error"]
    # One start, one end, and the end comes after the PBX is back online.
    assert [k for k in kinds if k[0] != "connection"] == [("started", None), ("ended", None)], kinds
    assert kinds.index(("connection", "online"), 1) < kinds.index(("ended", None))
    assert summary(events, "aaaaa")[-1] == "ended answered"


FAULTS = [
    ("refuse", 3, "refused the connection"),
    ("hang", 3, "did not answer within 1 second"),
    ("trickle", 3, "did not answer within 1 second"),
    ("http-500", 5, "HTTP error 500"),
    ("html", 5, "did not send an Ozeki API answer"),
    ("truncated", 5, "did not send an Ozeki API answer"),
    ("garbage", 5, ""),
    ("huge", 5, "larger than"),
    ("300", 5, "code 300"),
    ("301", 5, "code 301"),
    ("305", 4, "rejected the username or password (code 305)"),
    ("601", 5, "code 601"),
]


def test_faults():
    for mode, status, words in FAULTS:
        with Sim("--fault", mode) as sim:
            start = time.monotonic()
            result = frontdesk("--list", "--json", "--timeout", "1", "--url", sim.url)
            took = time.monotonic() - start
        try:
            check_failure(result, status, words)
        except AssertionError as e:
            raise AssertionError("fault %s: %s" % (mode, e))
        assert took < 8, "fault %s took %.1f s" % (mode, took)


def test_unknown_host():
    result = frontdesk("--list", "--timeout", "3", "--url", "http://frontdesk-test.invalid:7780")
    check_failure(result, 3, "", url_part="frontdesk-test.invalid")


def test_credentials_and_secrecy():
    pwfile = os.path.join(TMP, "password")
    with open(pwfile, "w") as f:
        f.write(SECRET + "\n")
    debug = {"G_MESSAGES_DEBUG": "all"}
    with Sim("--username", "desk", "--password-file", pwfile, scenario=SCENARIO_ONE) as sim:
        missing = frontdesk("--list", "--url", sim.url, env=debug)
        wrong = frontdesk("--list", "--url", sim.url, "--username", "desk",
                          env=dict(debug, FRONTDESK_PASSWORD="nope"))
        by_env = frontdesk("--list", "--json", "--url", sim.url, "--username", "desk",
                           env=dict(debug, FRONTDESK_PASSWORD=SECRET))
        by_file = frontdesk("--list", "--json", "--url", sim.url, "--username", "desk",
                            "--password-file", pwfile, env=debug, timeout=30)
        proc = watch(sim.url, "--username", "desk", env=dict(debug, FRONTDESK_PASSWORD=SECRET))
        read_events(proc, lambda ev: any(e["event"] == "started" for e in ev))
        watch_out, watch_err = stop(proc)
    assert missing.returncode == 4 and "code 304" in missing.stderr, missing.stderr
    assert wrong.returncode == 4 and "code 305" in wrong.stderr, wrong.stderr
    assert by_env.returncode == 0, by_env.stderr
    assert by_file.returncode == 0, by_file.stderr
    assert len(json.loads(by_env.stdout)) == 2
    escaped = SECRET.replace("&", "%26").replace(" ", "%20")
    for text in (missing.stdout, missing.stderr, wrong.stderr, by_env.stdout, by_env.stderr,
                 by_file.stdout, by_file.stderr, watch_out, watch_err):
        assert SECRET not in text and escaped not in text, "the password leaked"


def test_usage_errors():
    for args in (["--interval", "0.1", "--list"], ["--interval", "abc", "--watch"],
                 ["--list", "--watch"], ["--forward", "x"], ["--no-such-option"],
                 ["--url", "ftp://x", "--list"], ["--transfer", "x", "--to", "1", "--party", "boss"],
                 ["stray"], ["--list", "--password-file", "/nonexistent/file"]):
        result = frontdesk(*args)
        assert result.returncode == 2, "%r exited %d" % (args, result.returncode)
        assert result.stderr.startswith("frontdesk: "), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


CONTROL_SCENARIO = """
0.0 ring r id=ringr from=1000 to=1001
0.0 ring t id=talkt from=1002 to=1003
0.0 answer t
"""


def test_call_control():
    with Sim(scenario=CONTROL_SCENARIO) as sim:
        bad_forward = frontdesk("--forward", "talkt", "--to", "1", "--url", sim.url)
        hold = frontdesk("--hold", "talkt", "--url", sim.url)
        listed = json.loads(frontdesk("--list", "--json", "--url", sim.url).stdout)
        unhold = frontdesk("--unhold", "talkt", "--url", sim.url)
        forward = frontdesk("--forward", "ringr", "--to", "1009", "--url", sim.url)
        listed2 = json.loads(frontdesk("--list", "--json", "--url", sim.url).stdout)
        transfer = frontdesk("--transfer", "talkt", "--to", "1010", "--url", sim.url, "--json")
        hangup = frontdesk("--hangup", "ringr", "--url", sim.url)
        listed3 = json.loads(frontdesk("--list", "--json", "--url", sim.url).stdout)
        unknown = frontdesk("--hangup", "nosuch", "--url", sim.url)
    for r in (hold, unhold, forward, transfer, hangup):
        assert r.returncode == 0, r.stderr
    states = {c["id"]: c["state"] for c in listed}
    assert states["talkt"] == "Hold", states
    assert {c["id"]: c["destination"] for c in listed2}["ringr"] == "1009"
    assert json.loads(transfer.stdout)["code"] == 200
    assert "ringr" not in [c["id"] for c in listed3]
    check_failure(unknown, 5, "code 601")
    check_failure(bad_forward, 5, "code 303")


def history(path):
    result = frontdesk("--history", "--json", "--journal", path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_record_and_mark_handled():
    """Two recorders on one PBX write one row per call; --mark-handled
    marks one by the entry_id --history --json prints."""
    path = os.path.join(TMP, "recorded.db")
    with Sim(scenario=WATCH_SCENARIO) as sim:
        procs = [watch(sim.url, "--record", "--journal", path) for _ in range(2)]
        for proc in procs:
            read_events(proc, lambda ev: sum(e["event"] == "ended" for e in ev) == 2)
        for proc in procs:
            out, err = stop(proc)
            assert "not recorded" not in err, err
    entries = history(path)
    assert sorted(e["id"] for e in entries) == ["aaaaa", "bbbbb"], entries
    for e in entries:
        check_call_shape(e)
        assert isinstance(e["entry_id"], int) and e["entry_id"] > 0
        assert e["entry_source"] == "poll" and e["handled"] is False
        assert e["handled_by"] is None and e["handled_at"] is None and e["note"] is None
        assert "127.0.0.1" in e["pbx"] and isinstance(e["recorded_by"], str)
    missed = next(e for e in entries if e["id"] == "bbbbb")
    assert missed["outcome"] == "missed"

    marked = frontdesk("--mark-handled", str(missed["entry_id"]), "--as", "Kati Nagy",
                       "--note", "called back at 10:05", "--journal", path)
    assert marked.returncode == 0 and marked.stderr == "", marked.stderr
    after = {e["id"]: e for e in history(path)}
    assert after["bbbbb"]["handled"] is True
    assert after["bbbbb"]["handled_by"] == "Kati Nagy"
    assert after["bbbbb"]["note"] == "called back at 10:05"
    assert RFC3339.match(after["bbbbb"]["handled_at"]), after["bbbbb"]
    assert after["aaaaa"]["handled"] is False

    for bad in ("999999", "abc", "0", "-3"):
        result = frontdesk("--mark-handled", bad, "--journal", path)
        assert result.returncode == 2, "%s: exit %d %r" % (bad, result.returncode, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    # The refused marks changed nothing.
    assert {e["id"]: e for e in history(path)} == after


def test_record_recovers_from_pbx_history():
    """A call that rang and ended before any poll saw it is recorded from
    the PBX's own history, once, as pbx-history; stdout stays silent on it."""
    path = os.path.join(TMP, "recovered.db")
    with Sim(scenario="0 ring z id=zzzzz from=3000 to=1001\n0 end z\n") as sim:
        proc = watch(sim.url, "--record", "--journal", path)
        deadline = time.monotonic() + 15
        entries = []
        while not entries:
            assert time.monotonic() < deadline, "nothing recorded within 15 s"
            select.select([], [], [], 0.1)
            entries = history(path) if os.path.exists(path) else []
        out, err = stop(proc)
    assert [e["id"] for e in entries] == ["zzzzz"], entries
    assert entries[0]["entry_source"] == "pbx-history", entries
    assert entries[0]["state"] == "CallerHangUp" and entries[0]["outcome"] == "missed", entries
    assert "zzzzz" not in out and err == "", (out, err)
    assert [e["id"] for e in history(path)] == ["zzzzz"]


def test_journal_failures():
    missing = frontdesk("--mark-handled", "1", "--journal", "/nonexistent/folder/j.db")
    assert missing.returncode == 1, missing
    assert "/nonexistent/folder/j.db" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1, missing.stderr
    pg = frontdesk("--history", "--journal", "postgresql://kati:%s@db.example/front" % SECRET)
    # db.example does not resolve: one sentence, never the URI.
    assert pg.returncode == 1 and "journal database server cannot be reached" in pg.stderr, pg
    assert len(pg.stderr.strip().splitlines()) == 1, pg.stderr
    assert SECRET not in pg.stderr and SECRET not in pg.stdout
    with Sim(scenario=WATCH_SCENARIO) as sim:
        recorder = frontdesk("--watch", "--record", "--journal", "/nonexistent/folder/j.db",
                             "--url", sim.url)
    assert recorder.returncode == 1 and "/nonexistent/folder/j.db" in recorder.stderr, recorder
    for args in (["--as", "Kati"], ["--note", "x"], ["--record", "--list"],
                 ["--list", "--journal", "x.db"], ["--mark-handled", "1", "--list"]):
        result = frontdesk(*args)
        assert result.returncode == 2, "%r exited %d" % (args, result.returncode)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr



def test_journal_setting():
    """Without --journal, --history reads the `journal` setting: here a
    keyfile backend names a journal file of its own."""
    config = os.path.join(TMP, "journal-setting-config")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"), exist_ok=True)
    path = os.path.join(TMP, "from-setting.db")
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write("[io/github/frontdesk/Frontdesk]\njournal='sqlite:%s'\n" % path)
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config}
    result = frontdesk("--history", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert os.path.exists(path), "the journal the setting names was not opened"
    # --journal still wins over the setting.
    other = os.path.join(TMP, "from-option.db")
    result = frontdesk("--history", "--journal", other, env=env)
    assert result.returncode == 0 and os.path.exists(other), result.stderr

NAMES_VCF = """BEGIN:VCARD
VERSION:3.0
FN:Zoltán Kovács
TEL;TYPE=work:06 1 234 5678
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Reception
TEL:101
END:VCARD
"""


def check_names(call):
    for key in ("caller_name", "callee_name", "caller_name_source", "callee_name_source"):
        assert key in call, "missing key %s in %r" % (key, call)
    for side in ("caller", "callee"):
        assert call[side + "_name_source"] in (None, "directory", "label", "learned", "pbx"), call
        assert (call[side + "_name"] is None) == (call[side + "_name_source"] is None), call


def test_list_label_names():
    """The `extension-labels` setting names extensions on the command line
    as in the app: source `label`, and a label wins over the PBX's name."""
    config = os.path.join(TMP, "labels-config")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"), exist_ok=True)
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write("[io/github/frontdesk/Frontdesk]\nextension-labels=['101=Front Desk']\n")
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config}
    with Sim(scenario=SCENARIO_ONE) as sim:
        result = frontdesk("--list", "--json", "--url", sim.url, env=env)
    assert result.returncode == 0, result.stderr
    zoltan = [c for c in json.loads(result.stdout) if c["destination"] == "101"][0]
    check_names(zoltan)
    assert (zoltan["callee_name"], zoltan["callee_name_source"]) == ("Front Desk", "label"), zoltan

def test_list_directory_names():
    book = os.path.join(TMP, "names.vcf")
    with open(book, "w") as f:
        f.write(NAMES_VCF)
    missing = os.path.join(TMP, "missing.csv")
    with Sim(scenario=SCENARIO_ONE) as sim:
        plain = frontdesk("--list", "--json", "--url", sim.url)
        named = frontdesk("--list", "--json", "--url", sim.url, "--region", "HU",
                          "--directory", book, "--directory", missing)
    assert plain.returncode == 0, plain.stderr
    assert named.returncode == 0, named.stderr
    # The missing book is one sentence on stderr; the other still names calls.
    lines = named.stderr.strip().splitlines()
    assert len(lines) == 1 and missing in lines[0] and lines[0].startswith("frontdesk: "), named.stderr
    john, zoltan = json.loads(plain.stdout)
    for call in (john, zoltan):
        check_call_shape(call)
        check_names(call)
    assert (john["caller_name"], john["caller_name_source"]) == ("John Smith", "pbx"), john
    assert (john["callee_name"], john["callee_name_source"]) == (None, None), john
    john, zoltan = json.loads(named.stdout)
    assert (john["caller_name"], john["caller_name_source"]) == ("John Smith", "pbx"), john
    # +3612345678 is the book's "06 1 234 5678" in Hungary; 101 is an extension.
    assert (zoltan["caller_name"], zoltan["caller_name_source"]) == ("Zoltán Kovács", "directory"), zoltan
    assert (zoltan["callee_name"], zoltan["callee_name_source"]) == ("Reception", "directory"), zoltan


def test_watch_directory_names():
    book = os.path.join(TMP, "watch-names.vcf")
    with open(book, "w") as f:
        f.write(NAMES_VCF)
    with Sim(scenario=SCENARIO_ONE) as sim:
        proc = watch(sim.url, "--region", "HU", "--directory", book)
        events = read_events(proc, lambda ev: sum(e["event"] == "started" for e in ev) == 2)
        stop(proc)
    started = {e["call"]["id"]: e["call"] for e in events if e["event"] == "started"}
    for call in started.values():
        check_names(call)
    assert started["Xz9q1"]["caller_name"] == "Zoltán Kovács", started["Xz9q1"]
    assert started["Xz9q1"]["callee_name_source"] == "directory", started["Xz9q1"]


def test_region_usage_error():
    result = frontdesk("--list", "--region", "Hungary")
    assert result.returncode == 2, result
    assert "--region" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


EXTENSIONS_SCENARIO = """
0.0 ring c1 id=uteom from=1004 name="Anna Weber" to=105
0.0 answer c1
0.0 ring c2 id=Xz9q1 from=+3612345678 name="Outside" to=107
0.0 ring c3 id=h0ld1 from=+3698765432 name="Held" to=1008
0.0 answer c3
0.0 hold c3
"""


def check_extension_shape(ext):
    assert set(ext) == {"id", "type", "phone_number", "name", "registered", "presence",
                        "call_ids"}, ext
    assert ext["presence"] in ("free", "ringing", "busy", "hold", "offline", "unknown"), ext
    assert ext["registered"] in (True, False, None), ext
    assert all(isinstance(c, str) for c in ext["call_ids"]), ext


def extensions_by_id(url):
    result = frontdesk("--extensions", "--json", "--url", url)
    assert result.returncode == 0, result.stderr
    exts = json.loads(result.stdout)
    for ext in exts:
        check_extension_shape(ext)
    return {e["id"]: e for e in exts}


def test_extensions_xe():
    with Sim(scenario=EXTENSIONS_SCENARIO) as sim:
        exts = extensions_by_id(sim.url)
        text = frontdesk("--extensions", "--url", sim.url)
    assert exts["105"]["presence"] == "busy" and exts["105"]["call_ids"] == ["uteom"], exts
    assert exts["1004"]["presence"] == "busy", exts
    assert exts["107"]["presence"] == "ringing" and exts["107"]["call_ids"] == ["Xz9q1"], exts
    assert exts["1008"]["presence"] == "hold" and exts["1008"]["call_ids"] == ["h0ld1"], exts
    # XE says nothing about registration: 1009 is idle, not offline.
    assert exts["1009"]["presence"] == "free" and exts["1009"]["registered"] is None, exts
    assert exts["1009"]["phone_number"] is None and exts["1009"]["type"] == "SIP"
    assert text.returncode == 0, text.stderr
    assert re.search(r"^107 .*ringing .*Xz9q1$", text.stdout, re.M), text.stdout


def test_extensions_ozeki10():
    with Sim("--dialect", "ozeki10", scenario=EXTENSIONS_SCENARIO) as sim:
        exts = extensions_by_id(sim.url + "/api")
    assert exts["1009"]["presence"] == "offline" and exts["1009"]["registered"] is False, exts
    assert exts["105"]["registered"] is True and exts["105"]["phone_number"] == "105", exts
    assert exts["1008"]["presence"] == "hold", exts
    assert exts["107"]["presence"] == "ringing", exts


def test_extensions_errors():
    with Sim("--fault", "html", scenario="") as sim:
        html = frontdesk("--extensions", "--json", "--url", sim.url)
    check_failure(html, 5, "did not send an Ozeki API answer")
    pwfile = os.path.join(TMP, "password-ext")
    with open(pwfile, "w") as f:
        f.write(SECRET + "\n")
    with Sim("--username", "desk", "--password-file", pwfile, scenario="") as sim:
        wrong = frontdesk("--extensions", "--url", sim.url, "--username", "desk",
                          env={"FRONTDESK_PASSWORD": "nope"})
    assert wrong.returncode == 4 and "code 305" in wrong.stderr, wrong.stderr
    assert SECRET not in wrong.stderr


TESTS = [(name, fn) for name, fn in sorted(globals().items()) if name.startswith("test_")]


def main():
    only = sys.argv[1:]
    selected = [(n, f) for n, f in TESTS if not only or n in only]
    print("1..%d" % len(selected), flush=True)
    failures = 0
    for number, (name, fn) in enumerate(selected, 1):
        try:
            fn()
            print("ok %d %s" % (number, name), flush=True)
        except Exception:
            failures += 1
            print("not ok %d %s" % (number, name), flush=True)
            for line in traceback.format_exc().splitlines():
                print("# " + line, flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
