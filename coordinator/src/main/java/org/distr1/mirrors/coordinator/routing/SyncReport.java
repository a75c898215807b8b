package org.distr1.mirrors.coordinator.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a node's latest health report claims about its published tree.
 *
 * @param syncStartedAt start of the node's last successful sync, in the node's clock
 * @param clockSkew node clock minus coordinator clock, measured when the report arrived
 * @param indexDigests repository path (normalized, no leading slash) to {@code sha256:<hex>} of
 *     the mutable index files in the node's published snapshot
 */
public record SyncReport(Instant syncStartedAt, Duration clockSkew, Map<String, String> indexDigests) {
  public SyncReport {
    Objects.requireNonNull(syncStartedAt, "syncStartedAt");
    Objects.requireNonNull(clockSkew, "clockSkew");
    indexDigests = Map.copyOf(indexDigests);
  }
}
