#!/usr/bin/env bash
# Set up the station on this machine, then start it in demo mode or run the tests.
#
#   ./quickstart.sh demo    install everything and start the station in demo mode
#   ./quickstart.sh test    install everything and run the whole test suite
#
# On Debian/Ubuntu it installs the system libraries Qt needs, a CJK font and
# python3-venv (with sudo when not root), then a virtual environment in .venv.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

# Libraries the Qt wheels load (xcb for a real screen, EGL/GL, fonts, D-Bus,
# PulseAudio for sounds), a Chinese font, and the test tools (virtual serial
# ports, a virtual screen, PDF rasteriser).
DEB_PACKAGES=(
  python3-venv
  libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6 libsm6 libice6
  libpulse0 libasound2
  fonts-wqy-microhei fonts-hanazono fonts-babelstone-han fonts-symbola
  cups-client cups-daemon cups
  postgresql
  socat xvfb xauth xdotool x11-xkb-utils poppler-utils
  binutils  # objdump, which PyInstaller needs on Linux (python -m station.build)
)

install_system_packages() {
  if ! command -v dpkg >/dev/null 2>&1; then
    echo "quickstart: not a Debian-like system; install Qt's libraries and a CJK font yourself" >&2
    return
  fi
  local missing=() p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "quickstart: please install as root: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "quickstart: installing system packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_python_packages() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  # Reinstall only when the declared dependencies changed.
  local stamp="$VENV/.installed" want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    echo "$want" > "$stamp"
  fi
}

case "${1:-}" in
  demo)
    shift
    install_system_packages
    install_python_packages
    exec "$VENV/bin/python" main.py --demo "$@"
    ;;
  test)
    shift
    install_system_packages
    install_python_packages
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    # one test process per core (pytest-xdist), a test file's tests kept together;
    # `./quickstart.sh test -n 0` runs them in this one process
    exec "$VENV/bin/python" -m pytest -n auto --dist loadfile "$@"
    ;;
  *)
    echo "usage: $0 demo|test" >&2
    exit 2
    ;;
esac
