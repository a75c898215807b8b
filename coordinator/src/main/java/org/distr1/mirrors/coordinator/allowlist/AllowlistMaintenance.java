package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.shared.text.Human;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and periodic upkeep: reconciles the mirrors' entries with the registry and writes the
 * fragment at start, then every {@code interval} removes expired entries (audited), reconciles
 * again and rewrites the fragment if it changed (which also retries a failed write).
 *
 * <p>The exports never include an entry past its expiry (they filter by time); the fragment file
 * drops it within one interval.
 *
 * <p>Rounds run on {@code executor}, which the caller owns (in the application, Dropwizard's
 * lifecycle, which shuts it down after {@link #stop}).
 */
final class AllowlistMaintenance implements Managed {

  static final String ACTOR = "allowlist:expiry";
  private static final Logger LOG = LoggerFactory.getLogger(AllowlistMaintenance.class);

  private final AllowlistWriter writer;
  private final MirrorAdmission admission;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration interval;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> rounds;

  AllowlistMaintenance(
      AllowlistWriter writer,
      MirrorAdmission admission,
      AuditLog audit,
      Clock clock,
      Duration interval,
      ScheduledExecutorService executor) {
    this.writer = writer;
    this.admission = admission;
    this.audit = audit;
    this.clock = clock;
    this.interval = interval;
    this.executor = executor;
  }

  /**
   * The first round runs before start returns only when there is a fragment file to write and none
   * is there yet (rsyncd must not merge a missing file). Otherwise it runs at once on the executor,
   * beside the rest of start-up (with 1,000 mirrors it took 1.3 s of a loaded machine's start):
   * meanwhile rsyncd reads the previous run's file and the exports the database, both as the last
   * run left them, and every change since was reconciled by the coordinator that took it.
   */
  @Override
  public void start() {
    long millis = interval.toMillis();
    long first = millis;
    if (writer.fragmentMissing()) {
      tick();
    } else {
      first = 0;
    }
    rounds =
        executor.scheduleWithFixedDelay(this::tickSafely, first, millis, TimeUnit.MILLISECONDS);
  }

  /** No further rounds; one in progress is interrupted. */
  @Override
  public void stop() {
    if (rounds != null) {
      rounds.cancel(true);
    }
  }

  /** One round: purge expired entries, reconcile mirrors; each rewrites the file if needed. */
  void tick() {
    purgeExpired();
    admission.reconcileAll();
  }

  private void tickSafely() {
    try {
      tick();
    } catch (JdbiException e) {
      // e.g. a mirror removed between reading the registry and inserting its source (the
      // foreign key refuses it); the removal's own event reconciles again
      LOG.warn(
          "allowlist maintenance rolled back, retrying in {}: {}",
          Human.duration(interval),
          e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("allowlist maintenance failed; retrying in {}", Human.duration(interval), e);
    }
  }

  /** Deletes entries whose expiry has passed; returns how many. */
  int purgeExpired() {
    return writer.change(
        handle -> {
          AllowlistDao dao = handle.attach(AllowlistDao.class);
          int removed = 0;
          for (AllowlistEntry entry : dao.expired(clock.instant())) {
            removed += dao.delete(entry.id());
            audit.record(handle, ACTOR, "allowlist.expire", entry.subject(), entry, null);
          }
          return removed;
        });
  }
}
