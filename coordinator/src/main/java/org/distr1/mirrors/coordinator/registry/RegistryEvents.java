package org.distr1.mirrors.coordinator.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where subsystems subscribe to registry changes (allowlist: lifecycle; routing: any change of
 * mirrors, and stored reports). Fire only after the transaction committed.
 */
public final class RegistryEvents {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);

  private final List<MirrorLifecycleListener> lifecycle = new CopyOnWriteArrayList<>();
  private final List<RegistryChangeListener> changes = new CopyOnWriteArrayList<>();
  private final List<ReportListener> reports = new CopyOnWriteArrayList<>();

  public void addLifecycleListener(MirrorLifecycleListener listener) {
    lifecycle.add(listener);
  }

  public void addChangeListener(RegistryChangeListener listener) {
    changes.add(listener);
  }

  public void addReportListener(ReportListener listener) {
    reports.add(listener);
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

  void reportsStored(Map<Long, RoutableMirror.LastReport> latest) {
    for (ReportListener listener : reports) {
      try {
        listener.reportsStored(latest);
      } catch (RuntimeException e) {
        LOG.error("report listener {} failed", listener, e);
      }
    }
  }

  /** Something routing reads changed, other than reports. */
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
