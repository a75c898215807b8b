#!/usr/bin/env bash
# JMH: one route decision over 1,000 / 10,000 / 100,000 mirrors (docs/benchmarks.md, "Route decision").
# Extra arguments go to JMH, e.g. `-p mirrors=1000`.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -ntp -q -pl coordinator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd coordinator
# run from a copy, so rebuilding the worktree cannot pull classes from under a running benchmark
rm -rf target/bench && mkdir -p target/bench
cp -r target/classes target/bench/classes && cp -r target/test-classes target/bench/test-classes
exec java -cp "target/bench/test-classes:target/bench/classes:$(cat target/bench.classpath)" \
  org.openjdk.jmh.Main RouteDecisionBenchmark "$@"
