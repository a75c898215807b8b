package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin's master tree as routing sees it, published as an immutable {@link OriginTree}, with
 * listeners told when anything changed. Rescanned as soon as the tree's directories report a change
 * (inotify, through a {@link WatchService}), and every {@code rescanInterval} whatever they report:
 * a watch misses events on overflow or in directories it could not register, a pass over tens of
 * thousands of files is a few hundred stat calls per millisecond. Between a change and the rescan
 * that sees it, {@link #unchanged} tells the redirector that a mutable file is no longer what
 * routing knows. Runs on {@code executor}, which the caller owns (in the application, Dropwizard's
 * lifecycle).
 */
public final class OriginIndex implements Origin, Managed {
  private static final Logger LOG = LoggerFactory.getLogger(OriginIndex.class);

  private final OriginScanner scanner;
  private final Path root;
  private final Duration rescanInterval;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, OriginScanner.Entry> entries = Map.of();
  private volatile OriginTree tree = OriginTree.EMPTY;
  private final ScheduledExecutorService executor;
  private final TreeWatch watch;
  private final AtomicBoolean rescanAsked = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile ScheduledFuture<?> rescans;

  public OriginIndex(Path root, Duration rescanInterval, ScheduledExecutorService executor) {
    this.scanner = new OriginScanner(root);
    this.root = root;
    this.rescanInterval = rescanInterval;
    this.executor = executor;
    this.watch = new TreeWatch(root);
  }

  /** Called after every rescan that changed the tree, on the scanning thread. */
  @Override
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public OriginTree current() {
    return tree;
  }

  /** The master tree's directory, for reading a file's bytes. */
  public Path root() {
    return root;
  }

  /** Scans once before start-up completes, so the first requests already see the tree. */
  @Override
  public void start() {
    watch.open();
    rescan();
    rescans = executor.schedule(this::watchAndRescan, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    stopped = true;
    if (rescans != null) {
      rescans.cancel(true);
    }
    watch.close();
  }

  /** Waits for a change or the interval, rescans, and schedules itself again. */
  private void watchAndRescan() {
    try {
      watch.awaitChange(rescanInterval);
      rescanAsked.set(false);
      rescan();
    } catch (InterruptedException e) {
      return; // stopping
    } catch (RuntimeException e) {
      LOG.warn("origin tree {}: watching failed: {}", root, e.toString());
    }
    if (!stopped && !executor.isShutdown()) {
      rescans = executor.schedule(this::watchAndRescan, 0, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Whether {@code file} (as a routing snapshot knows it) is still the one on disk: the last scan
   * saw it so, and it has the same inode, size and ctime now (following symlinks, as a client's
   * request does). One {@code stat}, for the redirect path: a file changed since the scan goes to
   * the origin until a rescan has seen it. A changed file also asks for that rescan at once.
   */
  @Override
  public boolean unchanged(OriginFile file) {
    OriginScanner.Entry seen = entries.get(file.path());
    boolean same;
    try {
      Map<String, Object> now =
          Files.readAttributes(file.resolveIn(root), "unix:ctime,fileKey,size");
      // a rescan may already know newer content than the snapshot asking: that is a change too
      same =
          seen != null
              && seen.file().equals(file)
              && seen.changed() == OriginScanner.nanos((FileTime) now.get("ctime"))
              && java.util.Objects.equals(seen.inode(), now.get("fileKey"))
              && ((Long) now.get("size")) == seen.file().size();
    } catch (IOException | UnsupportedOperationException e) {
      same = false; // gone, or no longer readable: the origin answers as it can
    }
    if (!same && rescanAsked.compareAndSet(false, true)) {
      watch.poke();
    }
    return same;
  }

  /** Rescans now; returns true when the tree changed. */
  public synchronized boolean rescan() {
    Map<String, OriginScanner.Entry> scanned;
    try {
      scanned = scanner.scan(entries, watch::register);
    } catch (IOException | RuntimeException e) {
      LOG.warn("origin tree {} not scanned: {}; keeping the previous view", root, e.toString());
      return false;
    }
    if (sameFiles(scanned, entries)) {
      entries = scanned;
      return false;
    }
    entries = scanned;
    tree = OriginTree.of(scanned.values().stream().map(OriginScanner.Entry::file).toList());
    LOG.debug("origin tree {} now holds {} files", root, tree.size());
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.error("origin change listener failed", e);
      }
    }
    return true;
  }

  /**
   * Whether both scans saw the same files, compared in place: a map of each scan's files was two
   * more maps of every path, each rescan (about 30 MB at 300,000 paths).
   */
  private static boolean sameFiles(
      Map<String, OriginScanner.Entry> scanned, Map<String, OriginScanner.Entry> before) {
    if (scanned.size() != before.size()) {
      return false;
    }
    for (Map.Entry<String, OriginScanner.Entry> entry : scanned.entrySet()) {
      OriginScanner.Entry old = before.get(entry.getKey());
      if (old == null || !old.file().equals(entry.getValue().file())) {
        return false;
      }
    }
    return true;
  }
}
