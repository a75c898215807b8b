package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the origin index for regional coordinators: after each change of the tree, the rows of the
 * files whose content changed and the deletion of vanished ones, as one transaction (never the
 * whole tree again), and every {@code interval} a confirmation that the rows are still this
 * coordinator's view. A once-per-network job: only the coordinator holding the jobs writes, so two
 * coordinators beside the tree never interleave versions.
 */
public final class OriginIndexWriter implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(OriginIndexWriter.class);

  private final Supplier<OriginTree> origin;
  private final OriginIndexDao dao;
  private final ScheduledExecutorService executor;
  private final Duration interval;
  private final Clock clock;

  /**
   * What the database holds once a write succeeded: the tree written. Before that the rows are read
   * once, one at a time, and compared with the tree; a map of them all kept beside the tree was a
   * second copy of every path (about 60 MB at 300,000 paths).
   */
  private OriginTree writtenTree;

  private volatile ScheduledFuture<?> ticks;

  public OriginIndexWriter(
      Supplier<OriginTree> origin,
      Jdbi jdbi,
      ScheduledExecutorService executor,
      Duration interval,
      Clock clock) {
    this.origin = origin;
    this.dao = jdbi.onDemand(OriginIndexDao.class);
    this.executor = executor;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    // another coordinator may have written while this one did not hold the jobs
    writtenTree = null;
    ticks =
        executor.scheduleWithFixedDelay(this::write, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (ticks != null) {
      ticks.cancel(false);
      ticks = null;
    }
  }

  /** The tree changed: write it now rather than at the next tick. For origin listeners. */
  public void changed() {
    if (ticks != null) {
      executor.execute(this::write);
    }
  }

  /** One write: the changes since the last one, or the confirmation that there are none. */
  synchronized void write() {
    if (ticks == null) {
      return; // stopped: another coordinator may hold the jobs now
    }
    try {
      // the view is read before the time is taken: the confirmation never claims a later view
      OriginTree tree = origin.get();
      long now = clock.millis();
      if (tree == writtenTree) {
        dao.confirm(now);
        return;
      }
      List<OriginFile> changed = new ArrayList<>();
      List<String> vanished = new ArrayList<>();
      if (writtenTree != null) {
        for (OriginFile file : tree.files()) {
          if (!file.equals(writtenTree.get(file.path()))) {
            changed.add(file);
          }
        }
        for (OriginFile file : writtenTree.files()) {
          if (tree.get(file.path()) == null) {
            vanished.add(file.path());
          }
        }
      } else {
        // another coordinator may have written while this one did not hold the jobs
        Set<String> stored = new HashSet<>();
        dao.forEach(
            row -> {
              OriginFile file = tree.get(row.path());
              if (file == null) {
                vanished.add(row.path());
                return;
              }
              stored.add(file.path());
              if (!file.equals(row)) {
                changed.add(file);
              }
            });
        for (OriginFile file : tree.files()) {
          if (!stored.contains(file.path())) {
            changed.add(file);
          }
        }
      }
      if (changed.isEmpty() && vanished.isEmpty()) {
        dao.confirm(now);
      } else {
        dao.apply(changed, vanished, tree.size(), now);
      }
      writtenTree = tree;
    } catch (RuntimeException e) {
      // regional coordinators see the confirmation age and stop trusting the index in time
      LOG.warn("origin index not written for regional coordinators: {}", e.toString());
    }
  }
}
