package org.distr1.mirrors.coordinator.geo;

import java.util.Map;

/** Records in the shape of GeoIP2 City and ASN databases, for {@link MmdbWriter}. */
public final class GeoIpRecords {
  private GeoIpRecords() {}

  /** A City record: country, continent and position (accuracy 50 km, as typical for a city). */
  public static Map<String, Object> city(
      String countryIso, String continentCode, double latitude, double longitude) {
    return Map.of(
        "continent", Map.of("code", continentCode, "names", Map.of("en", continentCode)),
        "country", Map.of("iso_code", countryIso, "names", Map.of("en", countryIso)),
        "location", Map.of("latitude", latitude, "longitude", longitude, "accuracy_radius", 50));
  }

  /** A City record that knows only the country, as GeoIP2 has for many networks. */
  public static Map<String, Object> countryOnly(String countryIso, String continentCode) {
    return Map.of(
        "continent", Map.of("code", continentCode),
        "country", Map.of("iso_code", countryIso));
  }

  public static Map<String, Object> asn(long number, String organization) {
    return Map.of(
        "autonomous_system_number", number,
        "autonomous_system_organization", organization);
  }
}
