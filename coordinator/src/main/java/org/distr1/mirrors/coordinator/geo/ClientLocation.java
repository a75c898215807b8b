package org.distr1.mirrors.coordinator.geo;

/**
 * What GeoIP knows about a client; every part may be missing.
 *
 * @param countryCode ISO 3166-1 alpha-2, or null
 * @param continentCode GeoIP2 continent code, or null
 * @param point position, or null
 * @param asn autonomous system number, 0 when unknown
 */
public record ClientLocation(String countryCode, String continentCode, GeoPoint point, long asn) {
  public static final ClientLocation UNKNOWN = new ClientLocation(null, null, null, 0);
}
