#!/usr/bin/env bash
# JMH: one route decision over 1,000 / 10,000 / 100,000 mirrors (docs/benchmarks.md, "Route decision").
# Extra arguments go to JMH, e.g. `-p mirrors=1000`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -ntp -q -pl coordinator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd coordinator
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.openjdk.jmh.Main RouteDecisionBenchmark "$@"
