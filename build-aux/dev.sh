#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a Debian 12 machine for Entrena, builds it, and runs it or its tests.
#
# usage: build-aux/dev.sh run [--demo NAME | FILE.csv]   install, build, open the app
#        build-aux/dev.sh test                             install, build, run every test
#        build-aux/dev.sh deps                             only install missing packages
#
# As root it installs what is missing with apt-get; as another user it uses
# sudo when it can, or names the packages to install. Build folders: _build
# (the app and the main test run), _build-asan (AddressSanitizer and UBSan),
# _build-fuzz (clang with libFuzzer: each target explores for FUZZ_SECONDS, 60
# by default, two at a time), _build-arm64 (aarch64, run under qemu;
# ENTRENA_CROSS=0 skips it). The test run ends with one line,
# "N passed, N failed, N skipped", counted over every stage.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libcsv-dev
  desktop-file-utils appstream libxml2-utils
)
# The torch, scikit-learn and pandas tests check Entrena against the real
# libraries (model files, exported scripts); they skip where these are absent.
test_packages=(
  python3 xvfb xauth dbus at-spi2-core locales flatpak-builder
  clang libclang-rt-14-dev
  python3-numpy python3-pandas python3-sklearn python3-torch
)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "dev.sh: run as root, or install: ${missing[*]}" >&2; exit 1
  fi
}

install_missing() {
  missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  as_root apt-get update -o DPkg::Lock::Timeout=600 -qq
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
}

# The Spanish locale, for the tests that read numbers and text in Spanish.
ensure_locale() {
  locale -a 2>/dev/null | grep -qi '^es_ES\.utf-\?8$' && return 0
  as_root sed -i 's/^# *\(es_ES.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  as_root locale-gen >/dev/null
}

configure() {  # configure DIR [meson options...]
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

cmd_run() {
  install_missing "${build_packages[@]}" || exit 1
  configure _build || exit 1
  meson compile -C _build || exit 1
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "dev.sh: no display to open a window on; run this from a desktop session" >&2
    echo "        (or headless: build-aux/headless-run.sh _build/src/app/entrena --demo spirals)" >&2
    exit 1
  fi
  export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
  if [ $# -eq 0 ]; then set -- --demo spirals; fi
  exec _build/src/app/entrena "$@"
}

install_arm64() {
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    as_root dpkg --add-architecture arm64
    as_root apt-get update -o DPkg::Lock::Timeout=600 -qq
  fi
  install_missing gcc-aarch64-linux-gnu qemu-user-static \
    libglib2.0-dev:arm64 libcsv-dev:arm64 libjson-glib-dev:arm64
}

configure_fuzz() {
  CC=clang configure _build-fuzz -Dgui=disabled -Dfuzz=true -Dbench=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
}

# fuzz_one NAME MAX_LEN WORKDIR SEEDS...: explores from a copy of the seeds,
# in WORKDIR (lessons name their data relative to it), for FUZZ_SECONDS (60 by
# default); findings go to _build-fuzz/NAME-crash-*.
fuzz_one() {
  local name=$1 max_len=$2 workdir=$3; shift 3
  local corpus rc root=$PWD
  corpus=$(mktemp -d)
  for seeds in "$@"; do
    find "$seeds" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tsv' -o -name '*.safetensors' \
      -o -name '*.entrena' -o -name 'seed-*' \) -exec cp {} "$corpus"/ \;
  done
  (cd "$workdir" && "$root"/_build-fuzz/tests/fuzz-"$name" -max_total_time="${FUZZ_SECONDS:-60}" \
    -max_len="$max_len" -artifact_prefix="$root"/_build-fuzz/"$name"- "$corpus" \
    2>"$root"/_build-fuzz/fuzz-"$name".log)
  rc=$?
  rm -rf "$corpus"
  grep -h '^#[0-9]*.*DONE' _build-fuzz/fuzz-"$name".log | tail -1 | sed "s/^/fuzz-$name: /"
  [ $rc -eq 0 ] || { tail -40 _build-fuzz/fuzz-"$name".log; return 1; }
}

# Every fuzz target, two at a time on the two cores.
fuzz_all() {
  local rc=0 first
  fuzz_one csv 4096 . tests/fuzz/corpus tests/data/hostile & first=$!
  fuzz_one model 8192 . tests/fuzz/model-corpus tests/data/hostile || rc=1
  wait $first || rc=1
  fuzz_one number 64 . tests/fuzz/number-corpus & first=$!
  fuzz_one lesson 4096 tests/data/lessons tests/data/lessons || rc=1
  wait $first || rc=1
  return $rc
}

stage() {  # stage NAME COMMAND...: runs a stage, remembers a failure, goes on
  local name=$1; shift
  echo "=== $name"
  if ! "$@"; then
    echo "=== $name: FAILED"
    failures+=("$name")
  fi
}

cmd_test() {
  install_missing "${build_packages[@]}" "${test_packages[@]}" || exit 1
  ensure_locale
  failures=()
  logs=()

  # 1. The normal build, every suite, on a private X server and D-Bus session.
  stage "configure" configure _build
  stage "compile" meson compile -C _build
  stage "tests" build-aux/headless-run.sh meson test -C _build --print-errorlogs --num-processes 2
  logs+=(_build/meson-logs/testlog.json)

  # 2. AddressSanitizer and UBSan over every suite (GUI included) but the
  #    PyTorch comparisons, whose time goes to PyTorch and whose paths the core
  #    and cli suites run.
  stage "asan configure" configure _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbench=false
  stage "asan compile" meson compile -C _build-asan
  stage "asan tests" build-aux/headless-run.sh meson test -C _build-asan --setup asan \
    --no-suite torch --no-suite scalar --print-errorlogs --num-processes 2
  logs+=(_build-asan/meson-logs/testlog-asan.json)

  # 3. libFuzzer: replay the corpus, then explore for a bounded time.
  if command -v clang >/dev/null; then
    stage "fuzz configure" configure_fuzz
    stage "fuzz compile" meson compile -C _build-fuzz
    stage "fuzz corpus" meson test -C _build-fuzz --suite fuzz --print-errorlogs
    logs+=(_build-fuzz/meson-logs/testlog.json)
    stage "fuzz run" fuzz_all
  fi

  # 4. aarch64: the core and its kernels (the NEON path) cross-built and
  #    tested under qemu-user, where every Arm laptop's arithmetic is checked.
  if [ "${ENTRENA_CROSS:-1}" = 1 ]; then
    stage "arm64 packages" install_arm64
    stage "arm64 configure" configure _build-arm64 --cross-file build-aux/aarch64-linux-gnu.ini \
      -Dgui=disabled -Dbench=false
    stage "arm64 compile" meson compile -C _build-arm64
    stage "arm64 tests" env ENTRENA_TEST_BIG_CSV_MB=16 ENTRENA_TEST_QUICK=1 meson test -C _build-arm64 --suite core --suite kernels --no-suite scalar --print-errorlogs \
      --num-processes 2 --timeout-multiplier 4
    logs+=(_build-arm64/meson-logs/testlog.json)
  fi

  if [ ${#failures[@]} -gt 0 ]; then
    echo "failed stages: ${failures[*]}"
  fi
  python3 build-aux/test-summary.py "${logs[@]}"
  summary_rc=$?
  [ ${#failures[@]} -eq 0 ] && [ $summary_rc -eq 0 ]
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) cmd_test ;;
  deps) install_missing "${build_packages[@]}" "${test_packages[@]}" && ensure_locale ;;
  *) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
