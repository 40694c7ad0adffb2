#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`frontdesk --demo` keeps its made-up calls out of the user's journal.

Runs the real desktop app on its embedded simulator (under the GUI test
wrapper: Xvfb and a private session bus) with fresh XDG folders, and
checks that it writes a demo journal of its own in the cache folder,
emptied at start, and never creates or touches the real one. Prints TAP.
Every wait has a deadline; nothing sleeps a fixed time.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

FRONTDESK = os.environ["FRONTDESK_BINARY"]
SQLITE_MAGIC = b"SQLite format 3\0"


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out after %g s waiting for %s" % (seconds, what))


def is_sqlite(path):
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def main():
    print("1..1")
    tmp = tempfile.mkdtemp(prefix="frontdesk-demo-")
    data = os.path.join(tmp, "data")
    cache = os.path.join(tmp, "cache")
    demo_journal = os.path.join(cache, "frontdesk", "demo-journal.db")
    real_journal = os.path.join(data, "frontdesk", "journal.db")
    os.makedirs(os.path.dirname(demo_journal))
    # A previous demo's leftovers: not even a database. The new demo must
    # start from an empty journal, not refuse this one or keep it.
    with open(demo_journal, "wb") as f:
        f.write(b"leftover from an earlier demo")

    env = dict(os.environ, XDG_DATA_HOME=data, XDG_CACHE_HOME=cache,
               XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    app = subprocess.Popen([FRONTDESK, "--demo"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: is_sqlite(demo_journal) or app.poll() is not None, 30,
                 "the demo journal in the cache folder")
        assert app.poll() is None, "the app exited: " + app.stderr.read()
        assert not os.path.exists(real_journal), "the demo created the real journal"
        assert not os.path.exists(os.path.dirname(real_journal)), \
            "the demo created the real journal's folder"
    except Exception as exc:
        print("not ok 1 - demo journal is separate # %s" % exc)
        return 1
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(20)
            except subprocess.TimeoutExpired:
                app.kill()
    print("ok 1 - demo journal is separate and emptied at start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
