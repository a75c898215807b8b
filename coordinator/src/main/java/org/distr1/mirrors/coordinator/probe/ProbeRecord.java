package org.distr1.mirrors.coordinator.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything the prober knows about one mirror, as kept across restarts: a restarted coordinator
 * must neither forget which mirrors are down nor accept a freshness earlier than one it saw.
 *
 * @param freshness the last freshness a probe accepted (null while down or never read)
 * @param lastFailure why the last probe failed, null when it succeeded
 */
public record ProbeRecord(
    long mirrorId,
    boolean up,
    int failures,
    int successes,
    Instant freshness,
    Instant probedAt,
    String lastFailure) {
  /** The column is bounded; reasons are exception texts of any length. */
  static final int MAX_REASON = 1000;

  public ProbeRecord {
    Objects.requireNonNull(probedAt, "probedAt");
    if (lastFailure != null && lastFailure.length() > MAX_REASON) {
      lastFailure = lastFailure.substring(0, MAX_REASON);
    }
  }
}
