#!/usr/bin/env bash
# The whole test suite: unit tests (*Test) and process-level tests (*IT) of every module.
set -euo pipefail
cd "$(dirname "$0")/../.."
# chromium and chromedriver: the status page test (coordinator StatusPageIT); postgresql: the
# coordinator's database tier runs on H2 and again on a PostgreSQL server the tests start;
# aria2c: MetalinkIT downloads through the coordinator from several mirrors; ip, tc and python3:
# the benchmark world's namespaces and delay switch (coordinator WorldScriptIT); promtool
# (prometheus): the metrics tests parse /metrics with it
config/scripts/ensure-tools.sh rsync nginx systemd-analyze:systemd chromium chromedriver:chromium-driver \
  '/usr/lib/postgresql/*/bin/postgres:postgresql' runuser:util-linux aria2c:aria2 ip:iproute2 tc:iproute2 python3 \
  promtool:prometheus
exec mvn -B -ntp verify "$@"
