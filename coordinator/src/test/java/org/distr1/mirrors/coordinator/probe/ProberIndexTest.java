package org.distr1.mirrors.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing sends a section's mutable paths to a mirror whose node reported the origin's index
 * digest; the prober reads that index from the mirror, so a node whose word is wrong goes down.
 */
class ProberIndexTest {
  private static final String UPSTREAM = "repo-rsync.distr1.org";
  private static final String INDEX = SampleRepository.indexPath("supersilverhaze");

  @TempDir Path dir;
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  SampleRepository repo;
  OriginTree tree;
  ServedMirror mirror;
  CloseableHttpAsyncClient http;
  ProbeTracker tracker;
  Prober prober;

  @BeforeEach
  void start() throws Exception {
    repo = SampleRepository.generate(dir.resolve("module"));
    OriginIndex origin = new OriginIndex(repo.root(), Duration.ofHours(1), scheduler);
    origin.rescan();
    tree = origin.current();
    mirror = new ServedMirror(repo.root(), dir.resolve("state"));
    mirror.synced(UPSTREAM, Instant.now().minusSeconds(60));
    http = new HttpClientFactory().build(true);
    http.start();
    tracker = new ProbeTracker(2, 2, 0.6, 4);
    // the node reported the origin's digest of the index
    ProbeTarget target =
        new ProbeTarget(
            7,
            mirror.base(),
            freshness -> freshness.toEpochMilli(),
            Map.of(INDEX, tree.get(INDEX).digest()));
    prober =
        new Prober(
            () -> List.of(target),
            () -> tree,
            new MirrorProbe(http, UPSTREAM),
            tracker,
            new ProbeSettings(
                Duration.ofHours(1), Duration.ofSeconds(30), 2, Duration.ofSeconds(30), 0),
            () -> {},
            records -> {},
            Clock.systemUTC(),
            scheduler); // rounds run by hand; never started
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    http.close(CloseMode.GRACEFUL);
    scheduler.shutdownNow();
  }

  @Test
  void aMirrorServingTheReportedIndexStaysUp() throws Exception {
    prober.round();
    prober.round();
    assertThat(tracker.lastFailure(7)).isNull();
    assertThat(tracker.states().get(7L).up()).isTrue();
  }

  @Test
  void aMirrorServingAnotherIndexThanItsNodeReportedGoesDown() throws Exception {
    prober.round();
    prober.round();
    assertThat(tracker.states().get(7L).up()).isTrue();
    repo.changeFile(INDEX); // the mirror's bytes change; the report and the origin's do not
    prober.round();
    prober.round();
    assertThat(tracker.lastFailure(7))
        .isEqualTo("GET " + mirror.base() + INDEX + " is not the index its node reported");
    assertThat(tracker.states().get(7L).up()).isFalse();
  }
}
