package org.distr1.mirrors.shared.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Set;

/**
 * Where a mirror stands: ISO 3166-1 alpha-2 country, optional continent code, coordinates.
 *
 * @param continent one of AF AN AS EU NA OC SA, or null when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeoLocation(String country, String continent, double latitude, double longitude) {

  private static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  public GeoLocation {
    if (country == null || !country.strip().matches("[A-Za-z]{2}")) {
      throw new IllegalArgumentException(
          "location.country must be a two-letter ISO 3166-1 code such as DE or US, got "
              + quote(country));
    }
    country = country.strip().toUpperCase(Locale.ROOT);
    if (continent != null) {
      continent = continent.strip().toUpperCase(Locale.ROOT);
      if (!CONTINENTS.contains(continent)) {
        throw new IllegalArgumentException(
            "location.continent must be one of "
                + String.join(" ", CONTINENTS.stream().sorted().toList())
                + ", got "
                + quote(continent));
      }
    }
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException(
          "location.latitude must be between -90 and 90, got " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException(
          "location.longitude must be between -180 and 180, got " + longitude);
    }
  }

  private static String quote(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
