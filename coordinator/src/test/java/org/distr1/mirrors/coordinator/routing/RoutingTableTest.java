package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.junit.jupiter.api.Test;

/** The first snapshot built beside the rest of start-up, and waited for before requests. */
class RoutingTableTest {
  @Test
  void startBuildingReturnsAtOnceAndAwaitFirstWaitsForTheBuild() throws Exception {
    MirrorCandidate mirror =
        TestMirrors.mirror(1, "m1", TestMirrors.FRANKFURT, "DE", "EU").candidate();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      RoutingTable table =
          table(
              () -> {
                reading.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return List.of(mirror);
              },
              executor);

      table.startBuilding(); // returns while the registry is still being read
      reading.await();
      assertThat(table.current().mirrors()).isEmpty();
      assertThatThrownBy(() -> table.awaitFirst(Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class);

      release.countDown();
      table.awaitFirst(Duration.ofSeconds(30));
      assertThat(table.current().mirrors()).containsExactly(mirror);
      table.stop();
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Under a stream of changes rebuilding must take a bounded share of a core whatever the fleet's
   * size: a change waits at least {@code BUILD_MULTIPLE} times the last build's duration, however
   * short the configured delay.
   */
  @Test
  void aChangeWaitsAtLeastFourTimesTheLastBuild() throws Exception {
    MirrorCandidate mirror =
        TestMirrors.mirror(1, "m1", TestMirrors.FRANKFURT, "DE", "EU").candidate();
    long buildNanos = TimeUnit.MILLISECONDS.toNanos(100);
    List<Long> reads = new CopyOnWriteArrayList<>();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      RoutingTable table =
          table(
              () -> {
                long started = System.nanoTime();
                reads.add(started);
                // a build of a large fleet: at least 100 ms of work
                while (System.nanoTime() - started < buildNanos) {
                  Thread.onSpinWait();
                }
                return List.of(mirror);
              },
              executor);
      table.startBuilding();
      table.awaitFirst(Duration.ofSeconds(30));
      long changed = System.nanoTime();
      table.changed();
      await().atMost(Duration.ofSeconds(30)).until(() -> reads.size() == 2);
      assertThat(reads.get(1) - changed)
          .isGreaterThanOrEqualTo(RoutingTable.BUILD_MULTIPLE * buildNanos);
      table.stop();
    } finally {
      executor.shutdownNow();
    }
  }

  /** A table over these mirrors, no origin files and no probes, rebuilding 10 ms after a change. */
  private static RoutingTable table(
      Supplier<List<MirrorCandidate>> mirrors, ScheduledExecutorService executor) {
    return new RoutingTable(
        mirrors,
        () -> OriginTree.EMPTY,
        () -> Map.<Long, ProbeState>of(),
        RoutingPolicy.DEFAULT,
        Duration.ofMillis(10),
        executor);
  }
}
