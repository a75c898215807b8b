package org.distr1.mirrors.node.report;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.distr1.mirrors.node.sync.Backoff;
import org.distr1.mirrors.node.sync.MirrorDisk;
import org.distr1.mirrors.node.sync.SyncStatus;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the node's health to the coordinator every {@code interval} and right after each
 * successful sync, and starts a sync at once when the answer says the node is behind. When the
 * coordinator is away it retries with exponential backoff and jitter (up to the interval); serving
 * never depends on it.
 */
final class Reporter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

  private final CoordinatorClient coordinator;
  private final Supplier<SyncStatus> status;
  private final Runnable triggerSync;
  private final Supplier<Map<String, NodeReport.Served>> served;
  private final MirrorDisk disk;
  private final String version;
  private final Duration interval;
  private final Clock clock;
  private final Backoff backoff;
  private volatile ScheduledExecutorService executor;
  private ScheduledFuture<?> next; // touched on the executor's thread only
  private int failures;

  /** The last answer and when it came, sent back with the next report (see NodeReport). */
  private volatile NodeReport.AnswerSeen lastAnswer;

  Reporter(
      CoordinatorClient coordinator,
      Supplier<SyncStatus> status,
      Runnable triggerSync,
      Supplier<Map<String, NodeReport.Served>> served,
      Path mirrorRoot,
      String version,
      Duration interval,
      Clock clock) {
    this.coordinator = coordinator;
    this.status = status;
    this.triggerSync = triggerSync;
    this.served = served;
    this.disk = new MirrorDisk(mirrorRoot, clock);
    this.version = version;
    this.interval = interval;
    this.clock = clock;
    this.backoff = new Backoff(Duration.ofSeconds(1), interval);
  }

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "coordinator-reporter");
              thread.setDaemon(true);
              return thread;
            });
    executor.execute(this::reportAndReschedule);
  }

  /**
   * The next report now instead of at its time: after a sync, so that the coordinator learns the
   * new snapshot (and sends clients to it) without waiting up to an interval. The schedule goes on
   * from this report. Not while reports fail: the backoff stands.
   */
  void reportSoon() {
    ScheduledExecutorService running = executor;
    if (running == null || running.isShutdown()) {
      return;
    }
    running.execute(
        () -> {
          if (failures == 0 && next != null && next.cancel(false)) {
            reportAndReschedule();
          }
        });
  }

  @Override
  public void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** One report now; true when the coordinator took it. */
  boolean reportOnce() throws InterruptedException {
    try {
      ReportAnswer answer = coordinator.report(report());
      lastAnswer = new NodeReport.AnswerSeen(answer.receivedAt(), clock.instant());
      failures = 0;
      if (answer.syncNow()) {
        LOG.info("coordinator: {}", answer.reason());
        triggerSync.run();
      } else if (!answer.clockTrusted()) {
        LOG.warn("coordinator: {}", answer.reason());
      }
      return true;
    } catch (IOException | RuntimeException e) {
      failures++;
      LOG.warn("report to the coordinator failed ({} in a row): {}", failures, e.toString());
      return false;
    }
  }

  /** How long to wait before the next report: the interval, or a backoff after failures. */
  Duration nextDelay() {
    return failures == 0 ? interval : backoff.delay(failures, ThreadLocalRandom.current());
  }

  private void reportAndReschedule() {
    try {
      reportOnce();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!executor.isShutdown()) {
      next =
          executor.schedule(
              this::reportAndReschedule, nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  NodeReport report() {
    SyncStatus status = this.status.get();
    NodeReport.SyncRun last = null;
    NodeReport.SyncProgress running = null;
    Map<String, String> digests = Map.of();
    if (status != null) {
      if (status.lastSuccessStart() != null && status.lastSuccessFinish() != null) {
        last =
            new NodeReport.SyncRun(
                status.lastSuccessStart(),
                status.lastSuccessFinish(),
                Math.max(0, status.lastSuccessBytes()));
      }
      if (status.state() == SyncStatus.State.SYNCING) {
        running =
            status.progress() == null
                ? new NodeReport.SyncProgress(0, 0)
                : new NodeReport.SyncProgress(
                    status.progress().bytes(), status.progress().percent());
      }
      digests = status.indexDigests();
    }
    return new NodeReport(
        version,
        clock.instant(),
        last,
        running,
        digests,
        disk(),
        new LinkedHashMap<>(served.get()),
        lastAnswer);
  }

  private NodeReport.DiskUsage disk() {
    try {
      return disk.usage();
    } catch (IOException e) {
      return null;
    }
  }
}
