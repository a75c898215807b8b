package org.distr1.mirrors.coordinator.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * The coordinator's own view of a mirror, from probing it.
 *
 * @param up damped health: true only after enough consecutive good probes
 * @param freshness the sync start the mirror's freshness file showed at the last good probe, or
 *     null when it was never read
 * @param probedAt when the mirror was last probed
 */
public record ProbeState(boolean up, Instant freshness, Instant probedAt) {
  public ProbeState {
    Objects.requireNonNull(probedAt, "probedAt");
  }
}
