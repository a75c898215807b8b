package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.web.ApiException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for reports: one writer thread takes whatever reports are waiting (up to {@code
 * maxBatch}), writes them in one transaction and only then completes their futures. A report is
 * acknowledged only once it is committed (and, with H2's WRITE_DELAY=0, written), but thousands of
 * reports share one commit instead of paying one each. The other coordinators are told within the
 * same transaction (one commit per batch, not two).
 *
 * <p>The writer keeps one connection and one attached DAO for as long as they work: opening a
 * handle and attaching a SQL object costs Jdbi a reflective look-up each time, more than the
 * batch's own SQL. After a failure it opens a fresh one for the next batch.
 */
final class ReportWriter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

  private record Pending(
      ReportRow row, RoutableMirror.LastReport summary, CompletableFuture<Boolean> stored) {}

  private final Jdbi jdbi;
  private final RegistryEvents events;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue;
  private final ExecutorService executor;
  private final CountDownLatch finished = new CountDownLatch(1);
  private Future<?> writer;
  private volatile boolean running;

  /** Used by the writer thread only. */
  private Handle handle;

  private ReportDao dao;

  /**
   * @param executor runs the writer's loop on one of its threads for as long as this runs; its
   *     owner (Dropwizard's lifecycle) shuts it down
   */
  ReportWriter(
      Jdbi jdbi, RegistryEvents events, int queueCapacity, int maxBatch, ExecutorService executor) {
    this.jdbi = jdbi;
    this.executor = executor;
    this.events = events;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
  }

  /**
   * Completes with true once stored, false if the mirror no longer exists.
   *
   * @param summary what routing reads of the report, told to report listeners after commit
   */
  CompletableFuture<Boolean> submit(ReportRow row, RoutableMirror.LastReport summary) {
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    if (!running || !queue.offer(new Pending(row, summary, stored))) {
      throw new ApiException(503, "overloaded", "The coordinator is busy; report again later.");
    }
    return stored;
  }

  @Override
  public void start() {
    running = true;
    writer = executor.submit(this::run);
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    writer.cancel(true);
    boolean done = finished.await(10, TimeUnit.SECONDS);
    // whatever is left was never acknowledged; tell the waiting requests
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(
        p -> p.stored().completeExceptionally(new IllegalStateException("coordinator stopping")));
    if (done) {
      closeHandle();
    }
  }

  private void run() {
    try {
      List<Pending> batch = new ArrayList<>(maxBatch);
      while (running) {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          return;
        }
        queue.drainTo(batch, maxBatch - 1);
        write(batch);
        batch.clear();
      }
    } finally {
      finished.countDown();
    }
  }

  private void write(List<Pending> batch) {
    try {
      if (handle == null) {
        handle = jdbi.open();
        dao = handle.attach(ReportDao.class);
      }
      List<ReportRow> rows = batch.stream().map(Pending::row).toList();
      Map<Long, RoutableMirror.LastReport> latest = new LinkedHashMap<>();
      int[] updated =
          handle.inTransaction(
              transaction -> {
                int[] counts = dao.store(rows);
                for (int i = 0; i < counts.length; i++) {
                  if (counts[i] > 0) {
                    latest.put(rows.get(i).mirrorId(), batch.get(i).summary());
                  }
                }
                events.reportsStoring(transaction, latest.keySet());
                return counts;
              });
      // told before the answers go out: whoever got a 200 finds the report already queued
      if (!latest.isEmpty()) {
        events.reportsStored(latest);
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).stored().complete(updated[i] > 0);
      }
    } catch (RuntimeException e) {
      LOG.error("could not store {} reports", batch.size(), e);
      closeHandle();
      batch.forEach(p -> p.stored().completeExceptionally(e));
    }
  }

  private void closeHandle() {
    if (handle != null) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the report writer's connection failed", e);
      }
      handle = null;
      dao = null;
    }
  }
}
