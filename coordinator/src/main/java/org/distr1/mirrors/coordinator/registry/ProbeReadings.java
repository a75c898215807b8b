package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;
import java.util.Map;

/**
 * What the prober last saw of each mirror, as the public list shows it. The prober belongs to
 * routing, which is built after the registry and reads from it; this is the one way back.
 */
@FunctionalInterface
public interface ProbeReadings {

  /** Before routing is wired: every mirror is still being checked. */
  ProbeReadings NONE = Map::of;

  /** Mirror id → its reading; mirrors never probed (or not in service) are absent. */
  Map<Long, Reading> current();

  /**
   * @param up the prober's damped verdict
   * @param failure why the last probe failed, null when it succeeded
   */
  record Reading(boolean up, Instant probedAt, String failure) {}
}
