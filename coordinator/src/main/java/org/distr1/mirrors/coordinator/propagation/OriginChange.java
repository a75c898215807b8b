package org.distr1.mirrors.coordinator.propagation;

import java.util.Objects;

/**
 * One change of a section index at the origin.
 *
 * @param indexKey the index as nodes report it ({@code master}, {@code jackherer/debug})
 * @param changedAtMillis when the origin began to hold it
 * @param digest bare lower-case hex SHA-256 of the index, as nodes report it
 * @param endedAtMillis when a newer change replaced it or the index left the origin; null while
 *     current
 */
public record OriginChange(
    String indexKey, long changedAtMillis, String digest, Long endedAtMillis) {
  public OriginChange {
    Objects.requireNonNull(indexKey, "indexKey");
    Objects.requireNonNull(digest, "digest");
  }

  public boolean current() {
    return endedAtMillis == null;
  }
}
