package org.distr1.mirrors.coordinator.routing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the redirect path pays, per request for a mutable file, to check that the origin's copy is
 * still the one routing knows ({@link OriginIndex#unchanged}: one stat). Run by hand beside {@link
 * RouteDecisionBenchmark}: {@code config/scripts/bench/route-decision.sh OriginCheck}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class OriginCheckBenchmark {
  private Path root;
  private ScheduledExecutorService unused;
  private OriginIndex index;
  private OriginFile file;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("origin-check-bench");
    SampleRepository.generate(root);
    unused = Executors.newSingleThreadScheduledExecutor();
    index = new OriginIndex(root, Duration.ofHours(1), unused);
    index.rescan();
    file = index.current().get(SampleRepository.indexPath("jackherer"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    unused.shutdownNow();
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public boolean unchanged() {
    return index.unchanged(file);
  }
}
