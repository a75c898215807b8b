package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.distr1.mirrors.coordinator.geo.ClientLocation;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/**
 * The redirect and ?mirrorlist ask the one {@link Eligibility}, the redirect over a cell's list
 * when it can; over many random networks what it picks must agree with what ?mirrorlist shows.
 */
class RouteAgreesWithMirrorListTest {
  private static final String[] COUNTRIES = {"DE", "NL", "US", "JP"};
  private static final String[] CONTINENTS = {"EU", "EU", "NA", "AS"};
  private static final String INDEX = "distri/r/pkg/meta.binaryproto";
  private static final String PACKAGE = "distri/r/pkg/a-1.squashfs";

  private static final OriginTree ORIGIN =
      OriginTree.of(
          List.of(
              new OriginFile(PACKAGE, 1, SYNCED.toEpochMilli(), null),
              new OriginFile(INDEX, 1, SYNCED.minusSeconds(600).toEpochMilli(), "d1")));

  @Test
  void smallNetworks() {
    SplittableRandom random = new SplittableRandom(99);
    for (int round = 0; round < 300; round++) {
      check(network(random, 1 + random.nextInt(12)), random, 1);
    }
  }

  /** Large enough for the cell index: its walk must decide exactly as the full scan. */
  @Test
  void largeNetworks() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 3; round++) {
      check(network(random, 200 + random.nextInt(400)), random, 150);
    }
  }

  /**
   * Mirrors in a few dense clusters (as hosting concentrates them) and clients anywhere: most
   * clients are far from every mirror, and their cells' lists must hold whole clusters.
   */
  @Test
  void clusteredNetworks() {
    SplittableRandom random = new SplittableRandom(2026);
    GeoPoint[] places = {
      TestMirrors.FRANKFURT, TestMirrors.NEW_YORK, TestMirrors.TOKYO, new GeoPoint(-33.9, 151.2)
    };
    for (int round = 0; round < 3; round++) {
      check(network(random, 300 + random.nextInt(300), places, 3), random, 150);
    }
  }

  /**
   * More mirrors within reach of every cell than a cell's list holds (1,024): a walk that runs out
   * of its list has not seen mirrors that can be in the band, and must fall back to the full scan.
   */
  @Test
  void crowdedCells() {
    SplittableRandom random = new SplittableRandom(11);
    check(network(random, 1_600, new GeoPoint[] {TestMirrors.FRANKFURT}, 0.5), random, 150);
  }

  private static RoutingSnapshot network(SplittableRandom random, int n) {
    return network(random, n, null, 0);
  }

  /**
   * @param places mirrors within {@code spread} degrees of these, or anywhere when null
   */
  private static RoutingSnapshot network(
      SplittableRandom random, int n, GeoPoint[] places, double spread) {
    List<Spec> specs = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      int c = random.nextInt(COUNTRIES.length);
      GeoPoint at;
      if (places == null) {
        at = new GeoPoint(random.nextDouble(-60, 60), random.nextDouble(-180, 180));
      } else {
        GeoPoint place = places[random.nextInt(places.length)];
        at =
            new GeoPoint(
                place.latitude() + random.nextDouble(-spread, spread),
                place.longitude() + random.nextDouble(-spread, spread));
      }
      Spec s = new Spec(id, "m" + id).at(at, COUNTRIES[c], CONTINENTS[c]);
      // large networks are mostly healthy and world-wide, so the cell walk usually suffices
      boolean large = n > 50;
      s.synced(SYNCED.plusSeconds(random.nextInt(large ? -5 : -30, 30)));
      s.up = random.nextInt(large ? 20 : 5) > 0;
      s.scope = large && random.nextInt(10) > 0 ? Scope.WORLD : Scope.values()[random.nextInt(3)];
      s.ipv6 = large ? random.nextInt(5) > 0 : random.nextBoolean();
      s.skew = Duration.ofSeconds(random.nextInt(-40, 40));
      s.digests = Map.of(INDEX, random.nextBoolean() ? "d1" : "d0");
      // in large networks only a few mirrors claim networks, as in the real one
      s.asn = random.nextInt(n > 50 ? 100 : 3) == 1 ? 1 : 0;
      s.netblocks = random.nextInt(n > 50 ? 100 : 4) == 0 ? List.of("10.0.0.0/8") : List.of();
      specs.add(s);
    }
    return TestMirrors.snapshot(ORIGIN, RoutingPolicy.DEFAULT, specs.toArray(Spec[]::new));
  }

  private static void check(RoutingSnapshot snapshot, SplittableRandom random, int clients) {
    for (int round = 0; round < clients; round++) {
      int c = random.nextInt(COUNTRIES.length);
      String address =
          random.nextInt(4) == 0
              ? "10.1.2." + random.nextInt(256)
              : "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::7";
      Client client =
          new Client(
              TestMirrors.ip(address),
              new ClientLocation(
                  COUNTRIES[c],
                  CONTINENTS[c],
                  new GeoPoint(random.nextDouble(-89, 89), random.nextDouble(-180, 180)),
                  random.nextInt(4) == 0 ? 1 : 0));
      for (String path : List.of(PACKAGE, INDEX)) {
        RouteDecision decision = snapshot.route(path, client);
        MirrorList list = snapshot.mirrorList(path, client);
        List<MirrorList.Ranked> ranked = list.candidates();
        List<MirrorCandidate> listed = ranked.stream().map(MirrorList.Ranked::mirror).toList();
        if (listed.isEmpty()) {
          assertThat(decision.redirected()).isFalse();
          assertThat(list.choice()).isNull();
          continue;
        }
        assertThat(ranked.get(listed.indexOf(decision.mirror())).inBand()).isTrue();
        assertThat(list.choice().mirror()).isEqualTo(decision.mirror());
        List<MirrorCandidate> rest = new ArrayList<>(listed);
        rest.remove(decision.mirror());
        assertThat(decision.alternates())
            .containsExactlyElementsOf(rest.subList(0, Math.min(rest.size(), 4)));
      }
    }
  }
}
