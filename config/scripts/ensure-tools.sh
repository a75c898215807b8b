#!/usr/bin/env bash
# Installs the system tools the build, the tests and the quick start run for real.
# Usage: ensure-tools.sh TOOL[:PACKAGE]... (PACKAGE, the Debian package, defaults to TOOL).
# TOOL may be a path pattern for programs outside PATH, e.g. '/usr/lib/postgresql/*/bin/postgres'.
set -euo pipefail
missing=()
for wanted in "$@"; do
  tool=${wanted%%:*}
  package=${wanted#*:}
  if [[ $tool == /* ]]; then
    compgen -G "$tool" >/dev/null || missing+=("$package")
  else
    command -v "$tool" >/dev/null 2>&1 || missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "distri-mirrors needs: ${missing[*]}. Install them first, e.g.: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Packages such as nginx start their service on installation; the tests start their own
# instances on free loopback ports, so keep the package's from taking port 80.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
