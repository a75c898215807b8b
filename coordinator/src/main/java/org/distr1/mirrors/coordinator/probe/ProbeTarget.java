package org.distr1.mirrors.coordinator.probe;

import java.net.URI;
import java.util.Objects;

/**
 * A mirror in service, as the prober needs it.
 *
 * @param baseUrl absolute, ending in {@code /}
 */
public record ProbeTarget(long mirrorId, URI baseUrl) {
  public ProbeTarget {
    Objects.requireNonNull(baseUrl, "baseUrl");
  }
}
