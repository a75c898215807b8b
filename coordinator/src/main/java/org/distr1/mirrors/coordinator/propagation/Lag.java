package org.distr1.mirrors.coordinator.propagation;

import java.util.Objects;

/**
 * When the coordinator first heard a mirror hold an origin change (or a newer one of that index).
 *
 * @param changedAtMillis the change's {@link OriginChange#changedAtMillis()}
 * @param caughtUpAtMillis when the report that showed it arrived, never before the change
 */
public record Lag(long mirrorId, String indexKey, long changedAtMillis, long caughtUpAtMillis) {
  public Lag {
    Objects.requireNonNull(indexKey, "indexKey");
    if (caughtUpAtMillis < changedAtMillis) {
      throw new IllegalArgumentException("a mirror cannot catch up before the change");
    }
  }

  public long lagMillis() {
    return caughtUpAtMillis - changedAtMillis;
  }
}
