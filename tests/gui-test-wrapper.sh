#!/bin/sh
# Runs one GUI test on a private, hermetic session bus (session.conf: no
# service directories, so nothing installed on the machine is activated;
# every test brings its own fakes). The X display comes from an outer
# `xvfb-run -a` (tests/run-all.sh); without one, this starts its own.
dir=$(dirname "$0")

# GTK with animations off, from a settings.ini of the test's own: frames
# do not depend on transitions, and GTK 3 never frees the state of a CSS
# transition it ran (an opacity change dims the stale call list), which
# the sanitizer build reports as a leak with no frame of ours.
config=$(mktemp -d)
mkdir -p "$config/gtk-3.0"
printf '[Settings]\ngtk-enable-animations=false\n' > "$config/gtk-3.0/settings.ini"
export XDG_CONFIG_HOME="$config"

if [ -z "${DISPLAY:-}" ] && command -v xvfb-run > /dev/null 2>&1; then
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    dbus-run-session --config-file="$dir/session.conf" -- "$@"
else
  dbus-run-session --config-file="$dir/session.conf" -- "$@"
fi
status=$?
rm -rf "$config"
exit $status
