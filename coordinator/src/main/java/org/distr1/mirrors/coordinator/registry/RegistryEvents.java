package org.distr1.mirrors.coordinator.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where subsystems subscribe to registry changes (allowlist: lifecycle; routing: any change).
 * Fire only after the transaction committed.
 */
public final class RegistryEvents {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);

  private final List<MirrorLifecycleListener> lifecycle = new CopyOnWriteArrayList<>();
  private final List<RegistryChangeListener> changes = new CopyOnWriteArrayList<>();

  public void addLifecycleListener(MirrorLifecycleListener listener) {
    lifecycle.add(listener);
  }

  public void addChangeListener(RegistryChangeListener listener) {
    changes.add(listener);
  }

  void approved(MirrorRecord mirror) {
    tellLifecycle(listener -> listener.approved(mirror));
  }

  void disabled(MirrorRecord mirror) {
    tellLifecycle(listener -> listener.disabled(mirror));
  }

  void removed(MirrorRecord mirror) {
    tellLifecycle(listener -> listener.removed(mirror));
  }

  void sourcesChanged(MirrorRecord mirror) {
    tellLifecycle(listener -> listener.sourcesChanged(mirror));
  }

  void unapproved(MirrorRecord mirror) {
    tellLifecycle(listener -> listener.unapproved(mirror));
  }

  /** Something routing reads changed. */
  public void changed() {
    for (RegistryChangeListener listener : changes) {
      try {
        listener.registryChanged();
      } catch (RuntimeException e) {
        LOG.error("registry change listener {} failed", listener, e);
      }
    }
  }

  private void tellLifecycle(Consumer<MirrorLifecycleListener> call) {
    for (MirrorLifecycleListener listener : lifecycle) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.error("mirror lifecycle listener {} failed", listener, e);
      }
    }
    changed();
  }
}
