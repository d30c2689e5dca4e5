#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the report tests, installing Debian's chromium package when
# none is there. Exits non-zero, with the reason on stderr, only when it cannot be found or installed.
set -uo pipefail

for candidate in "${UPTAKESIM_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "chromium is not installed and installing it needs root (or password-less sudo)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium is not installed and there is no apt-get to install it with" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Other builds may hold the package lock: wait for it rather than fail.
apt=("${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 -q)
echo "installing chromium for the report browser tests..." >&2
if ! "${apt[@]}" install -y --no-install-recommends chromium >&2; then
  "${apt[@]}" update >&2 && "${apt[@]}" install -y --no-install-recommends chromium >&2 || {
    echo "apt-get could not install chromium" >&2
    exit 1
  }
fi
if [ -x /usr/bin/chromium ]; then
  echo /usr/bin/chromium
  exit 0
fi
echo "the chromium package installed, but /usr/bin/chromium is missing" >&2
exit 1
