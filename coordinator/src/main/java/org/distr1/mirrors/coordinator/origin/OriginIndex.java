package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin's master tree as routing sees it: rescanned periodically (a pass over tens of
 * thousands of files is a few hundred stat calls per millisecond, cheaper and simpler than a
 * recursive WatchService that misses events on overflow), published as an immutable
 * {@link OriginTree}, with listeners told when anything changed. Rescans run on
 * {@code executor}, which the caller owns (in the application, Dropwizard's lifecycle).
 */
public final class OriginIndex implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(OriginIndex.class);

  private final OriginScanner scanner;
  private final Path root;
  private final Duration rescanInterval;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, OriginScanner.Entry> entries = Map.of();
  private volatile OriginTree tree = OriginTree.EMPTY;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> rescans;

  public OriginIndex(Path root, Set<String> mutableNames, Duration rescanInterval,
      ScheduledExecutorService executor) {
    this.scanner = new OriginScanner(root, mutableNames);
    this.root = root;
    this.rescanInterval = rescanInterval;
    this.executor = executor;
  }

  /** Called after every rescan that changed the tree, on the scanning thread. */
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

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
    rescan();
    long millis = rescanInterval.toMillis();
    rescans = executor.scheduleWithFixedDelay(this::rescan, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (rescans != null) {
      rescans.cancel(true);
    }
  }

  /** Rescans now; returns true when the tree changed. */
  public synchronized boolean rescan() {
    Map<String, OriginScanner.Entry> scanned;
    try {
      scanned = scanner.scan(entries);
    } catch (IOException | RuntimeException e) {
      LOG.warn("origin tree {} not scanned: {}; keeping the previous view", root, e.toString());
      return false;
    }
    if (files(scanned).equals(files(entries))) {
      entries = scanned;
      return false;
    }
    entries = scanned;
    tree = OriginTree.of(files(scanned).values());
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

  private static Map<String, OriginFile> files(Map<String, OriginScanner.Entry> entries) {
    return entries.values().stream().map(OriginScanner.Entry::file)
        .collect(Collectors.toMap(OriginFile::path, f -> f));
  }
}
