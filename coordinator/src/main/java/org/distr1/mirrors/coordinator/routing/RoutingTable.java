package org.distr1.mirrors.coordinator.routing;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link RoutingSnapshot} and rebuilds it, off the request path, when told that
 * an input changed. Bursts of changes (a probe round, a rescan, admin edits) collapse into one
 * rebuild after a short delay. Node reports, thousands a second at peak, collapse over a longer
 * one: they move routing only through freshness, which counts in minutes. The delay is also at
 * least {@link #BUILD_MULTIPLE} times the last rebuild's duration, so that under a stream of
 * changes rebuilding takes a bounded share of a core whatever the number of mirrors (at 10,000
 * mirrors during an enrollment wave, rebuilds 200 ms apart took 40 % of the coordinator's CPU).
 * Data flows one way: the inputs are read, never written.
 */
public final class RoutingTable implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingTable.class);

  /** A change waits at least this many times the last rebuild's duration: ≤ 1/5 of a core. */
  static final int BUILD_MULTIPLE = 4;

  private final Supplier<List<MirrorCandidate>> mirrors;
  private final Supplier<OriginTree> origin;
  private final Supplier<Map<Long, ProbeState>> probes;
  private final RoutingPolicy policy;
  private final Duration debounce;
  private final Duration reportDebounce;
  private final AtomicReference<RoutingSnapshot> current;
  private final AtomicBoolean pendingChange = new AtomicBoolean();
  private final AtomicBoolean pendingReports = new AtomicBoolean();
  private final ScheduledExecutorService executor;
  private final CountDownLatch first = new CountDownLatch(1);
  private volatile boolean running;
  private volatile long lastBuildMillis;

  /** The rebuild at which a mirror passes the largest sync age; replaced by every rebuild. */
  private ScheduledFuture<?> expiry;

  /**
   * @param executor runs the rebuilds; its owner (in the application, Dropwizard's lifecycle) shuts
   *     it down
   */
  public RoutingTable(
      Supplier<List<MirrorCandidate>> mirrors,
      Supplier<OriginTree> origin,
      Supplier<Map<Long, ProbeState>> probes,
      RoutingPolicy policy,
      Duration debounce,
      ScheduledExecutorService executor) {
    this(mirrors, origin, probes, policy, debounce, debounce, executor);
  }

  public RoutingTable(
      Supplier<List<MirrorCandidate>> mirrors,
      Supplier<OriginTree> origin,
      Supplier<Map<Long, ProbeState>> probes,
      RoutingPolicy policy,
      Duration debounce,
      Duration reportDebounce,
      ScheduledExecutorService executor) {
    this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.probes = Objects.requireNonNull(probes, "probes");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.debounce = debounce;
    this.reportDebounce = reportDebounce;
    this.executor = Objects.requireNonNull(executor, "executor");
    this.current =
        new AtomicReference<>(RoutingSnapshot.build(List.of(), OriginTree.EMPTY, Map.of(), policy));
  }

  /** The snapshot requests are routed by; never blocks. */
  public RoutingSnapshot current() {
    return current.get();
  }

  /** Schedules a rebuild; safe to call from any thread, as often as changes happen. */
  public void changed() {
    schedule(pendingChange, debounce);
  }

  /** Like {@link #changed}, for stored node reports. */
  public void reportsChanged() {
    schedule(pendingReports, reportDebounce);
  }

  private void schedule(AtomicBoolean pending, Duration delay) {
    if (running && pending.compareAndSet(false, true)) {
      try {
        long millis = Math.max(delay.toMillis(), BUILD_MULTIPLE * lastBuildMillis);
        executor.schedule(() -> rebuildIfPending(pending), millis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        pending.set(false); // stopping: the executor's owner shut it down first
      }
    }
  }

  /** One rebuild takes in every change told before it starts; a later one finds nothing left. */
  private void rebuildIfPending(AtomicBoolean pending) {
    if (pending.getAndSet(false)) {
      pendingChange.set(false);
      pendingReports.set(false);
      rebuild();
    }
  }

  /** Rebuilds now, on the calling thread; keeps the previous snapshot when an input fails. */
  public void rebuild() {
    try {
      long started = System.nanoTime();
      RoutingSnapshot snapshot =
          RoutingSnapshot.build(mirrors.get(), origin.get(), probes.get(), policy);
      lastBuildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      current.set(snapshot);
      scheduleExpiry(snapshot.nextExpiry());
    } catch (RuntimeException e) {
      LOG.error("routing snapshot not rebuilt; still routing by the previous one", e);
    }
  }

  /** Nothing else may change when a mirror grows too old, so time itself asks for a rebuild. */
  private synchronized void scheduleExpiry(Instant at) {
    if (expiry != null) {
      expiry.cancel(false);
    }
    if (running && at != null) {
      long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis()) + 1;
      try {
        expiry = executor.schedule(this::changed, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        expiry = null; // stopping
      }
    }
  }

  /** Builds the first snapshot before the server takes requests. */
  @Override
  public void start() {
    running = true;
    rebuild();
    first.countDown();
  }

  /**
   * Like {@link #start}, but builds the first snapshot on the table's executor, beside the rest of
   * start-up (with 1,000 mirrors it reads and parses every mirror and report and builds the cell
   * index: seconds at start, before the code is compiled); {@link #awaitFirst} before taking
   * requests.
   */
  public void startBuilding() {
    running = true;
    try {
      executor.execute(
          () -> {
            try {
              rebuild();
            } finally {
              first.countDown();
            }
          });
    } catch (RejectedExecutionException e) {
      first.countDown(); // stopping already
    }
  }

  /** Waits until the first snapshot is built (or failed: the previous one, empty, stays). */
  public void awaitFirst(Duration timeout) throws InterruptedException, TimeoutException {
    if (!first.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("no routing snapshot after " + timeout.toSeconds() + " s");
    }
  }

  /** Schedules nothing more; a rebuild already running finishes on the owner's executor. */
  @Override
  public synchronized void stop() {
    running = false;
    if (expiry != null) {
      expiry.cancel(false);
    }
  }
}
