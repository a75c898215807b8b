#!/usr/bin/env bash
# Installs the system tools the build, the tests and the quick start run for real.
# Usage: ensure-tools.sh TOOL... (a tool name is also its Debian package name).
set -euo pipefail
missing=()
for tool in "$@"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "distri-mirrors needs: ${missing[*]}. Install them first, e.g.: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
