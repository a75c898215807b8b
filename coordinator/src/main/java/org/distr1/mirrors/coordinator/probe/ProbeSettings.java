package org.distr1.mirrors.coordinator.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * @param interval pause between probe rounds
 * @param roundTimeout after this, unanswered probes of a round count as failures
 * @param concurrency probes in flight at once
 * @param maxClockSkew a freshness file further in the future than this is refused
 * @param newestFiles how many of the newest files a mirror claims to hold each probe checks
 */
public record ProbeSettings(
    Duration interval,
    Duration roundTimeout,
    int concurrency,
    Duration maxClockSkew,
    int newestFiles) {
  public ProbeSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(roundTimeout, "roundTimeout");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (concurrency < 1 || newestFiles < 0) {
      throw new IllegalArgumentException("concurrency must be at least 1, newestFiles at least 0");
    }
  }

  public ProbeSettings(
      Duration interval, Duration roundTimeout, int concurrency, Duration maxClockSkew) {
    this(interval, roundTimeout, concurrency, maxClockSkew, 3);
  }
}
