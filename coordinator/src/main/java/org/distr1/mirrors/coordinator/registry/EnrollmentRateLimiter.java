package org.distr1.mirrors.coordinator.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * A token bucket per client address: {@code burst} enrollments at once, then one per {@code
 * interval}. Buckets live in a size-bounded cache and expire once they would be full again anyway,
 * so a flood of addresses costs bounded memory and forgetting a bucket never lets anyone through
 * sooner than the rule.
 */
final class EnrollmentRateLimiter {

  private final int burst;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Cache<String, Bucket> buckets;

  EnrollmentRateLimiter(
      int burst, Duration interval, int maxTrackedAddresses, LongSupplier nanoTime) {
    if (burst < 1 || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("burst must be >= 1 and interval positive");
    }
    this.burst = burst;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxTrackedAddresses)
            .expireAfterAccess(interval.multipliedBy(burst))
            .build();
  }

  /**
   * Refuses with 429, taking nothing, when the address has no enrollment left right now: for checks
   * that cost the server something (the host lookup) before the request has proved valid.
   */
  void requireAllowance(String clientAddress) {
    Bucket bucket = buckets.getIfPresent(clientAddress);
    if (bucket != null) {
      refuseIfWaiting(
          clientAddress, bucket.waitFor(burst, intervalNanos, nanoTime.getAsLong(), false));
    }
  }

  /** Takes one enrollment from the address's bucket or refuses with 429. */
  void acquire(String clientAddress) {
    Bucket bucket = buckets.get(clientAddress, ignored -> new Bucket(burst, nanoTime.getAsLong()));
    refuseIfWaiting(
        clientAddress, bucket.waitFor(burst, intervalNanos, nanoTime.getAsLong(), true));
  }

  private static void refuseIfWaiting(String clientAddress, long waitNanos) {
    if (waitNanos > 0) {
      long seconds = Math.max(1, Duration.ofNanos(waitNanos).toSeconds());
      throw new ApiException(
          429,
          "rate_limited",
          "Too many enrollments from " + clientAddress + "; try again in " + seconds + " s.");
    }
  }

  private static final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(int tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }

    /** 0 when a token is there (and taken, if {@code take}), else the nanoseconds until one is. */
    synchronized long waitFor(int capacity, long intervalNanos, long now, boolean take) {
      tokens = Math.min(capacity, tokens + (double) (now - updatedNanos) / intervalNanos);
      updatedNanos = now;
      if (tokens >= 1) {
        if (take) {
          tokens -= 1;
        }
        return 0;
      }
      return (long) ((1 - tokens) * intervalNanos);
    }
  }
}
