package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * The coordinator's answer to a report: what upstream holds now, and whether the node should start
 * a sync at once (no inbound connection to the node is ever needed).
 *
 * @param clockSkewMillis node clock minus coordinator clock
 * @param clockTrusted false when the skew is too large for the node's freshness claims to count
 * @param upstreamChangedAt when the origin last changed (null when unknown)
 * @param upstreamIndexDigests release → lower-case hex SHA-256 of the origin's current index
 * @param syncNow the node is behind: start a sync now
 * @param reason why (or why not), for the node's log
 */
public record ReportAnswer(
    Instant receivedAt,
    long clockSkewMillis,
    boolean clockTrusted,
    Instant upstreamChangedAt,
    Map<String, String> upstreamIndexDigests,
    boolean syncNow,
    String reason) {

  public ReportAnswer {
    requireNonNull(receivedAt, "receivedAt");
    upstreamIndexDigests =
        upstreamIndexDigests == null ? Map.of() : Map.copyOf(upstreamIndexDigests);
    requireNonNull(reason, "reason");
  }
}
