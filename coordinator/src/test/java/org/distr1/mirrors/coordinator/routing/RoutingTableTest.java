package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
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
          new RoutingTable(
              () -> {
                reading.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return List.of(mirror);
              },
              () -> OriginTree.EMPTY,
              () -> Map.<Long, ProbeState>of(),
              RoutingPolicy.DEFAULT,
              Duration.ofMillis(10),
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
}
