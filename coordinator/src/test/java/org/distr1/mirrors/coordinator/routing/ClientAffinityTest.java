package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.AMSTERDAM;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.BERLIN;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.FRANKFURT;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.client;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.mirror;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.snapshot;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/**
 * One client address, one mirror: within the nearest band a client's burst sees one mirror, while
 * clients spread by weight, and a mirror leaving moves only its own clients. Deterministic: a fixed
 * set of addresses, no random draws.
 */
class ClientAffinityTest {
  private static final String PACKAGE = "distri/r/pkg/a-amd64-1.squashfs";
  private static final String META = "distri/r/pkg/a-amd64-1.meta.textproto";
  private static final OriginTree ORIGIN =
      OriginTree.of(
          List.of(
              new OriginFile(PACKAGE, 1, SYNCED.minusSeconds(600).toEpochMilli(), null),
              new OriginFile(META, 1, SYNCED.minusSeconds(600).toEpochMilli(), null)));

  /** Wide enough that Frankfurt, Amsterdam and Prague share the band for a client in Berlin. */
  private static final RoutingPolicy WIDE =
      new RoutingPolicy(
          800, RoutingPolicy.DEFAULT.maxClockSkew(), RoutingPolicy.DEFAULT.syncMargin(), 4);

  private static final int CLIENTS = 30_000;

  private static Spec[] band() {
    Spec fra = mirror(11, "fra", FRANKFURT, "DE", "EU");
    fra.bandwidth = 1000;
    Spec ams = mirror(12, "ams", AMSTERDAM, "NL", "EU");
    ams.bandwidth = 2000;
    Spec prg = mirror(13, "prg", new GeoPoint(50.08, 14.44), "CZ", "EU");
    prg.bandwidth = 1000;
    prg.score = 5;
    return new Spec[] {fra, ams, prg};
  }

  private static Client someone(int i) {
    return client("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255), BERLIN, "DE", "EU");
  }

  private static String[] assign(RoutingSnapshot snapshot) {
    String[] mirror = new String[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
      mirror[i] = snapshot.route(PACKAGE, someone(i)).mirror().name();
    }
    return mirror;
  }

  @Test
  void oneClientsBurstSeesOneMirror() {
    RoutingSnapshot snapshot = snapshot(ORIGIN, WIDE, band());
    for (int i = 0; i < 500; i++) {
      Client client = someone(i * 37);
      String first = snapshot.route(PACKAGE, client).mirror().name();
      for (int request = 0; request < 5; request++) {
        assertThat(snapshot.route(META, client).mirror().name()).isEqualTo(first);
        assertThat(snapshot.route(PACKAGE, client).mirror().name()).isEqualTo(first);
      }
      // a snapshot rebuilt from the same facts decides the same
      assertThat(snapshot(ORIGIN, WIDE, band()).route(PACKAGE, client).mirror().name())
          .isEqualTo(first);
      assertThat(snapshot.mirrorList(PACKAGE, client).choice().mirror().name()).isEqualTo(first);
    }
  }

  @Test
  void anIpv6ClientCountsByItsSlash64() {
    RoutingSnapshot snapshot = snapshot(ORIGIN, WIDE, band());
    Map<String, Integer> bySite = new HashMap<>();
    for (int site = 0; site < 200; site++) {
      String prefix = "2001:db8:" + Integer.toHexString(site) + ":1::";
      String first =
          snapshot.route(PACKAGE, client(prefix + "1", BERLIN, "DE", "EU")).mirror().name();
      for (int host = 2; host < 10; host++) {
        Client temporary =
            client(
                prefix + Integer.toHexString(host * 7919 & 0xffff) + ":" + host,
                BERLIN,
                "DE",
                "EU");
        assertThat(snapshot.route(PACKAGE, temporary).mirror().name()).isEqualTo(first);
      }
      bySite.merge(first, 1, Integer::sum);
    }
    assertThat(bySite).containsOnlyKeys("fra", "ams", "prg");
  }

  @Test
  void clientsSpreadByBandwidthTimesScore() {
    Map<String, Integer> counts = new HashMap<>();
    for (String m : assign(snapshot(ORIGIN, WIDE, band()))) {
      counts.merge(m, 1, Integer::sum);
    }
    // weights 1000, 2000 and 5000 of 8000
    assertThat(counts.get("fra") / (double) CLIENTS).isCloseTo(0.125, within(0.01));
    assertThat(counts.get("ams") / (double) CLIENTS).isCloseTo(0.25, within(0.01));
    assertThat(counts.get("prg") / (double) CLIENTS).isCloseTo(0.625, within(0.01));
  }

  @Test
  void removingAMirrorMovesOnlyItsClients() {
    Spec[] all = band();
    String[] before = assign(snapshot(ORIGIN, WIDE, all));
    String[] after = assign(snapshot(ORIGIN, WIDE, all[0], all[2]));
    Map<String, Integer> movedTo = new HashMap<>();
    for (int i = 0; i < CLIENTS; i++) {
      if (before[i].equals("ams")) {
        movedTo.merge(after[i], 1, Integer::sum);
      } else {
        assertThat(after[i]).as("client %d", i).isEqualTo(before[i]);
      }
    }
    // ams's clients spread over the rest by their weights (1000 : 5000)
    int moved = movedTo.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(movedTo.get("fra") / (double) moved).isCloseTo(1 / 6.0, within(0.02));
    // and the mirror coming back takes back exactly its own
    assertThat(assign(snapshot(ORIGIN, WIDE, all))).isEqualTo(before);
    assertThat(Arrays.stream(before).filter("ams"::equals).count()).isEqualTo(moved);
  }

  @Test
  void mirrorListSaysWhichMirrorAndWhy() {
    RoutingSnapshot snapshot = snapshot(ORIGIN, WIDE, band());
    Client client = someone(4242);
    MirrorList list = snapshot.mirrorList(PACKAGE, client);
    MirrorList.Choice choice = list.choice();
    assertThat(choice.mirror()).isEqualTo(snapshot.route(PACKAGE, client).mirror());
    assertThat(choice.bandSize()).isEqualTo(3);
    double expected =
        switch (choice.mirror().name()) {
          case "fra" -> 0.125;
          case "ams" -> 0.25;
          default -> 0.625;
        };
    assertThat(choice.share()).isCloseTo(expected, within(1e-9));
    assertThat(choice.reason())
        .contains("weighted rendezvous hashing", "3 candidates", Math.round(expected * 100) + " %");
    assertThat(list.candidates())
        .extracting(MirrorList.Ranked::share)
        .containsExactlyInAnyOrder(0.125, 0.25, 0.625);

    RoutingSnapshot alone = snapshot(ORIGIN, WIDE, band()[0]);
    assertThat(alone.mirrorList(PACKAGE, client).choice().reason())
        .isEqualTo("the only candidate in the nearest band");
  }

  @Test
  void withoutWeightsTheNearestOfTheBand() {
    Spec[] zero = band();
    for (Spec s : zero) {
      s.score = 0;
    }
    RoutingSnapshot snapshot = snapshot(ORIGIN, WIDE, zero);
    for (int i = 0; i < 50; i++) {
      // Prague is nearest to Berlin
      assertThat(snapshot.route(PACKAGE, someone(i)).mirror().name()).isEqualTo("prg");
    }
    assertThat(snapshot.mirrorList(PACKAGE, someone(1)).choice().share()).isNull();
  }
}
