package org.distr1.mirrors.coordinator.probe;

import io.dropwizard.lifecycle.Managed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.distr1.mirrors.coordinator.http.ConnectFailures;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every mirror in service ({@code mirrors}) each interval: its freshness file (a decimal
 * time, not in the future beyond the allowed skew, never earlier than the last one accepted), then
 * a {@code HEAD} of a file it must hold by that freshness. Results go to the {@link ProbeTracker};
 * when what routing sees changed, {@code onChange} asks for a new snapshot; after every round the
 * whole state goes to the {@code journal}.
 */
public final class Prober implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

  private final Supplier<List<ProbeTarget>> mirrors;
  private final Supplier<OriginTree> origin;
  private final CloseableHttpAsyncClient http;
  private final ProbeTracker tracker;
  private final ProbeSettings settings;
  private final Runnable onChange;
  private final Consumer<List<ProbeRecord>> journal;
  private final Clock clock;
  private final Semaphore slots;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> rounds;

  /**
   * @param executor runs the rounds; the caller owns it (in the application, Dropwizard's
   *     lifecycle, which also shuts it down)
   */
  public Prober(
      Supplier<List<ProbeTarget>> mirrors,
      Supplier<OriginTree> origin,
      CloseableHttpAsyncClient http,
      ProbeTracker tracker,
      ProbeSettings settings,
      Runnable onChange,
      Consumer<List<ProbeRecord>> journal,
      Clock clock,
      ScheduledExecutorService executor) {
    this.mirrors = mirrors;
    this.origin = origin;
    this.http = http;
    this.tracker = tracker;
    this.settings = settings;
    this.onChange = onChange;
    this.journal = journal;
    this.clock = clock;
    this.slots = new Semaphore(settings.concurrency());
    this.executor = executor;
  }

  @Override
  public void start() {
    long millis = settings.interval().toMillis();
    rounds = executor.scheduleWithFixedDelay(this::roundSafely, 0, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (rounds != null) {
      rounds.cancel(true);
    }
  }

  private void roundSafely() {
    try {
      round();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("probe round failed", e);
    }
  }

  /** Probes every mirror in service once and applies the results. */
  public void round() throws InterruptedException {
    List<ProbeTarget> inService = mirrors.get();
    OriginTree tree = origin.get();
    List<CompletableFuture<ProbeTracker.Outcome>> pending = new ArrayList<>();
    for (ProbeTarget mirror : inService) {
      slots.acquire();
      CompletableFuture<ProbeTracker.Outcome> probe = probe(mirror, tree);
      probe.whenComplete((outcome, error) -> slots.release());
      pending.add(probe);
    }
    List<ProbeTracker.Outcome> outcomes = new ArrayList<>();
    long deadline = System.nanoTime() + settings.roundTimeout().toNanos();
    for (int i = 0; i < pending.size(); i++) {
      long id = inService.get(i).mirrorId();
      try {
        outcomes.add(
            pending.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        outcomes.add(ProbeTracker.Outcome.failure(id, "no answer within the probe round"));
      } catch (java.util.concurrent.ExecutionException e) {
        outcomes.add(ProbeTracker.Outcome.failure(id, ConnectFailures.describe(e)));
      }
    }
    boolean changed = tracker.apply(outcomes, clock.instant());
    journal.accept(tracker.records());
    if (changed) {
      onChange.run();
    }
  }

  private CompletableFuture<ProbeTracker.Outcome> probe(ProbeTarget mirror, OriginTree tree) {
    long id = mirror.mirrorId();
    String freshnessUrl =
        mirror.baseUrl() + FreshnessFile.urlPath(settings.upstreamHost()).substring(1);
    return execute(SimpleRequestBuilder.get(freshnessUrl).build())
        .thenCompose(
            response -> {
              if (response.getCode() != 200) {
                return done(
                    ProbeTracker.Outcome.failure(
                        id, "freshness file answered HTTP " + response.getCode()));
              }
              Instant freshness;
              try {
                byte[] body = response.getBodyBytes();
                freshness =
                    FreshnessFile.parse(
                        body == null ? "" : new String(body, StandardCharsets.US_ASCII));
              } catch (IllegalArgumentException e) {
                // the parser quotes what it read; those are the mirror's bytes, not for the public
                // list
                return done(
                    ProbeTracker.Outcome.failure(id, "freshness file does not hold a UNIX time"));
              }
              if (freshness.isAfter(clock.instant().plus(settings.maxClockSkew()))) {
                return done(
                    ProbeTracker.Outcome.failure(
                        id, "freshness file is in the future: " + freshness));
              }
              Instant baseline = tracker.baseline(id);
              if (baseline != null && freshness.isBefore(baseline)) {
                return done(
                    ProbeTracker.Outcome.failure(
                        id,
                        "freshness file moved backwards from " + baseline + " to " + freshness));
              }
              return checkHeld(mirror, filesHeld(mirror, tree, freshness), 0, freshness);
            })
        .exceptionally(error -> ProbeTracker.Outcome.failure(id, ConnectFailures.describe(error)));
  }

  /**
   * What the mirror must hold by what it claims: the newest files that appeared before its sync (as
   * routing reckons it), which a mirror claiming more than it holds lacks first, and one at random
   * that appeared well before, for a mirror that lost part of an old tree.
   */
  private List<OriginFile> filesHeld(ProbeTarget mirror, OriginTree tree, Instant freshness) {
    long claimed =
        mirror.claim() == null
            ? freshness.minus(settings.maxClockSkew()).toEpochMilli()
            : mirror.claim().heldBeforeMillis(freshness);
    List<OriginFile> files = new ArrayList<>(tree.newestBefore(claimed, settings.newestFiles()));
    long before = freshness.minus(settings.maxClockSkew()).toEpochMilli();
    for (int attempt = 0; attempt < 8; attempt++) {
      OriginFile file = tree.sample(ThreadLocalRandom.current());
      if (file != null && file.appearedAtMillis() < before && !file.mutable()) {
        files.add(file);
        break;
      }
    }
    return files;
  }

  /** HEADs the files one after another; the first that is missing or of another length fails. */
  private CompletableFuture<ProbeTracker.Outcome> checkHeld(
      ProbeTarget mirror, List<OriginFile> files, int next, Instant freshness) {
    long id = mirror.mirrorId();
    if (next == files.size()) {
      return done(ProbeTracker.Outcome.success(id, freshness));
    }
    OriginFile expected = files.get(next);
    String url = mirror.baseUrl() + URIUtil.encodePath(expected.path());
    return execute(SimpleRequestBuilder.head(url).build())
        .thenCompose(
            head -> {
              if (head.getCode() != 200) {
                return done(
                    ProbeTracker.Outcome.failure(
                        id,
                        "HEAD "
                            + url
                            + " answered HTTP "
                            + head.getCode()
                            + " (the mirror claims a sync that holds it)"));
              }
              Header length = head.getFirstHeader("Content-Length");
              if (length != null && !length.getValue().equals(Long.toString(expected.size()))) {
                return done(
                    ProbeTracker.Outcome.failure(
                        id,
                        "HEAD "
                            + url
                            + " answered another length than the origin's "
                            + expected.size()
                            + " bytes"));
              }
              return checkHeld(mirror, files, next + 1, freshness);
            });
  }

  private static CompletableFuture<ProbeTracker.Outcome> done(ProbeTracker.Outcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }

  private CompletableFuture<SimpleHttpResponse> execute(SimpleHttpRequest request) {
    CompletableFuture<SimpleHttpResponse> future = new CompletableFuture<>();
    http.execute(
        request,
        new FutureCallback<>() {
          @Override
          public void completed(SimpleHttpResponse response) {
            future.complete(response);
          }

          @Override
          public void failed(Exception e) {
            future.completeExceptionally(e);
          }

          @Override
          public void cancelled() {
            future.completeExceptionally(
                new java.util.concurrent.CancellationException("cancelled"));
          }
        });
    return future;
  }
}
