package org.distr1.mirrors.coordinator.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.distr1.mirrors.coordinator.registry.ClockSkew;

/**
 * What a node's latest health report claims about its published tree.
 *
 * @param syncStartedAt start of the node's last successful sync, in the node's clock
 * @param clockSkew node clock minus coordinator clock, bounded when the report arrived
 * @param indexDigests repository path (normalized, no leading slash) to {@code sha256:<hex>} of the
 *     mutable index files in the node's published snapshot
 */
public record SyncReport(
    Instant syncStartedAt, ClockSkew clockSkew, Map<String, String> indexDigests) {
  public SyncReport {
    Objects.requireNonNull(syncStartedAt, "syncStartedAt");
    Objects.requireNonNull(clockSkew, "clockSkew");
    indexDigests = Map.copyOf(indexDigests);
  }

  /**
   * Before when (coordinator clock, epoch millis) a file must have appeared for the mirror to hold
   * it: the earlier of the reported and the probed sync start, moved into the coordinator's clock
   * by the largest skew the node may have, less the margin. Routing and the prober's checks of what
   * a mirror claims both use it.
   */
  public long heldBeforeMillis(
      Instant probedFreshness, Duration maxClockSkew, Duration syncMargin) {
    Instant nodeClock = syncStartedAt.isBefore(probedFreshness) ? syncStartedAt : probedFreshness;
    return clockSkew.earliest(nodeClock, maxClockSkew).toEpochMilli() - syncMargin.toMillis();
  }

  /** A report whose node clock is off by exactly {@code skew}. */
  public SyncReport(Instant syncStartedAt, Duration skew, Map<String, String> indexDigests) {
    this(syncStartedAt, ClockSkew.exactly(skew), indexDigests);
  }
}
