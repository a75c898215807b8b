package org.distr1.mirrors.coordinator.registry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where subsystems subscribe to registry changes (allowlist: lifecycle; routing: any change of
 * mirrors, and stored reports). Fire only after the transaction committed.
 *
 * <p>Every change fired here is also told to the other coordinators sharing the database ({@link
 * #MIRROR}, {@link #REPORTS}); what they tell comes back through {@link ClusterFollower} to the
 * change and report listeners only: the lifecycle's own consequences (allowlist entries) were
 * already committed by the coordinator where the change happened.
 */
public final class RegistryEvents {

  /** Topic: a mirror changed; detail: its id. */
  static final String MIRROR = "mirror";

  /** Topic: reports were stored; detail: the mirror ids, comma-separated. */
  static final String REPORTS = "reports";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);

  private final List<MirrorLifecycleListener> lifecycle = new CopyOnWriteArrayList<>();
  private final List<RegistryChangeListener> changes = new CopyOnWriteArrayList<>();
  private final List<ReportListener> reports = new CopyOnWriteArrayList<>();
  private final Cluster cluster;

  public RegistryEvents() {
    this(Cluster.alone());
  }

  public RegistryEvents(Cluster cluster) {
    this.cluster = cluster;
  }

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
    tellLifecycle(mirror, listener -> listener.approved(mirror));
  }

  void disabled(MirrorRecord mirror) {
    tellLifecycle(mirror, listener -> listener.disabled(mirror));
  }

  void removed(MirrorRecord mirror) {
    tellLifecycle(mirror, listener -> listener.removed(mirror));
  }

  void sourcesChanged(MirrorRecord mirror) {
    tellLifecycle(mirror, listener -> listener.sourcesChanged(mirror));
  }

  void unapproved(MirrorRecord mirror) {
    tellLifecycle(mirror, listener -> listener.unapproved(mirror));
  }

  /**
   * Tells the other coordinators, within the transaction that stores them, that these mirrors'
   * reports were stored: they hear of it at its commit. On PostgreSQL a notification sent on its
   * own is a transaction, a commit record and a WAL flush of its own, on the writer's thread,
   * between the reports' commit and their answers.
   */
  void reportsStoring(Handle transaction, Collection<Long> mirrorIds) {
    if (!mirrorIds.isEmpty()) {
      cluster.publish(
          transaction,
          REPORTS,
          mirrorIds.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
  }

  /** Reports this coordinator committed (the others were told by {@link #reportsStoring}). */
  void reportsStored(Map<Long, RoutableMirror.LastReport> latest) {
    heardReports(latest);
  }

  /** Reports another coordinator stored. */
  void heardReports(Map<Long, RoutableMirror.LastReport> latest) {
    for (ReportListener listener : reports) {
      try {
        listener.reportsStored(latest);
      } catch (RuntimeException e) {
        LOG.error("report listener {} failed", listener, e);
      }
    }
  }

  /** Something routing reads of this mirror changed, other than reports. */
  void changed(long mirrorId) {
    heardChange(mirrorId);
    cluster.publish(MIRROR, Long.toString(mirrorId));
  }

  /** Another coordinator changed this mirror. */
  void heardChange(long mirrorId) {
    for (RegistryChangeListener listener : changes) {
      try {
        listener.mirrorChanged(mirrorId);
      } catch (RuntimeException e) {
        LOG.error("registry change listener {} failed", listener, e);
      }
    }
  }

  /** Another coordinator changed a mirror (or may have, after a resync). */
  void heardChange() {
    for (RegistryChangeListener listener : changes) {
      try {
        listener.registryChanged();
      } catch (RuntimeException e) {
        LOG.error("registry change listener {} failed", listener, e);
      }
    }
  }

  private void tellLifecycle(MirrorRecord mirror, Consumer<MirrorLifecycleListener> call) {
    for (MirrorLifecycleListener listener : lifecycle) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.error("mirror lifecycle listener {} failed", listener, e);
      }
    }
    changed(mirror.id());
  }
}
