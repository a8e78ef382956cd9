#!/usr/bin/env bash
# Installs everything mcp-risk needs on a fresh Debian/Ubuntu machine: the Debian packages
# (bubblewrap for the scanner's sandbox, chromium for the browser tests, Debian's python3 with its venv module for
# Python servers: /usr/bin/python3 is what every sandbox can see) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(bubblewrap chromium python3 python3-venv)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "setup: please install ${missing[*]} with your system's package manager (no apt-get here)." >&2
  else
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

echo "setup: installing npm packages" >&2
npm install --no-audit --no-fund --loglevel=error

# The CLI runs compiled JavaScript (dist/, git-ignored) so each command starts in a fraction of a second;
# bin/mcp-risk.js falls back to the TypeScript sources, with a warning, when this build is missing or stale.
echo "setup: compiling the CLI into dist/" >&2
npm run --silent build
