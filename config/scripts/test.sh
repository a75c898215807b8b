#!/usr/bin/env bash
# The whole test suite: unit tests (*Test) and process-level tests (*IT) of every module.
set -euo pipefail
cd "$(dirname "$0")/../.."
# chromium and chromedriver: the status page test (coordinator StatusPageIT)
config/scripts/ensure-tools.sh rsync nginx systemd-analyze:systemd chromium chromedriver:chromium-driver
exec mvn -B -ntp verify "$@"
