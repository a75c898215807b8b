package org.distr1.mirrors.coordinator.probe;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.distr1.mirrors.coordinator.http.ConnectFailures;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every mirror in service ({@code mirrors}) each interval: its freshness file (a decimal
 * time, not in the future beyond the allowed skew, never earlier than the last one accepted), then
 * a {@code HEAD} of files it must hold by that freshness, then one index its node reported
 * identical to the origin's ({@link MirrorProbe}, the look verification takes too). Results go to
 * the {@link ProbeTracker}; when what routing sees changed, {@code onChange} asks for a new
 * snapshot; after every round the whole state goes to the {@code journal}.
 */
public final class Prober implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

  private final Supplier<List<ProbeTarget>> mirrors;
  private final Supplier<OriginTree> origin;
  private final MirrorProbe probe;
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
      MirrorProbe probe,
      ProbeTracker tracker,
      ProbeSettings settings,
      Runnable onChange,
      Consumer<List<ProbeRecord>> journal,
      Clock clock,
      ScheduledExecutorService executor) {
    this.mirrors = mirrors;
    this.origin = origin;
    this.probe = probe;
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
    return probe
        .freshness(mirror.baseUrl())
        .thenCompose(
            look -> {
              if (!look.ok()) {
                return done(ProbeTracker.Outcome.failure(id, look.failure()));
              }
              Instant freshness = look.value();
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
              return checkHeld(mirror, filesHeld(mirror, tree, freshness), 0, freshness)
                  .thenCompose(
                      held ->
                          held.failure() == null
                              ? checkIndex(mirror, tree).thenApply(index -> index.orElse(held))
                              : done(held));
            })
        .exceptionally(error -> ProbeTracker.Outcome.failure(id, ConnectFailures.describe(error)));
  }

  /**
   * One index (at random) that the mirror's node reported identical to the origin's: routing sends
   * it the section's mutable paths on that word, so the probe reads the bytes it serves.
   */
  private CompletableFuture<Optional<ProbeTracker.Outcome>> checkIndex(
      ProbeTarget mirror, OriginTree tree) {
    List<Map.Entry<String, String>> same =
        mirror.indexDigests().entrySet().stream()
            .filter(
                e -> {
                  OriginFile index = tree.get(e.getKey());
                  return index != null && e.getValue().equals(index.digest());
                })
            .sorted(Map.Entry.comparingByKey())
            .toList();
    if (same.isEmpty()) {
      return done(Optional.empty());
    }
    Map.Entry<String, String> pick = same.get(ThreadLocalRandom.current().nextInt(same.size()));
    return probe
        .index(mirror.baseUrl(), pick.getKey(), pick.getValue())
        .thenApply(
            look ->
                look.ok()
                    ? Optional.empty()
                    : Optional.of(ProbeTracker.Outcome.failure(mirror.mirrorId(), look.failure())));
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
    return probe
        .holds(mirror.baseUrl(), files.get(next))
        .thenCompose(
            look ->
                look.ok()
                    ? checkHeld(mirror, files, next + 1, freshness)
                    : done(ProbeTracker.Outcome.failure(id, look.failure())));
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
