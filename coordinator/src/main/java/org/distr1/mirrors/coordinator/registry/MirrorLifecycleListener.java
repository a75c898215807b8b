package org.distr1.mirrors.coordinator.registry;

/**
 * Told about a mirror's lifecycle after the change is committed (never for a rolled-back one), on
 * the thread that made the change: keep it short and do not throw (exceptions are logged and
 * swallowed). The mirror passed is as it is after the change ({@code removed}: as it was).
 *
 * <p>Tables referring to mirrors must use {@code ON DELETE CASCADE}: removal deletes the row.
 */
public interface MirrorLifecycleListener {
  default void approved(MirrorRecord mirror) {}

  /** Disabled by the maintainer (not the operator's pause). */
  default void disabled(MirrorRecord mirror) {}

  /** Deleted; {@code mirror} is the last state it had. */
  default void removed(MirrorRecord mirror) {}

  /** Its rsync sources changed (it is then pending again). */
  default void sourcesChanged(MirrorRecord mirror) {}

  /** It went back to pending after being approved (base URL or sources changed). */
  default void unapproved(MirrorRecord mirror) {}
}
