package org.distr1.mirrors.coordinator.probe;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A mirror in service, as the prober needs it.
 *
 * @param baseUrl absolute, ending in {@code /}
 * @param claim what the mirror claims to hold, as routing reckons it; null before it reported
 * @param indexDigests index path to {@code sha256:<hex>} as the node last reported them
 */
public record ProbeTarget(
    long mirrorId, URI baseUrl, Claim claim, Map<String, String> indexDigests) {
  public ProbeTarget {
    Objects.requireNonNull(baseUrl, "baseUrl");
    indexDigests = Map.copyOf(indexDigests);
  }

  /** A mirror that has not reported: judged by its freshness file alone. */
  public ProbeTarget(long mirrorId, URI baseUrl) {
    this(mirrorId, baseUrl, null, Map.of());
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
