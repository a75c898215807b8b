package org.distr1.mirrors.coordinator.routing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.probe.ProbeTarget;
import org.distr1.mirrors.shared.net.Cidr;

/**
 * Everything routing needs to know about one registered mirror, as the registry has it.
 *
 * @param active not paused by its operator (only approved mirrors become candidates)
 * @param location where the mirror is, or null when unknown (it then ranks behind located ones)
 * @param countryCode ISO 3166-1 alpha-2, or null
 * @param continentCode two-letter continent code as in GeoIP2 (EU, NA, ...), or null
 * @param asn the mirror's autonomous system number, 0 when unknown
 * @param netblocks CIDRs whose clients this mirror claims (its own network)
 * @param bandwidthMbps declared bandwidth, the base of its share of load
 * @param adminScore maintainer's multiplier of that share (1 is neutral, 0 never chosen by lot)
 * @param ipv4 the base URL is reachable over IPv4
 * @param ipv6 the base URL is reachable over IPv6
 * @param report the node's latest health report, or null when it never reported
 */
public record MirrorCandidate(
    long id,
    String name,
    URI baseUrl,
    boolean active,
    GeoPoint location,
    String countryCode,
    String continentCode,
    long asn,
    List<Cidr> netblocks,
    int bandwidthMbps,
    double adminScore,
    Scope scope,
    boolean ipv4,
    boolean ipv6,
    SyncReport report) {

  public MirrorCandidate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(scope, "scope");
    if (!baseUrl.isAbsolute() || !baseUrl.getPath().endsWith("/")) {
      throw new IllegalArgumentException("base URL must be absolute and end with '/': " + baseUrl);
    }
    if (bandwidthMbps < 0 || !(adminScore >= 0)) {
      throw new IllegalArgumentException("bandwidth and admin score must not be negative");
    }
    if (countryCode != null && !countryCode.matches("[A-Z]{2}")
        || continentCode != null && !continentCode.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country and continent codes are two capital letters");
    }
    if (scope == Scope.COUNTRY && countryCode == null) {
      throw new IllegalArgumentException("a country-only mirror needs a country");
    }
    if (scope == Scope.CONTINENT && continentCode == null) {
      throw new IllegalArgumentException("a continent-only mirror needs a continent");
    }
    netblocks = List.copyOf(netblocks);
  }

  /** The same mirror after its node reported again; the report is all a report changes. */
  public MirrorCandidate withReport(SyncReport latest) {
    return new MirrorCandidate(
        id,
        name,
        baseUrl,
        active,
        location,
        countryCode,
        continentCode,
        asn,
        netblocks,
        bandwidthMbps,
        adminScore,
        scope,
        ipv4,
        ipv6,
        latest);
  }

  /**
   * What the prober checks: its freshness file, the newest files routing sends it, and the indexes
   * its node reported.
   */
  public ProbeTarget probeTarget(RoutingPolicy policy) {
    SyncReport claim = report;
    return new ProbeTarget(
        id,
        baseUrl,
        claim == null
            ? null
            : freshness ->
                claim.heldBeforeMillis(freshness, policy.maxClockSkew(), policy.syncMargin()),
        claim == null ? Map.of() : claim.indexDigests());
  }
}
