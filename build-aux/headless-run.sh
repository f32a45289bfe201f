#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command on a private Xvfb display inside a private D-Bus session, so
# that GUI tests work on a machine with no screen.
#
# usage: build-aux/headless-run.sh [--size 1280x800x24] [--a11y] [--] COMMAND [ARGS...]
#
# Xvfb picks a free display itself (-displayfd), so parallel runs do not race
# for a display number. GTK 4.8 connects to the session bus in gtk_init(), so
# the command gets its own bus (dbus-run-session) instead of an autolaunched one.
# The exit status is the command's.
set -u
size=1280x800x24
a11y=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --a11y) a11y=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--size WxHxD] [--a11y] [--] COMMAND..." >&2; exit 2; }

tmp=$(mktemp -d /tmp/entrena-headless.XXXXXX)
Xvfb -displayfd 3 -screen 0 "$size" -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
cleanup() { kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
for _ in $(seq 1 200); do [ -s "$tmp/display" ] && break; sleep 0.05; done
if [ ! -s "$tmp/display" ]; then
  echo "headless-run: Xvfb did not start:" >&2
  cat "$tmp/xvfb.log" >&2
  exit 3
fi
export DISPLAY=":$(head -1 "$tmp/display")"
unset WAYLAND_DISPLAY
export GDK_BACKEND="${GDK_BACKEND:-x11}"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-memory}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$tmp/xdg}"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
if [ "$a11y" = 1 ]; then unset GTK_A11Y NO_AT_BRIDGE; else export GTK_A11Y="${GTK_A11Y:-none}"; fi
dbus-run-session -- "$@"
