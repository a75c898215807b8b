package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.distr1.mirrors.node.sync.SyncResult.Outcome;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync: rsync into a new snapshot (unchanged files hard-linked to the served one), optional
 * siblings, index digests, atomic publication, then — and only then — the freshness file with the
 * time the sync started. Whatever fails before publication leaves the served snapshot and the
 * freshness file as they were and removes the new snapshot.
 */
final class SyncPass {

  private static final Logger LOG = LoggerFactory.getLogger(SyncPass.class);

  /** The message of a sync that found the upstream as served, before the snapshot's id. */
  static final String UNCHANGED = "unchanged since snapshot ";

  /** Passes over a snapshot whose indexes name files it lacks before giving up. */
  private static final int ATTEMPTS = 3;

  private final UpstreamUrl upstream;
  private final Path root;
  private final Snapshots snapshots;
  private final RsyncRunner rsync;
  private final SyncOptions options;
  private final Clock clock;

  /** Pass settings that are not collaborators. */
  record SyncOptions(boolean generateSiblings, Duration gracePeriod) {}

  SyncPass(UpstreamUrl upstream, Path root, RsyncRunner rsync, SyncOptions options, Clock clock) {
    this.upstream = upstream;
    this.root = root;
    this.snapshots = new Snapshots(root);
    this.rsync = rsync;
    this.options = options;
    this.clock = clock;
  }

  /** Prepares the layout after a start or crash and tells what is served right now. */
  SyncStatus open() throws IOException {
    try (var lock = SyncLock.tryAcquire(root).orElse(null)) {
      if (lock != null) {
        snapshots.open(clock.instant());
      }
    }
    Optional<String> current = snapshots.currentId();
    Map<String, String> digests =
        current.isPresent() ? IndexDigests.of(snapshots.dir(current.get())) : Map.of();
    Path freshness = FreshnessFile.path(root, upstream.host());
    Instant start = FreshnessFile.read(root, upstream.host()).orElse(null);
    Instant finish = start == null ? null : Files.getLastModifiedTime(freshness).toInstant();
    return SyncStatus.initial(upstream.toString(), current.orElse(null), digests, start, finish);
  }

  UpstreamUrl upstream() {
    return upstream;
  }

  /** Runs the pass; never throws: every failure is a result. */
  SyncResult run(Consumer<RsyncProgress> progress) {
    Instant start = clock.instant();
    Optional<SyncLock> lock;
    try {
      lock = SyncLock.tryAcquire(root);
    } catch (IOException e) {
      return result(
          Outcome.ERROR, start, null, "cannot lock the mirror root: " + e, -1, null, Map.of());
    }
    if (lock.isEmpty()) {
      return result(
          Outcome.ERROR,
          start,
          null,
          "another process is syncing " + root + " (it holds " + root.resolve(".sync.lock") + ")",
          -1,
          null,
          Map.of());
    }
    try {
      return locked(start, progress);
    } finally {
      try {
        lock.get().close();
      } catch (IOException e) {
        LOG.warn("could not release the sync lock (released when the process ends)", e);
      }
    }
  }

  private SyncResult locked(Instant start, Consumer<RsyncProgress> progress) {
    Optional<SyncResult> unchanged = unchanged(start);
    if (unchanged.isPresent()) {
      prune();
      return unchanged.get();
    }
    String id = null;
    String published = null;
    Map<String, String> digests = Map.of();
    try {
      id = snapshots.createPartial(start);
      Optional<Path> previous = snapshots.currentDir();
      Path target = snapshots.partial(id);
      LOG.info(
          "sync {} from {} into {} (link-dest {})",
          id,
          upstream,
          target,
          previous.map(Path::toString).orElse("none"));
      RsyncRun run = transfer(target, previous, progress);
      if (!run.succeeded()) {
        snapshots.discard(id);
        String message =
            RsyncExitCode.explain(run.exitCode())
                + (run.diagnostics().isEmpty() ? "" : "; rsync said: " + run.diagnostics());
        return result(
            Outcome.RSYNC_FAILED,
            start,
            run.exitCode(),
            message,
            run.bytesReceived(),
            null,
            digests);
      }
      String layout = oldLayout(target);
      if (layout != null) {
        snapshots.discard(id);
        return result(
            Outcome.ERROR, start, run.exitCode(), layout, run.bytesReceived(), null, digests);
      }
      if (options.generateSiblings()) {
        int made = SiblingCompletion.complete(target, previous);
        LOG.info("sync {}: compressed {} missing siblings", id, made);
      }
      digests = IndexDigests.of(target);
      snapshots.publish(id, clock.instant());
      published = id;
      FreshnessFile.write(root, upstream.host(), start);
      return result(
          Outcome.SUCCESS,
          start,
          run.exitCode(),
          RsyncExitCode.explain(run.exitCode()),
          run.bytesReceived(),
          id,
          digests);
    } catch (IOException | RuntimeException e) {
      discardQuietly(id, published);
      return result(Outcome.ERROR, start, null, "sync failed: " + e, -1, published, digests);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discardQuietly(id, published);
      return result(Outcome.ERROR, start, null, "interrupted", -1, published, digests);
    } finally {
      prune();
    }
  }

  /**
   * Both stages, again while the indexes name packages the snapshot lacks (the upstream published
   * during the sync; a new pass transfers only what is new); after {@link #ATTEMPTS} passes the
   * snapshot is not published.
   */
  private RsyncRun transfer(Path target, Optional<Path> previous, Consumer<RsyncProgress> progress)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      RsyncRun run = stages(target, previous, progress);
      if (!run.succeeded()) {
        return run;
      }
      List<String> missing = IndexCompleteness.missing(target, 5);
      if (missing.isEmpty()) {
        return run;
      }
      if (attempt == ATTEMPTS) {
        throw new IOException(
            "after "
                + ATTEMPTS
                + " passes the upstream's indexes still name files it did"
                + " not send ("
                + String.join(", ", missing)
                + "); the served snapshot stays");
      }
      LOG.info(
          "the new indexes name {} and more that this sync lacks (the upstream published during it);"
              + " syncing again into the same snapshot",
          missing.get(0));
    }
  }

  /**
   * The upstream holds exactly the served snapshot: both stages' dry runs against it list no
   * change. Then the snapshot stays published as it is and only the freshness file moves to this
   * sync's start, which it may claim: every comparison ran after the start. This spares the no-op
   * sync (most of a mirror's syncs) a new hard-linked tree and the removal of the old one. Not with
   * {@code generateSiblings}: the siblings this node made are not upstream, so the dry run would
   * list them as deleted every time. Empty when anything would change or a dry run failed in a way
   * a real sync may survive (a vanished file); a refused connection fails the sync as a real one
   * would (not twice the connect timeout).
   */
  private Optional<SyncResult> unchanged(Instant start) {
    try {
      Optional<String> served = snapshots.currentId();
      if (served.isEmpty() || options.generateSiblings()) {
        return Optional.empty();
      }
      Path dir = snapshots.dir(served.get());
      // both dry runs at once: each costs mostly its connection and file list, and the answer
      // holds either way (a publication between them shows in the one that runs after it)
      var indexes =
          new FutureTask<>(() -> rsync.changes(upstream, dir, RsyncRunner.Stage.INDEXES, 3));
      Thread second = new Thread(indexes, "rsync-check-indexes");
      second.setDaemon(true);
      second.start();
      List<RsyncRunner.Check> checks = new ArrayList<>();
      checks.add(rsync.changes(upstream, dir, RsyncRunner.Stage.VERSIONED, 3));
      try {
        checks.add(indexes.get());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      }
      long bytes = 0;
      for (RsyncRunner.Check check : checks) {
        RsyncRun run = check.run();
        if (RsyncExitCode.stopsAnySync(run.exitCode())) {
          String message =
              RsyncExitCode.explain(run.exitCode())
                  + (run.diagnostics().isEmpty() ? "" : "; rsync said: " + run.diagnostics());
          return Optional.of(
              result(Outcome.RSYNC_FAILED, start, run.exitCode(), message, -1, null, Map.of()));
        }
        if (!check.unchanged()) {
          LOG.info("sync: the upstream changed ({}, ...); syncing a new snapshot", check.changes());
          return Optional.empty();
        }
        bytes = sum(bytes, run.bytesReceived());
      }
      Map<String, String> digests = IndexDigests.of(dir);
      FreshnessFile.write(root, upstream.host(), start);
      LOG.info("sync: the upstream is unchanged; snapshot {} stays published", served.get());
      return Optional.of(
          result(
              Outcome.SUCCESS, start, 0, UNCHANGED + served.get(), bytes, served.get(), digests));
    } catch (IOException | RuntimeException e) {
      LOG.info(
          "sync: could not compare with the upstream ({}); syncing a new snapshot", e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rsync.abort();
      return Optional.of(result(Outcome.ERROR, start, null, "interrupted", -1, null, Map.of()));
    }
  }

  /** Both stages of {@link RsyncRunner.Stage}; the second only when the first succeeded. */
  private RsyncRun stages(Path target, Optional<Path> previous, Consumer<RsyncProgress> progress)
      throws IOException, InterruptedException {
    RsyncRun files = rsync.run(upstream, target, previous, RsyncRunner.Stage.VERSIONED, progress);
    if (!files.succeeded()) {
      return files;
    }
    RsyncRun indexes = rsync.run(upstream, target, previous, RsyncRunner.Stage.INDEXES, progress);
    return new RsyncRun(
        indexes.succeeded() ? Math.max(files.exitCode(), indexes.exitCode()) : indexes.exitCode(),
        sum(files.bytesReceived(), indexes.bytesReceived()),
        sum(files.filesTransferred(), indexes.filesTransferred()),
        (files.diagnostics() + "\n" + indexes.diagnostics()).strip());
  }

  private static long sum(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  /**
   * Why a synced tree is in the layout before distri's real module (a {@code distri/} folder
   * holding the releases, which would be served at {@code /distri/distri/...}), or null.
   */
  static String oldLayout(Path tree) throws IOException {
    Path nested = tree.resolve("distri");
    if (!Files.isDirectory(nested) || Files.isSymbolicLink(nested)) {
      return null;
    }
    try (var tops = Files.list(nested)) {
      if (tops.noneMatch(top -> Files.isDirectory(top.resolve("pkg")))) {
        return null;
      }
    }
    return "the upstream module holds a distri/ folder with the releases in it (the old layout); "
        + "the node serves the module's root at /distri/, as distri's own module "
        + "rsync://repo-rsync.distr1.org/distri is laid out (<release>/, <commit>/, master): "
        + "point sync.upstream at that module, not at its parent; nothing was published";
  }

  /** Kills a running rsync (node stopping). */
  void abort() {
    rsync.abort();
  }

  private SyncResult result(
      Outcome outcome,
      Instant start,
      Integer exit,
      String message,
      long bytes,
      String snapshot,
      Map<String, String> digests) {
    return new SyncResult(
        outcome,
        start,
        clock.instant(),
        exit,
        message,
        bytes,
        snapshot,
        snapshot == null ? Map.of() : digests);
  }

  private void discardQuietly(String id, String published) {
    if (id == null || id.equals(published)) {
      return;
    }
    try {
      snapshots.discard(id);
    } catch (IOException e) {
      LOG.warn("could not remove unfinished snapshot {} (removed at next start)", id, e);
    }
  }

  private void prune() {
    try {
      snapshots.prune(clock.instant(), options.gracePeriod());
    } catch (IOException e) {
      LOG.warn("could not remove an old snapshot; retrying after the next sync", e);
    }
  }
}
