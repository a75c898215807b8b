package org.distr1.mirrors.coordinator.geo;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.distr1.mirrors.shared.net.Cidr;

/**
 * One line of a networks file for {@code geoip-build}: where the clients of {@code network} are,
 * and optionally their autonomous system.
 *
 * @param asn null when the line names none
 */
public record GeoNetwork(
    Cidr network,
    String country,
    String continent,
    double latitude,
    double longitude,
    Long asn,
    String organization) {

  /** GeoIP2's continent codes. */
  static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  public GeoNetwork {
    requireNonNull(network, "network");
    if (country == null || !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException(
          "country '" + country + "' is not an ISO 3166-1 alpha-2 code such as DE");
    }
    if (!CONTINENTS.contains(continent)) {
      throw new IllegalArgumentException(
          "continent '" + continent + "' is not one of AF AN AS EU NA OC SA");
    }
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude " + latitude + " is outside -90..90");
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude " + longitude + " is outside -180..180");
    }
    if (asn != null && (asn < 1 || asn > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("ASN " + asn + " is outside 1..4294967295");
    }
    if (asn == null && organization != null) {
      throw new IllegalArgumentException("an organization needs an ASN before it");
    }
  }
}
