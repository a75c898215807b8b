package org.distr1.mirrors.coordinator.probe;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A mirror in service, as the prober needs it.
 *
 * @param baseUrl absolute, ending in {@code /}
 * @param claim what the mirror claims to hold, as routing reckons it; null before it reported
 */
public record ProbeTarget(long mirrorId, URI baseUrl, Claim claim) {
  public ProbeTarget {
    Objects.requireNonNull(baseUrl, "baseUrl");
  }

  /** A mirror that has not reported: judged by its freshness file alone. */
  public ProbeTarget(long mirrorId, URI baseUrl) {
    this(mirrorId, baseUrl, null);
  }

  /** Routing's reckoning of a mirror's sync, which the probe checks against its tree. */
  @FunctionalInterface
  public interface Claim {
    /**
     * Before when (coordinator clock, epoch millis) a file must have appeared for routing to send
     * it to the mirror, given the freshness file a probe just read.
     */
    long heldBeforeMillis(Instant probedFreshness);
  }
}
