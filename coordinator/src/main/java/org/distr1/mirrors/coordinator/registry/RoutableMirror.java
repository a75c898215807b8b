package org.distr1.mirrors.coordinator.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /**
     * Distinct digest maps seen lately. Mirrors in sync report the same map, and each report's
     * parse made its own copy of every path and digest: at 10,000 mirrors with 15 indexes, about 30
     * MB of equal strings. Cleared when full, so that reports of many versions over time cannot
     * grow it.
     */
    private static final Map<Map<String, String>, Map<String, String>> SHARED =
        new ConcurrentHashMap<>();

    private static final int SHARED_MAPS = 1024;

    public LastReport {
      requireNonNull(receivedAt, "receivedAt");
      indexDigests = shared(Map.copyOf(indexDigests));
    }

    private static Map<String, String> shared(Map<String, String> digests) {
      Map<String, String> known = SHARED.get(digests);
      if (known != null) {
        return known;
      }
      if (SHARED.size() >= SHARED_MAPS) {
        SHARED.clear();
      }
      known = SHARED.putIfAbsent(digests, digests);
      return known != null ? known : digests;
    }

    public ClockSkew skew() {
      return new ClockSkew(clockSkewMillis, clockSkewHighMillis);
    }
  }
}
