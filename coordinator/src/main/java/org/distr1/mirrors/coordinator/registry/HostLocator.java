package org.distr1.mirrors.coordinator.registry;

import java.util.Optional;
import org.distr1.mirrors.shared.api.GeoLocation;

/**
 * Locates a mirror's host when its operator gave no location (GeoIP of the host's address).
 * Must not block for long: it runs during enrollment.
 */
@FunctionalInterface
public interface HostLocator {

  /** Stores no location. */
  HostLocator NONE = host -> Optional.empty();

  Optional<GeoLocation> locate(String host);
}
