#!/bin/sh
# Runs one GUI test on a private, hermetic session bus (session.conf: no
# service directories, so nothing installed on the machine is activated;
# every test brings its own fakes). The X display comes from an outer
# `xvfb-run -a` (tests/run-all.sh); without one, this starts its own.
dir=$(dirname "$0")
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run > /dev/null 2>&1; then
  exec xvfb-run -a -s "-screen 0 1280x1024x24" \
    dbus-run-session --config-file="$dir/session.conf" -- "$@"
fi
exec dbus-run-session --config-file="$dir/session.conf" -- "$@"
