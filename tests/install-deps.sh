#!/bin/sh
# Installs what building and testing Frontdesk needs on Debian 12 or
# Ubuntu 22.04 and later. Uses sudo when not run as root. evolution-data-server
# is only for the tests: test-eds runs its registry and address book factory.
set -eu

packages="build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-3-dev libsoup-3.0-dev libxml2-dev libnotify-dev
  libsecret-1-dev libayatana-appindicator3-dev libsqlite3-dev glib-networking
  desktop-file-utils appstream xvfb xauth dbus dbus-x11 python3 python3-dbusmock
  gnome-keyring libxml2-utils curl sqlite3 adwaita-icon-theme hicolor-icon-theme
  libphonenumber-dev libebook-contacts1.2-dev libebook1.2-dev evolution-data-server g++
  sound-theme-freedesktop librsvg2-common locales libpq-dev postgresql openssl util-linux systemd"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
