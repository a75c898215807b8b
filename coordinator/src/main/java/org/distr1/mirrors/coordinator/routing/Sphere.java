package org.distr1.mirrors.coordinator.routing;

import org.distr1.mirrors.coordinator.geo.GeoPoint;

/**
 * Great-circle geometry on unit vectors: comparing dot products orders mirrors by distance without
 * a trigonometric call per mirror.
 */
final class Sphere {
  static final double EARTH_RADIUS_KM = 6371.0088;

  private Sphere() {}

  static double[] unitVector(GeoPoint p) {
    double lat = Math.toRadians(p.latitude());
    double lon = Math.toRadians(p.longitude());
    double cosLat = Math.cos(lat);
    return new double[] {cosLat * Math.cos(lon), cosLat * Math.sin(lon), Math.sin(lat)};
  }

  /** Great-circle distance for the dot product of two unit vectors. */
  static double kilometres(double dot) {
    return Math.acos(Math.max(-1, Math.min(1, dot))) * EARTH_RADIUS_KM;
  }

  /** The smallest dot product of a point at most this far away. */
  static double dotWithin(double kilometres) {
    return Math.cos(Math.min(Math.PI, kilometres / EARTH_RADIUS_KM));
  }
}
