package org.distr1.mirrors.coordinator.registry;

/**
 * Told, after commit, that something routing depends on changed: a mirror's state, location,
 * sources, weights or verification results (new reports go to {@link ReportListener}s instead).
 * Called on the changing thread, so it should only mark work to do (e.g. schedule a routing
 * snapshot rebuild), never rebuild inline.
 */
@FunctionalInterface
public interface RegistryChangeListener {
  /** Anything may have changed (e.g. after a database resync): read everything again. */
  void registryChanged();

  /** Only this mirror changed (or was added or removed). */
  default void mirrorChanged(long mirrorId) {
    registryChanged();
  }
}
