package org.distr1.mirrors.node.sync;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.distr1.mirrors.shared.text.Human;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sync passes on one background thread: one at a time; a {@link #trigger()} during a pass
 * causes exactly one more pass afterwards (however many triggers arrived); a pass every interval;
 * failed passes retried with backoff and jitter. Callers never wait for a pass — HTTP threads only
 * read the immutable {@link #status()}.
 */
public final class SyncService implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final SyncPass pass;
  private final Duration interval;
  private final Backoff backoff;
  private final MetricRegistry metrics;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final AtomicReference<SyncStatus> status = new AtomicReference<>();
  private boolean running; // guarded by this
  private boolean rerun; // guarded by this
  private boolean stopped; // guarded by this
  private ScheduledFuture<?> next; // guarded by this
  private long lastProgressLog;
  private final List<Runnable> afterSuccess = new CopyOnWriteArrayList<>();

  SyncService(
      SyncPass pass, Duration interval, Backoff backoff, MetricRegistry metrics, Clock clock) {
    this.pass = pass;
    this.interval = interval;
    this.backoff = backoff;
    this.metrics = metrics;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "node-sync");
              thread.setDaemon(true);
              return thread;
            });
    metrics.gauge(
        MetricRegistry.name("node", "sync", "last-success-age-seconds"),
        () ->
            () -> {
              SyncStatus s = status.get();
              return s == null || s.lastSuccessStart() == null
                  ? -1
                  : Duration.between(s.lastSuccessStart(), clock.instant()).toSeconds();
            });
  }

  /** The current status; cheap, never blocks. Null only before {@link #start()}. */
  public SyncStatus status() {
    return status.get();
  }

  /**
   * Runs {@code action} on the sync thread after each successful pass, once the status says so (the
   * reporter tells the coordinator at once instead of at its next interval).
   */
  public void afterEachSuccess(Runnable action) {
    afterSuccess.add(action);
  }

  private void succeeded(SyncResult result) {
    if (!result.succeeded()) {
      return;
    }
    for (Runnable action : afterSuccess) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("after a sync: {}", e.toString());
      }
    }
  }

  /** Asks for a sync as soon as possible (push from the coordinator, operator request). */
  public void trigger() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      if (running) {
        rerun = true;
        return;
      }
      running = true;
    }
    executor.execute(this::drain);
  }

  /** Opens the mirror root and starts with a pass. */
  @Override
  public void start() throws IOException {
    status.set(pass.open());
    trigger();
  }

  /** Stops scheduling, kills a running rsync (its partial snapshot is removed) and waits. */
  @Override
  public void stop() throws InterruptedException {
    synchronized (this) {
      stopped = true;
      if (next != null) {
        next.cancel(false);
      }
    }
    pass.abort();
    executor.shutdown();
    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  /** One pass on the caller's thread, without scheduling: the {@code sync} command. */
  public SyncResult runOnce() throws IOException {
    status.set(pass.open());
    SyncResult result = runPass();
    status.set(status.get().finished(result, null));
    executor.shutdown();
    return result;
  }

  private void drain() {
    while (true) {
      SyncResult result;
      try {
        result = runPass();
      } catch (RuntimeException e) {
        // a bug must not leave "running" set forever: that would end all future syncs
        LOG.error("sync pass failed unexpectedly", e);
        Instant now = clock.instant();
        result =
            new SyncResult(
                SyncResult.Outcome.ERROR, now, now, null, e.toString(), -1, null, Map.of());
      }
      synchronized (this) {
        if (stopped) {
          running = false;
          status.set(status.get().finished(result, null));
          return;
        }
        if (rerun) {
          rerun = false;
          // stays "syncing": the next pass starts right away
          status.set(status.get().finished(result, null).syncing(null));
          succeeded(result);
          continue;
        }
        running = false;
        Duration delay =
            result.succeeded()
                ? max(Duration.ZERO, interval.minus(result.duration()))
                : min(
                    interval,
                    backoff.delay(
                        status.get().consecutiveFailures() + 1, ThreadLocalRandom.current()));
        if (next != null) {
          next.cancel(false);
        }
        next = executor.schedule(this::scheduled, delay.toMillis(), TimeUnit.MILLISECONDS);
        status.set(status.get().finished(result, clock.instant().plus(delay)));
      }
      succeeded(result);
      return;
    }
  }

  private void scheduled() {
    synchronized (this) {
      if (running) {
        return; // a triggered pass is already bringing the mirror up to date
      }
    }
    trigger();
  }

  private SyncResult runPass() {
    status.updateAndGet(s -> s.syncing(null));
    lastProgressLog = System.nanoTime();
    SyncResult result;
    try (Timer.Context ignored = metrics.timer("node.sync.duration").time()) {
      result =
          pass.run(
              progress -> {
                status.updateAndGet(s -> s.syncing(progress));
                if (System.nanoTime() - lastProgressLog > PROGRESS_LOG_NANOS) {
                  lastProgressLog = System.nanoTime();
                  LOG.info("sync from {}: {}", pass.upstream(), progress);
                }
              });
    }
    metrics.meter("node.sync.result." + result.outcome().name().toLowerCase(Locale.ROOT)).mark();
    if (result.succeeded()) {
      LOG.info(
          "sync from {} {} {} in {} ({} received, {}; rsync {})",
          pass.upstream(),
          result.message().startsWith(SyncPass.UNCHANGED) ? "kept snapshot" : "published snapshot",
          result.snapshotId(),
          Human.duration(result.duration()),
          Human.bytes(result.bytesReceived()),
          Human.rate(result.bytesReceived(), result.duration()),
          result.message());
    } else {
      LOG.warn(
          "sync from {} failed after {}, the served snapshot stays {}: {}",
          pass.upstream(),
          Human.duration(result.duration()),
          status.get().snapshotId(),
          result.message());
    }
    return result;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
