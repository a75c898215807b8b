package org.distr1.mirrors.shared.api;

import java.time.Instant;
import java.util.Set;

/**
 * An approved mirror as anyone may see it ({@code GET /api/v1/mirrors}, and the status page): no
 * contact data, no secrets.
 *
 * @param location null when neither the operator nor GeoIP placed it
 * @param state {@code up} (in rotation by the prober's damped view), {@code down} (its last probes
 *     failed), {@code checking} (not probed yet, or good probes not yet enough to be up) or {@code
 *     paused} (by its operator)
 * @param lastProbe the prober's last look at it, null when never probed (or paused)
 * @param freshnessAgeSeconds seconds since the start of its last successful sync, null if unknown
 * @param checksPassed checks passed in the last verification, out of {@code checksTotal}
 * @param compression the transport-compression checks of the last verification
 * @param syncing the sync running at the last report, null when none
 * @param reportedAt when the node last reported, null when it never did
 */
public record PublicMirror(
    long id,
    String name,
    String baseUrl,
    GeoLocation location,
    String state,
    Probe lastProbe,
    Instant lastSyncStartedAt,
    Long freshnessAgeSeconds,
    int checksPassed,
    int checksTotal,
    Instant lastVerifiedAt,
    Compression compression,
    NodeReport.SyncProgress syncing,
    Instant reportedAt) {

  public static final Set<String> STATES = Set.of("up", "down", "checking", "paused");

  public PublicMirror {
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException("state must be one of " + STATES + ", got " + state);
    }
  }

  /**
   * One probe of the mirror's freshness file (and a file it must hold).
   *
   * @param failure why it failed, null when it succeeded
   */
  public record Probe(Instant at, boolean ok, String failure) {}

  /**
   * Whether the mirror answered {@code Accept-Encoding: zstd, gzip} with zstd and {@code gzip} with
   * gzip, each null when not checked yet.
   */
  public record Compression(Boolean zstd, Boolean gzip, Instant checkedAt) {}
}
