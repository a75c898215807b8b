package org.distr1.mirrors.coordinator.routing;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.probe.ProbeState;

/**
 * Routing inputs for the tests that route to real servers: an approved, world-wide mirror of 100
 * Mbit/s and neutral score at a place, and the probe state of mirrors that are all up.
 */
public final class TestCandidates {
  private TestCandidates() {}

  /**
   * @param ipv6 reachable over IPv6 too (always over IPv4)
   * @param report the node's latest report, null when it never reported
   */
  public static MirrorCandidate located(
      long id,
      String name,
      URI base,
      GeoPoint at,
      String country,
      String continent,
      boolean ipv6,
      SyncReport report) {
    return new MirrorCandidate(
        id,
        name,
        base,
        true,
        at,
        country,
        continent,
        0,
        List.of(),
        100,
        1,
        Scope.WORLD,
        true,
        ipv6,
        report);
  }

  /** Every mirror up, its freshness file showing {@code synced}, probed now. */
  public static Map<Long, ProbeState> allUp(List<MirrorCandidate> mirrors, Instant synced) {
    return mirrors.stream()
        .collect(
            Collectors.toMap(
                MirrorCandidate::id, m -> new ProbeState(true, synced, Instant.now())));
  }
}
