package org.distr1.mirrors.coordinator.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports other coordinators stored, read from the database in one query per {@code window} instead
 * of one per notification: another coordinator acknowledging thousands of reports a second tells of
 * them in small batches, and each read (a round trip and the reports' JSON) was CPU taken from this
 * coordinator's redirects. A mirror that reported twice in the window is read once. A read that
 * fails is not retried: the resync after the database returns reads every mirror again.
 */
final class HeardReports {
  private static final Logger LOG = LoggerFactory.getLogger(HeardReports.class);

  private final MirrorDirectory directory;
  private final RegistryEvents events;
  private final Duration window;
  private final ScheduledExecutorService executor;
  private final Set<Long> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param executor runs the reads; its owner (Dropwizard's lifecycle) shuts it down
   */
  HeardReports(
      MirrorDirectory directory,
      RegistryEvents events,
      Duration window,
      ScheduledExecutorService executor) {
    this.directory = directory;
    this.events = events;
    this.window = window;
    this.executor = executor;
  }

  /** Another coordinator stored reports of these mirrors. */
  void heard(Collection<Long> ids) {
    pending.addAll(ids);
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.schedule(this::read, window.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // stopping
      }
    }
  }

  private void read() {
    // cleared first: ids heard while this read runs schedule the next one
    scheduled.set(false);
    List<Long> ids = new ArrayList<>();
    for (Long id : pending) {
      if (pending.remove(id)) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    try {
      events.heardReports(directory.lastReports(ids));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read {} reports another coordinator stored: {}", ids.size(), e.toString());
    }
  }
}
