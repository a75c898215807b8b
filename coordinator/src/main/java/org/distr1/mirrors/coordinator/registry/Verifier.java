package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies mirrors in the background: one soon after enrollment or a change of URL or sources, all
 * pending and approved ones every interval. At most {@code concurrency} at once; a mirror already
 * queued is not queued twice. Both executors belong to the caller (Dropwizard's lifecycle, which
 * shuts them down after this stops).
 */
final class Verifier implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final MirrorChecks checks;
  private final RegistryEvents events;
  private final VerificationFactory config;

  /** The periodic sweep runs on one coordinator of those sharing the database. */
  private final BooleanSupplier sweeps;

  private final Set<Long> queued = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler;

  /** Runs the verifications, at most {@code verification.concurrency} at once. */
  private final ExecutorService workers;

  private volatile boolean running;
  private ScheduledFuture<?> sweep;

  Verifier(
      Jdbi jdbi,
      MirrorStore store,
      MirrorChecks checks,
      RegistryEvents events,
      VerificationFactory config,
      BooleanSupplier sweeps,
      ScheduledExecutorService scheduler,
      ExecutorService workers) {
    this.sweeps = sweeps;
    this.scheduler = scheduler;
    this.workers = workers;
    this.jdbi = jdbi;
    this.store = store;
    this.checks = checks;
    this.events = events;
    this.config = config;
  }

  @Override
  public void start() {
    running = true;
    long interval = config.getInterval().toMilliseconds();
    sweep =
        scheduler.scheduleWithFixedDelay(
            this::verifyAll, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    running = false;
    if (sweep != null) {
      sweep.cancel(false);
    }
  }

  /** Queues one mirror for verification (no-op if it is queued already). */
  void verifySoon(long id) {
    if (!running || !queued.add(id)) {
      return;
    }
    try {
      workers.execute(
          () -> {
            queued.remove(id);
            verify(id);
          });
    } catch (RejectedExecutionException e) {
      queued.remove(id); // stopping
    }
  }

  private void verifyAll() {
    if (!sweeps.getAsBoolean()) {
      return;
    }
    try {
      List<Long> ids =
          jdbi.withExtension(
              MirrorDao.class,
              dao ->
                  dao.all().stream()
                      .filter(mirror -> mirror.state() != MirrorState.DISABLED)
                      .map(MirrorRecord::id)
                      .toList());
      ids.forEach(this::verifySoon);
    } catch (RuntimeException e) {
      LOG.error("could not list mirrors to verify", e);
    }
  }

  void verify(long id) {
    try {
      var mirror = jdbi.withHandle(handle -> store.find(handle, id));
      if (mirror.isEmpty()) {
        return;
      }
      Long disk =
          jdbi.withExtension(ReportDao.class, dao -> dao.find(id))
              .map(ReportRow::diskAvailableBytes)
              .orElse(null);
      List<CheckRow> results = checks.run(mirror.get(), disk);
      boolean stored =
          jdbi.inTransaction(
              handle -> {
                // the mirror may have been removed while it was checked
                if (handle.attach(MirrorDao.class).lock(id).isEmpty()) {
                  return false;
                }
                CheckDao dao = handle.attach(CheckDao.class);
                dao.deleteFor(id);
                dao.insert(results);
                return true;
              });
      if (stored) {
        events.changed(id);
      }
    } catch (RuntimeException e) {
      LOG.error("verification of mirror {} failed", id, e);
    }
  }
}
