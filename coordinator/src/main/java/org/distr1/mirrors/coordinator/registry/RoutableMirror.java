package org.distr1.mirrors.coordinator.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * Everything routing needs about one mirror, as of one read of the registry.
 *
 * @param lastReport null when the node never reported
 */
public record RoutableMirror(MirrorRecord mirror, LastReport lastReport) {

  public RoutableMirror {
    requireNonNull(mirror, "mirror");
  }

  /** Approved and not paused: may be routed to if healthy and fresh. */
  public boolean inService() {
    return mirror.state() == MirrorState.APPROVED && !mirror.paused();
  }

  /**
   * The node's latest report.
   *
   * @param clockSkewMillis node clock minus coordinator clock when the report arrived (a lower
   *     bound: see {@link ClockSkew})
   * @param clockSkewHighMillis its upper bound, null when unknown
   * @param lastSyncStartedAt start of the last successful sync as the node claims it (null: none)
   * @param indexDigests release → lower-case hex SHA-256 of the node's published index
   */
  public record LastReport(
      Instant receivedAt,
      long clockSkewMillis,
      Long clockSkewHighMillis,
      Instant lastSyncStartedAt,
      Map<String, String> indexDigests) {
    public LastReport {
      requireNonNull(receivedAt, "receivedAt");
      indexDigests = Map.copyOf(indexDigests);
    }

    public ClockSkew skew() {
      return new ClockSkew(clockSkewMillis, clockSkewHighMillis);
    }
  }
}
