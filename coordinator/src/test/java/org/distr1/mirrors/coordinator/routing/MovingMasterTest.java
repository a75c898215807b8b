package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.BERLIN;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.FRANKFURT;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.NEW_YORK;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.client;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.mirror;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code master/...} paths over a real origin index of distri's module layout while {@code master}
 * moves: every path through the link follows the mirror's copy of the section index, not its name,
 * and the commit directories themselves stay immutable.
 */
class MovingMasterTest {
  private static final Client BERLINER = client("192.0.2.10", BERLIN, "DE", "EU");
  private static final String MASTER_INDEX = SampleRepository.indexPath("master");

  @TempDir Path dir;
  private final ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    unused.shutdownNow();
  }

  /** A mirror that synced now and reports the digests of every section index in {@code tree}. */
  private static Spec syncedWith(Spec spec, OriginTree tree, Instant start) {
    Map<String, String> digests = new HashMap<>();
    for (OriginFile file : tree.files()) {
      if (file.mutable() && tree.get(file.digestPath()) != null) {
        digests.put(file.digestPath(), tree.get(file.digestPath()).digest());
      }
    }
    spec.digests = digests;
    return spec.synced(start);
  }

  /** Built a minute after the syncs, as the coordinator would build it then. */
  private static RoutingSnapshot snapshot(OriginTree tree, RoutingPolicy policy, Spec... specs) {
    Map<Long, org.distr1.mirrors.coordinator.probe.ProbeState> probes = new HashMap<>();
    for (Spec s : specs) {
      probes.put(s.id, s.probe());
    }
    return RoutingSnapshot.build(
        java.util.Arrays.stream(specs).map(Spec::candidate).toList(),
        tree,
        probes,
        policy,
        Instant.now().plusSeconds(60));
  }

  private static String routed(RoutingSnapshot snapshot, String path) {
    RouteDecision decision = snapshot.route(path, BERLINER);
    assertThat(decision.found()).as(path).isTrue();
    return decision.redirected() ? decision.mirror().name() : "origin";
  }

  @Test
  void pathsThroughMasterFollowTheIndexAsMasterMoves() throws Exception {
    SampleRepository repo = SampleRepository.generate(dir.resolve("origin"));
    OriginIndex index = new OriginIndex(repo.root(), Duration.ofHours(1), unused);
    index.rescan();
    OriginTree before = index.current();
    String oldCommit = repo.master();
    List<String> oldPackages = repo.packages("master");
    String viaMaster = oldPackages.get(0);
    String inCommit = viaMaster.replace("/master/", "/" + oldCommit + "/");
    assertThat(before.get(viaMaster).mutable()).isTrue();
    assertThat(before.get(inCommit).mutable()).isFalse();

    // after the generated files appeared by more than the margin a sync start is trusted less
    Instant firstSync = Instant.now().plus(RoutingPolicy.DEFAULT.syncMargin()).plusSeconds(1);
    Spec fra = syncedWith(mirror(1, "fra", FRANKFURT, "DE", "EU"), before, firstSync);
    RoutingSnapshot snapshot =
        snapshot(before, RoutingPolicy.DEFAULT, fra, mirror(2, "nyc", NEW_YORK, "US", "NA"));
    assertThat(routed(snapshot, MASTER_INDEX)).isEqualTo("fra");
    assertThat(routed(snapshot, viaMaster)).isEqualTo("fra");
    assertThat(routed(snapshot, inCommit)).isEqualTo("fra");

    // publication happens after fra's sync began: it hard-links the unchanged files into the
    // new commit, which moves their ctime but not their bytes (waiting for the clock, not for
    // another process)
    await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(firstSync));
    String newCommit = repo.publish();
    index.rescan();
    OriginTree after = index.current();
    assertThat(repo.master()).isEqualTo(newCommit);
    assertThat(after.get(MASTER_INDEX).digest()).isNotEqualTo(before.get(MASTER_INDEX).digest());
    List<String> added = new ArrayList<>(repo.packages("master"));
    added.removeAll(oldPackages);
    assertThat(added).hasSize(1);
    String newPackage = added.get(0);

    // fra still holds the old master: nothing through master goes there; the old commit's files
    // still do, though publication linked them anew
    RoutingSnapshot moved =
        snapshot(after, RoutingPolicy.DEFAULT, fra, mirror(2, "nyc", NEW_YORK, "US", "NA"));
    for (String path : List.of(MASTER_INDEX, viaMaster, newPackage)) {
      assertThat(routed(moved, path)).as(path).isEqualTo("origin");
    }
    assertThat(moved.mirrorList(MASTER_INDEX, BERLINER).excluded())
        .filteredOn(e -> e.mirror().name().equals("fra"))
        .extracting(MirrorList.Excluded::exclusion)
        .containsExactly(Exclusion.INDEX_MISMATCH);
    assertThat(routed(moved, inCommit))
        .as("%s", moved.mirrorList(inCommit, BERLINER).excluded())
        .isEqualTo("fra");

    // nyc synced after the move and reports the new index: every master path goes there
    Spec nyc = syncedWith(mirror(2, "nyc", NEW_YORK, "US", "NA"), after, firstSync.plusSeconds(5));
    RoutingSnapshot caughtUp = snapshot(after, RoutingPolicy.DEFAULT, fra, nyc);
    for (String path : List.of(MASTER_INDEX, viaMaster, newPackage)) {
      assertThat(routed(caughtUp, path)).as(path).isEqualTo("nyc");
    }
    // and a client near fra still gets the old commit's immutable files from fra
    assertThat(routed(caughtUp, inCommit)).isEqualTo("fra");
  }
}
