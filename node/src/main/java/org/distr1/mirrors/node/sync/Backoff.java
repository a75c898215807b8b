package org.distr1.mirrors.node.sync;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for retrying failed syncs (and reports to the coordinator): the
 * n-th consecutive failure waits a random time between half and all of {@code min(max, initial *
 * 2^(n-1))}, so that mirrors that failed together (upstream outage) do not return together.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
    }
  }

  public Duration delay(int failures, RandomGenerator random) {
    long ceiling = initial.toMillis();
    for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
  }
}
