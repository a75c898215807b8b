package org.distr1.mirrors.coordinator.routing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.geo.ClientLocation;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.distr1.mirrors.coordinator.registry.ClockSkew;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;

/** Builds routing inputs for tests: a fresh, up, world-wide mirror unless told otherwise. */
final class TestMirrors {
  static final Instant SYNCED = Instant.parse("2026-11-26T08:00:00Z");
  static final GeoPoint FRANKFURT = new GeoPoint(50.11, 8.68);
  static final GeoPoint AMSTERDAM = new GeoPoint(52.37, 4.90);
  static final GeoPoint BERLIN = new GeoPoint(52.52, 13.40);
  static final GeoPoint NEW_YORK = new GeoPoint(40.71, -74.01);
  static final GeoPoint BOSTON = new GeoPoint(42.36, -71.06);
  static final GeoPoint TOKYO = new GeoPoint(35.68, 139.69);
  static final GeoPoint OSAKA = new GeoPoint(34.69, 135.50);

  private TestMirrors() {}

  /** A mutable description of one mirror and what its report and probe say. */
  static final class Spec {
    final long id;
    final String name;
    GeoPoint at;
    String country;
    String continent;
    long asn;
    List<String> netblocks = List.of();
    int bandwidth = 100;
    double score = 1;
    Scope scope = Scope.WORLD;
    boolean ipv4 = true;
    boolean ipv6 = true;
    boolean active = true;
    Instant syncStartedAt = SYNCED;
    Instant probedFreshness = SYNCED;
    boolean up = true;
    Duration skew = Duration.ZERO;

    /** When set, the skew bounds instead of {@link #skew}. */
    ClockSkew skewBounds;

    Map<String, String> digests = Map.of();

    Spec(long id, String name) {
      this.id = id;
      this.name = name;
    }

    Spec at(GeoPoint p, String cc, String cont) {
      at = p;
      country = cc;
      continent = cont;
      return this;
    }

    /** Reported and probe-confirmed sync start. */
    Spec synced(Instant start) {
      syncStartedAt = start;
      probedFreshness = start;
      return this;
    }

    MirrorCandidate candidate() {
      SyncReport report =
          syncStartedAt == null
              ? null
              : new SyncReport(
                  syncStartedAt,
                  skewBounds != null ? skewBounds : ClockSkew.exactly(skew),
                  digests);
      return new MirrorCandidate(
          id,
          name,
          URI.create("https://" + name + ".example/"),
          active,
          at,
          country,
          continent,
          asn,
          netblocks.stream().map(TestMirrors::cidr).toList(),
          bandwidth,
          score,
          scope,
          ipv4,
          ipv6,
          report);
    }

    ProbeState probe() {
      return new ProbeState(up, probedFreshness, SYNCED.plusSeconds(60));
    }
  }

  static Spec mirror(long id, String name, GeoPoint at, String country, String continent) {
    return new Spec(id, name).at(at, country, continent);
  }

  static Cidr cidr(String text) {
    return Cidr.parse(text, CidrPolicy.DEFAULT.allowingNonPublic().withMinPrefixLengths(8, 16));
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Client client(String ip, GeoPoint at, String country, String continent) {
    return new Client(ip(ip), new ClientLocation(country, continent, at, 0));
  }

  /** Snapshots of these tests are built an hour after {@link #SYNCED}. */
  static final Instant NOW = SYNCED.plusSeconds(3600);

  static RoutingSnapshot snapshot(OriginTree origin, RoutingPolicy policy, Spec... specs) {
    List<MirrorCandidate> mirrors = java.util.Arrays.stream(specs).map(Spec::candidate).toList();
    Map<Long, ProbeState> probes = new java.util.HashMap<>();
    for (Spec s : specs) {
      probes.put(s.id, s.probe());
    }
    return RoutingSnapshot.build(mirrors, origin, probes, policy, NOW);
  }
}
