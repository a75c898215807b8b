package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.AMSTERDAM;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.BERLIN;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.BOSTON;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.FRANKFURT;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.NEW_YORK;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.OSAKA;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.TOKYO;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.client;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.ip;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.mirror;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.snapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.geo.ClientLocation;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/** Which eligible mirror a client is sent to. */
class SelectionTest {
  private static final String PATH = "distri/jackherer/img/distri-disk.img.zst";
  private static final OriginTree ORIGIN =
      OriginTree.of(
          List.of(new OriginFile(PATH, 1 << 20, SYNCED.minusSeconds(3600).toEpochMilli(), null)));
  private static final RoutingPolicy NARROW =
      new RoutingPolicy(
          100, RoutingPolicy.DEFAULT.maxClockSkew(), RoutingPolicy.DEFAULT.syncMargin(), 4);

  private static Spec fra() {
    return mirror(1, "fra", FRANKFURT, "DE", "EU");
  }

  private static Spec nyc() {
    return mirror(2, "nyc", NEW_YORK, "US", "NA");
  }

  private static Spec tyo() {
    return mirror(3, "tyo", TOKYO, "JP", "AS");
  }

  private static String chosen(RoutingSnapshot snapshot, Client client) {
    RouteDecision decision = snapshot.route(PATH, client);
    return decision.redirected() ? decision.mirror().name() : "origin";
  }

  @Test
  void eachRegionLandsOnItsNearestMirror() {
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, fra(), nyc(), tyo());
    assertThat(chosen(snapshot, client("192.0.2.1", BERLIN, "DE", "EU"))).isEqualTo("fra");
    assertThat(chosen(snapshot, client("198.51.100.1", BOSTON, "US", "NA"))).isEqualTo("nyc");
    assertThat(chosen(snapshot, client("203.0.113.1", OSAKA, "JP", "AS"))).isEqualTo("tyo");
  }

  @Test
  void alternatesFollowInOrderOfDistance() {
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, tyo(), nyc(), fra());
    RouteDecision decision = snapshot.route(PATH, client("192.0.2.1", BERLIN, "DE", "EU"));
    assertThat(decision.mirror().name()).isEqualTo("fra");
    assertThat(decision.alternates())
        .extracting(MirrorCandidate::name)
        .containsExactly("nyc", "tyo");
  }

  @Test
  void claimedNetblockBeatsDistanceAndAsnBeatsDistance() {
    Spec tokyoClaimsIt = tyo();
    tokyoClaimsIt.netblocks = List.of("192.0.2.0/24", "2001:db8:1::/48");
    Spec nycSameAsn = nyc();
    nycSameAsn.asn = 64500;
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, fra(), nycSameAsn, tokyoClaimsIt);
    Client inBlock = new Client(ip("192.0.2.77"), new ClientLocation("DE", "EU", BERLIN, 64500));
    assertThat(chosen(snapshot, inBlock)).isEqualTo("tyo");
    Client inBlock6 = new Client(ip("2001:db8:1:2::5"), new ClientLocation("DE", "EU", BERLIN, 0));
    assertThat(chosen(snapshot, inBlock6)).isEqualTo("tyo");
    Client sameAsn = new Client(ip("192.0.3.77"), new ClientLocation("DE", "EU", BERLIN, 64500));
    assertThat(chosen(snapshot, sameAsn)).isEqualTo("nyc");
    assertThat(snapshot.mirrorList(PATH, sameAsn).candidates())
        .extracting(MirrorList.Ranked::preference)
        .containsExactly(
            MirrorList.Preference.ASN,
            MirrorList.Preference.DISTANCE,
            MirrorList.Preference.DISTANCE);
  }

  @Test
  void clientWithoutLocationStillGetsAMirrorButNotACountryOnlyOne() {
    Spec germansOnly = fra();
    germansOnly.scope = Scope.COUNTRY;
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, germansOnly, nyc());
    for (int host = 1; host <= 20; host++) {
      Client nowhere = new Client(ip("192.0.2." + host), ClientLocation.UNKNOWN);
      assertThat(snapshot.route(PATH, nowhere).mirror().name()).isEqualTo("nyc");
    }
  }

  @Test
  void countryAndContinentOnlyMirrorsServeOnlyTheirOwn() {
    Spec germansOnly = fra();
    germansOnly.scope = Scope.COUNTRY;
    Spec europeansOnly = mirror(4, "ams", AMSTERDAM, "NL", "EU");
    europeansOnly.scope = Scope.CONTINENT;
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, germansOnly, europeansOnly, nyc());
    assertThat(chosen(snapshot, client("192.0.2.1", BERLIN, "DE", "EU"))).isEqualTo("fra");
    Client dutch = client("192.0.2.2", AMSTERDAM, "NL", "EU");
    assertThat(chosen(snapshot, dutch)).isEqualTo("ams");
    assertThat(snapshot.mirrorList(PATH, dutch).excluded())
        .extracting(MirrorList.Excluded::exclusion)
        .containsExactly(Exclusion.OTHER_COUNTRY);
    Client american = client("198.51.100.1", NEW_YORK, "US", "NA");
    assertThat(snapshot.mirrorList(PATH, american).excluded())
        .extracting(MirrorList.Excluded::exclusion)
        .containsExactly(Exclusion.OTHER_COUNTRY, Exclusion.OTHER_CONTINENT);
  }

  @Test
  void ipv6ClientsGoOnlyToMirrorsReachableOverIpv6() {
    Spec v4only = fra();
    v4only.ipv6 = false;
    Spec dual = nyc();
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, v4only, dual);
    assertThat(chosen(snapshot, client("2001:db8::1", BERLIN, "DE", "EU"))).isEqualTo("nyc");
    assertThat(chosen(snapshot, client("192.0.2.1", BERLIN, "DE", "EU"))).isEqualTo("fra");
    assertThat(chosen(snapshot, client("::ffff:192.0.2.1", BERLIN, "DE", "EU"))).isEqualTo("fra");
  }

  @Test
  void mirrorsInsideTheBandShareLoadByBandwidthTimesScore() {
    Spec fra = fra();
    fra.bandwidth = 1000;
    Spec ams = mirror(4, "ams", AMSTERDAM, "NL", "EU"); // ~360 km from Frankfurt
    ams.bandwidth = 1000;
    ams.score = 3;
    Spec nyc = nyc();
    nyc.bandwidth = 100_000; // huge, but far outside the band
    RoutingPolicy wide =
        new RoutingPolicy(
            600, RoutingPolicy.DEFAULT.maxClockSkew(), RoutingPolicy.DEFAULT.syncMargin(), 4);
    RoutingSnapshot snapshot = snapshot(ORIGIN, wide, fra, ams, nyc);
    GeoPoint at = new GeoPoint(48.14, 11.58);
    Client munich = client("192.0.2.1", at, "DE", "EU");
    Map<String, Integer> counts = new HashMap<>();
    int clients = 20_000;
    for (int i = 0; i < clients; i++) {
      Client someone = client("10.0." + (i >> 8) + "." + (i & 255), at, "DE", "EU");
      counts.merge(snapshot.route(PATH, someone).mirror().name(), 1, Integer::sum);
    }
    assertThat(counts).doesNotContainKey("nyc");
    assertThat(counts.get("ams") / (double) clients).isCloseTo(0.75, within(0.02));
    assertThat(snapshot.mirrorList(PATH, munich).candidates())
        .extracting(MirrorList.Ranked::inBand)
        .containsExactly(true, true, false);

    RoutingSnapshot narrow = snapshot(ORIGIN, NARROW, fra, ams, nyc);
    assertThat(narrow.route(PATH, munich).mirror().name()).isEqualTo("fra");
  }

  @Test
  void noEligibleMirrorMeansTheOrigin() {
    Spec down = fra();
    down.up = false;
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, down);
    RouteDecision decision = snapshot.route(PATH, client("192.0.2.1", BERLIN, "DE", "EU"));
    assertThat(decision.found()).isTrue();
    assertThat(decision.redirected()).isFalse();
  }

  @Test
  void mirrorListReportsDistances() {
    RoutingSnapshot snapshot = snapshot(ORIGIN, NARROW, nyc(), fra());
    List<MirrorList.Ranked> ranked =
        snapshot.mirrorList(PATH, client("192.0.2.1", BERLIN, "DE", "EU")).candidates();
    assertThat(ranked.get(0).mirror().name()).isEqualTo("fra");
    assertThat(ranked.get(0).distanceKm()).isCloseTo(424, within(10.0));
    assertThat(ranked.get(1).distanceKm()).isCloseTo(6385, within(40.0));
  }
}
