package org.distr1.mirrors.coordinator.origin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * What the origin holds now; a node whose indexes differ is behind and should sync.
 *
 * @param changedAt when the newest of the origin's indexes appeared there, null when unknown
 * @param indexDigests release → lower-case hex SHA-256 of its index (see {@link
 *     org.distr1.mirrors.shared.repo.ReleaseIndex})
 */
public record Upstream(Instant changedAt, Map<String, String> indexDigests) {
  public Upstream {
    requireNonNull(indexDigests, "indexDigests");
    indexDigests = Map.copyOf(indexDigests);
  }
}
