package org.distr1.mirrors.coordinator.routing;

/**
 * Which clients a mirror accepts, by location (some operators may only serve their own country).
 */
public enum Scope {
  WORLD,
  CONTINENT,
  COUNTRY
}
