package org.distr1.mirrors.coordinator.geo;

/** A WGS84 position in degrees. */
public record GeoPoint(double latitude, double longitude) {
  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude out of range: " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude out of range: " + longitude);
    }
  }
}
