package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.BERLIN;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.FRANKFURT;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.client;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.mirror;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.registry.ClockSkew;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/** The freshness contract: which mirrors may serve which file. */
class EligibilityTest {
  private static final String PACKAGE = "distri/jackherer/pkg/zsh-amd64-5.6.2-3.squashfs";
  private static final String INDEX = "distri/jackherer/pkg/meta.binaryproto";
  private static final long BEFORE_SYNC = SYNCED.minusSeconds(3600).toEpochMilli();
  private static final Client BERLINER = client("192.0.2.10", BERLIN, "DE", "EU");

  private static OriginTree origin(OriginFile... files) {
    return OriginTree.of(List.of(files));
  }

  private static OriginFile pkg(long appearedAtMillis) {
    return new OriginFile(PACKAGE, 1234, appearedAtMillis, null);
  }

  private static RouteDecision route(RoutingSnapshot snapshot, String path) {
    return snapshot.route(path, BERLINER);
  }

  private static Exclusion reason(RoutingSnapshot snapshot, String path) {
    List<MirrorList.Excluded> excluded = snapshot.mirrorList(path, BERLINER).excluded();
    assertThat(excluded).hasSize(1);
    return excluded.get(0).exclusion();
  }

  @Test
  void freshUpMirrorGetsFilesThatAppearedBeforeItsSync() {
    RoutingSnapshot snapshot =
        snapshot(
            origin(pkg(BEFORE_SYNC)),
            RoutingPolicy.DEFAULT,
            mirror(1, "fra", FRANKFURT, "DE", "EU"));
    assertThat(route(snapshot, PACKAGE).mirror().name()).isEqualTo("fra");
  }

  @Test
  void unknownPathIsNotFound() {
    RoutingSnapshot snapshot =
        snapshot(
            origin(pkg(BEFORE_SYNC)),
            RoutingPolicy.DEFAULT,
            mirror(1, "fra", FRANKFURT, "DE", "EU"));
    assertThat(route(snapshot, "distri/jackherer/pkg/nope.squashfs").found()).isFalse();
    assertThat(snapshot.mirrorList("distri/jackherer/pkg/nope.squashfs", BERLINER)).isNull();
  }

  @Test
  void fileThatAppearedAfterTheSyncStartedGoesToTheOriginUntilTheMirrorSyncsAgain() {
    long appeared = SYNCED.plusSeconds(10).toEpochMilli();
    Spec fra = mirror(1, "fra", FRANKFURT, "DE", "EU");
    RoutingSnapshot before = snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, fra);
    assertThat(route(before, PACKAGE).found()).isTrue();
    assertThat(route(before, PACKAGE).redirected()).isFalse();
    assertThat(reason(before, PACKAGE)).isEqualTo(Exclusion.STALE);

    RoutingSnapshot after =
        snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, fra.synced(SYNCED.plusSeconds(600)));
    assertThat(route(after, PACKAGE).mirror().name()).isEqualTo("fra");
  }

  @Test
  void syncThatStartedWithinTheMarginOfTheAppearanceIsNotTrusted() {
    long appeared = SYNCED.minusSeconds(1).toEpochMilli();
    RoutingSnapshot snapshot =
        snapshot(
            origin(pkg(appeared)), RoutingPolicy.DEFAULT, mirror(1, "fra", FRANKFURT, "DE", "EU"));
    assertThat(reason(snapshot, PACKAGE)).isEqualTo(Exclusion.STALE);
  }

  @Test
  void staleMirrorIsSkippedForAFresherOneFartherAway() {
    long appeared = SYNCED.plusSeconds(10).toEpochMilli();
    Spec near = mirror(1, "fra", FRANKFURT, "DE", "EU");
    Spec far = mirror(2, "nyc", TestMirrors.NEW_YORK, "US", "NA").synced(SYNCED.plusSeconds(60));
    RoutingSnapshot snapshot = snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, near, far);
    assertThat(route(snapshot, PACKAGE).mirror().name()).isEqualTo("nyc");
  }

  @Test
  void onlyConfirmedFreshnessCounts_theEarlierOfReportAndProbe() {
    Spec fra = mirror(1, "fra", FRANKFURT, "DE", "EU");
    fra.syncStartedAt = SYNCED.plusSeconds(600); // report claims a newer sync than the probe saw
    long appeared = SYNCED.plusSeconds(10).toEpochMilli();
    RoutingSnapshot snapshot = snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, fra);
    assertThat(reason(snapshot, PACKAGE)).isEqualTo(Exclusion.STALE);
  }

  @Test
  void skewIsCorrectedAndTooMuchSkewIsNotTrusted() {
    long appeared = SYNCED.minusSeconds(20).toEpochMilli();
    Spec fast = mirror(1, "fra", FRANKFURT, "DE", "EU");
    fast.skew = Duration.ofSeconds(25); // node clock 25 s ahead: its sync really began at -25 s
    assertThat(reason(snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, fast), PACKAGE))
        .isEqualTo(Exclusion.STALE);
    fast.skew = Duration.ofSeconds(-25);
    assertThat(
            route(snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, fast), PACKAGE)
                .redirected())
        .isTrue();
    fast.skew = Duration.ofMinutes(5);
    assertThat(reason(snapshot(origin(pkg(BEFORE_SYNC)), RoutingPolicy.DEFAULT, fast), PACKAGE))
        .isEqualTo(Exclusion.CLOCK_SKEW);
  }

  @Test
  void noDataIsNeverEligible() {
    OriginTree origin = origin(pkg(BEFORE_SYNC));
    Spec down = mirror(1, "fra", FRANKFURT, "DE", "EU");
    down.up = false;
    assertThat(reason(snapshot(origin, RoutingPolicy.DEFAULT, down), PACKAGE))
        .isEqualTo(Exclusion.DOWN);

    Spec unreported = mirror(1, "fra", FRANKFURT, "DE", "EU");
    unreported.syncStartedAt = null;
    assertThat(reason(snapshot(origin, RoutingPolicy.DEFAULT, unreported), PACKAGE))
        .isEqualTo(Exclusion.NO_REPORT);

    Spec unconfirmed = mirror(1, "fra", FRANKFURT, "DE", "EU");
    unconfirmed.probedFreshness = null;
    assertThat(reason(snapshot(origin, RoutingPolicy.DEFAULT, unconfirmed), PACKAGE))
        .isEqualTo(Exclusion.UNCONFIRMED);

    Spec inactive = mirror(1, "fra", FRANKFURT, "DE", "EU");
    inactive.active = false;
    assertThat(reason(snapshot(origin, RoutingPolicy.DEFAULT, inactive), PACKAGE))
        .isEqualTo(Exclusion.PAUSED);

    RoutingSnapshot unprobed =
        RoutingSnapshot.build(
            List.of(mirror(1, "fra", FRANKFURT, "DE", "EU").candidate()),
            origin,
            Map.of(),
            RoutingPolicy.DEFAULT,
            TestMirrors.NOW);
    assertThat(reason(unprobed, PACKAGE)).isEqualTo(Exclusion.NEVER_PROBED);
    assertThat(route(unprobed, PACKAGE).redirected()).isFalse();
  }

  @Test
  void changedIndexNeverGoesToAMirrorHoldingTheOldOne() {
    OriginTree origin = origin(new OriginFile(INDEX, 99, BEFORE_SYNC, "new"));
    Spec old = mirror(1, "fra", FRANKFURT, "DE", "EU");
    old.digests = Map.of(INDEX, "old");
    Spec current = mirror(2, "nyc", TestMirrors.NEW_YORK, "US", "NA");
    current.digests = Map.of(INDEX, "new");
    RoutingSnapshot snapshot = snapshot(origin, RoutingPolicy.DEFAULT, old, current);
    for (int host = 1; host <= 50; host++) {
      Client berliner = client("192.0.2." + host, BERLIN, "DE", "EU");
      assertThat(snapshot.route(INDEX, berliner).mirror().name()).isEqualTo("nyc");
    }
    assertThat(snapshot.mirrorList(INDEX, BERLINER).excluded())
        .extracting(MirrorList.Excluded::exclusion)
        .containsExactly(Exclusion.INDEX_MISMATCH);
  }

  @Test
  void indexDigestIsTrustedOnlyWhileTheProbeConfirmsTheReportedSync() {
    OriginTree origin = origin(new OriginFile(INDEX, 99, BEFORE_SYNC, "new"));
    Spec resynced = mirror(1, "fra", FRANKFURT, "DE", "EU");
    resynced.digests = Map.of(INDEX, "new");
    resynced.probedFreshness = SYNCED.plusSeconds(300); // published another sync since reporting
    RoutingSnapshot snapshot = snapshot(origin, RoutingPolicy.DEFAULT, resynced);
    assertThat(route(snapshot, INDEX).redirected()).isFalse();
    assertThat(reason(snapshot, INDEX)).isEqualTo(Exclusion.INDEX_MISMATCH);
  }

  @Test
  void aDelayedReportNeverMakesAMirrorFresher() {
    long appeared = SYNCED.plusSeconds(4).toEpochMilli(); // after the sync began: not held
    Spec delayed = mirror(1, "fra", FRANKFURT, "DE", "EU");
    // sent at the sync's start, arrived 8 s later; the previous answer came back at once
    delayed.skewBounds = new ClockSkew(-8_000, 50L);
    assertThat(reason(snapshot(origin(pkg(appeared)), RoutingPolicy.DEFAULT, delayed), PACKAGE))
        .isEqualTo(Exclusion.STALE);
    // no answer sent back yet: the largest trusted skew is assumed
    delayed.skewBounds = new ClockSkew(-8_000, null);
    assertThat(
            reason(
                snapshot(
                    origin(pkg(SYNCED.minusSeconds(20).toEpochMilli())),
                    RoutingPolicy.DEFAULT,
                    delayed),
                PACKAGE))
        .isEqualTo(Exclusion.STALE);
    assertThat(
            route(
                    snapshot(
                        origin(pkg(SYNCED.minusSeconds(40).toEpochMilli())),
                        RoutingPolicy.DEFAULT,
                        delayed),
                    PACKAGE)
                .redirected())
        .isTrue();
  }

  @Test
  void aMirrorWhoseLastSyncStartedMoreThan24HoursAgoServesNothing() {
    Spec old =
        mirror(1, "fra", FRANKFURT, "DE", "EU").synced(TestMirrors.NOW.minus(Duration.ofHours(48)));
    RoutingSnapshot snapshot =
        snapshot(origin(pkg(BEFORE_SYNC - 86_400_000L * 3)), RoutingPolicy.DEFAULT, old);
    assertThat(reason(snapshot, PACKAGE)).isEqualTo(Exclusion.OUTDATED);
    assertThat(route(snapshot, PACKAGE).redirected()).isFalse();

    Spec recent =
        mirror(1, "fra", FRANKFURT, "DE", "EU").synced(TestMirrors.NOW.minus(Duration.ofHours(23)));
    RoutingSnapshot fresh =
        snapshot(origin(pkg(BEFORE_SYNC - 86_400_000L * 3)), RoutingPolicy.DEFAULT, recent);
    assertThat(route(fresh, PACKAGE).redirected()).isTrue();
    // the snapshot knows when time alone will exclude it
    assertThat(fresh.nextExpiry())
        .isBetween(
            TestMirrors.NOW.plus(Duration.ofMinutes(59)),
            TestMirrors.NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void aMirrorHoldingTheCurrentIndexServesItHoweverSoonAfterTheChangeItSynced() {
    // the index changed a second before the sync began: within the margin, yet the digests agree
    OriginTree origin =
        origin(new OriginFile(INDEX, 99, SYNCED.minusSeconds(1).toEpochMilli(), "new"));
    Spec current = mirror(1, "fra", FRANKFURT, "DE", "EU");
    current.digests = Map.of(INDEX, "new");
    assertThat(route(snapshot(origin, RoutingPolicy.DEFAULT, current), INDEX).mirror().name())
        .isEqualTo("fra");
    assertThat(
            snapshot(origin, RoutingPolicy.DEFAULT, current).mirrorList(INDEX, BERLINER).excluded())
        .isEmpty();
  }

  @Test
  void theNewestFilesBeforeATimeSkipSiblingsAndIndexes() {
    OriginTree origin =
        origin(
            new OriginFile("a.squashfs", 1, 10, null),
            new OriginFile("b.meta.textproto", 1, 20, null),
            new OriginFile("b.meta.textproto.zst", 1, 21, null),
            new OriginFile("img.zst", 1, 25, null),
            new OriginFile(INDEX, 1, 28, "d"),
            new OriginFile("c.squashfs", 1, 30, null));
    assertThat(origin.newestBefore(30, 2))
        .extracting(OriginFile::path)
        .containsExactly("img.zst", "b.meta.textproto");
    assertThat(origin.newestBefore(31, 9))
        .extracting(OriginFile::path)
        .containsExactly("c.squashfs", "img.zst", "b.meta.textproto", "a.squashfs");
    assertThat(origin.newestBefore(10, 9)).isEmpty();
  }
}
