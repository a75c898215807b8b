package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/**
 * The redirect path applies the eligibility rules in a flattened form; over many random networks
 * it must agree with the explained form that ?mirrorlist shows.
 */
class RouteAgreesWithMirrorListTest {
  private static final String[] COUNTRIES = {"DE", "NL", "US", "JP"};
  private static final String[] CONTINENTS = {"EU", "EU", "NA", "AS"};
  private static final String INDEX = "distri/r/pkg/meta.binaryproto";
  private static final String PACKAGE = "distri/r/pkg/a-1.squashfs";

  @Test
  void chosenMirrorAndAlternatesAreAlwaysListedCandidatesInOrder() {
    SplittableRandom random = new SplittableRandom(99);
    OriginTree origin = OriginTree.of(List.of(
        new OriginFile(PACKAGE, 1, SYNCED.toEpochMilli(), null),
        new OriginFile(INDEX, 1, SYNCED.minusSeconds(600).toEpochMilli(), "d1")));
    for (int round = 0; round < 300; round++) {
      List<Spec> specs = new ArrayList<>();
      int n = 1 + random.nextInt(12);
      for (int id = 0; id < n; id++) {
        int c = random.nextInt(COUNTRIES.length);
        Spec s = new Spec(id, "m" + id).at(
            new GeoPoint(random.nextDouble(-60, 60), random.nextDouble(-180, 180)),
            COUNTRIES[c], CONTINENTS[c]);
        s.synced(SYNCED.plusSeconds(random.nextInt(-30, 30)));
        s.up = random.nextInt(5) > 0;
        s.scope = Scope.values()[random.nextInt(3)];
        s.ipv6 = random.nextBoolean();
        s.skew = Duration.ofSeconds(random.nextInt(-40, 40));
        s.digests = Map.of(INDEX, random.nextBoolean() ? "d1" : "d0");
        s.asn = random.nextInt(3);
        s.netblocks = random.nextInt(4) == 0 ? List.of("10.0.0.0/8") : List.of();
        specs.add(s);
      }
      RoutingSnapshot snapshot =
          TestMirrors.snapshot(origin, RoutingPolicy.DEFAULT, specs.toArray(Spec[]::new));
      int c = random.nextInt(COUNTRIES.length);
      String address = random.nextBoolean() ? "10.1.2.3" : "2001:db8::7";
      Client client = new Client(TestMirrors.ip(address), new ClientLocation(COUNTRIES[c],
          CONTINENTS[c], new GeoPoint(random.nextDouble(-60, 60), 0), random.nextInt(3)));
      for (String path : List.of(PACKAGE, INDEX)) {
        RouteDecision decision = snapshot.route(path, client, random);
        List<MirrorCandidate> listed = snapshot.mirrorList(path, client).candidates().stream()
            .map(MirrorList.Ranked::mirror).toList();
        if (listed.isEmpty()) {
          assertThat(decision.redirected()).isFalse();
          continue;
        }
        assertThat(listed).contains(decision.mirror());
        List<MirrorCandidate> rest = new ArrayList<>(listed);
        rest.remove(decision.mirror());
        assertThat(decision.alternates())
            .containsExactlyElementsOf(rest.subList(0, Math.min(rest.size(), 4)));
      }
    }
  }
}
