package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** What the database holds, known after the first successful read. */
  private Map<String, OriginFile> written;

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
    written = null;
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
      if (written == null) {
        Map<String, OriginFile> stored = new HashMap<>();
        dao.all().forEach(file -> stored.put(file.path(), file));
        written = stored;
      }
      // the view is read before the time is taken: the confirmation never claims a later view
      OriginTree tree = origin.get();
      long now = clock.millis();
      if (tree == writtenTree) {
        dao.confirm(now);
        return;
      }
      List<OriginFile> changed = new ArrayList<>();
      for (OriginFile file : tree.files()) {
        if (!file.equals(written.get(file.path()))) {
          changed.add(file);
        }
      }
      List<String> vanished =
          written.keySet().stream().filter(path -> tree.get(path) == null).toList();
      if (changed.isEmpty() && vanished.isEmpty()) {
        dao.confirm(now);
      } else {
        dao.apply(changed, vanished, tree.size(), now);
        changed.forEach(file -> written.put(file.path(), file));
        vanished.forEach(written::remove);
      }
      writtenTree = tree;
    } catch (RuntimeException e) {
      // regional coordinators see the confirmation age and stop trusting the index in time
      LOG.warn("origin index not written for regional coordinators: {}", e.toString());
    }
  }
}
