package org.distr1.mirrors.coordinator.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of routing.
 *
 * @param bandKm mirrors at most this much farther than the nearest one share its load
 * @param maxClockSkew a node whose clock is off by more is not trusted for freshness
 * @param syncMargin subtracted from every sync start, for the uncertainty of skew measurement
 * @param alternates how many RFC 6249 alternates a redirect lists besides the chosen mirror
 * @param maxSyncAge a mirror whose last sync started longer ago serves nothing (the mirror
 *     requirements ask for a sync at least every 24 h)
 */
public record RoutingPolicy(
    double bandKm,
    Duration maxClockSkew,
    Duration syncMargin,
    int alternates,
    Duration maxSyncAge) {
  public static final Duration DEFAULT_MAX_SYNC_AGE = Duration.ofHours(24);
  public static final RoutingPolicy DEFAULT =
      new RoutingPolicy(500, Duration.ofSeconds(30), Duration.ofSeconds(2), 4);

  public RoutingPolicy {
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    Objects.requireNonNull(syncMargin, "syncMargin");
    Objects.requireNonNull(maxSyncAge, "maxSyncAge");
    if (!(bandKm >= 0)
        || alternates < 0
        || maxClockSkew.isNegative()
        || syncMargin.isNegative()
        || maxSyncAge.isNegative()) {
      throw new IllegalArgumentException("routing policy values must not be negative");
    }
  }

  public RoutingPolicy(double bandKm, Duration maxClockSkew, Duration syncMargin, int alternates) {
    this(bandKm, maxClockSkew, syncMargin, alternates, DEFAULT_MAX_SYNC_AGE);
  }
}
