#!/bin/sh
# Runs one test with an Evolution Data Server of its own: a private session
# bus (session.conf) whose only services are EDS's source registry and
# address book factory, D-Bus-activated on first use, and a home, config,
# data and cache folder of their own for the address books they keep.
# Fails (never skips) when EDS is not installed: tests/install-deps.sh
# installs it.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
services=${FRONTDESK_EDS_SERVICE_DIR:-/usr/share/dbus-1/services}

home=$(mktemp -d)
mkdir -p "$home/services" "$home/config" "$home/data" "$home/cache"
for name in Sources5 AddressBook10; do
  file="$services/org.gnome.evolution.dataserver.$name.service"
  if [ ! -f "$file" ]; then
    echo "Bail out! $file is missing: install evolution-data-server (tests/install-deps.sh)"
    rm -rf "$home"
    exit 1
  fi
  # Activated by the bus itself: no systemd user manager runs here.
  grep -v '^SystemdService=' "$file" > "$home/services/org.gnome.evolution.dataserver.$name.service"
done
sed "s|<auth>EXTERNAL</auth>|<servicedir>$home/services</servicedir>\n  <auth>EXTERNAL</auth>|" \
  "$dir/session.conf" > "$home/session.conf"

# GTK with animations off, as gui-test-wrapper.sh has it.
mkdir -p "$home/config/gtk-3.0"
printf '[Settings]\ngtk-enable-animations=false\n' > "$home/config/gtk-3.0/settings.ini"

# Set before the bus starts: the services it activates inherit them.
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run > /dev/null 2>&1; then
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    dbus-run-session --config-file="$home/session.conf" -- "$@"
else
  dbus-run-session --config-file="$home/session.conf" -- "$@"
fi
status=$?
rm -rf "$home"
exit $status
