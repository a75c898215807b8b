package org.distr1.mirrors.coordinator.origin;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches (inotify, through the JDK's {@link WatchService}) every directory of the origin tree that
 * a scan walked, for {@link OriginIndex}. Nothing depends on it being complete: a directory it
 * could not watch (the watch limit, a race with its creation) is still rescanned every interval.
 */
final class TreeWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TreeWatch.class);

  /** The files of one publication arrive together: one rescan after they settle. */
  private static final long SETTLE_MILLIS = 20;

  private static final long MAX_SETTLE_MILLIS = 200;

  /** How often a wait looks whether a rescan was asked for by other means. */
  private static final long SLICE_MILLIS = 50;

  private final Path root;
  private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
  private final AtomicBoolean poked = new AtomicBoolean();
  private volatile WatchService service;
  private boolean warned;

  TreeWatch(Path root) {
    this.root = root;
  }

  void open() {
    try {
      service = root.getFileSystem().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn(
          "origin tree {} cannot be watched ({}); it is rescanned every interval only",
          root,
          e.toString());
    }
  }

  /** Watches a directory, unless it is watched already. */
  void register(Path dir) {
    WatchService watching = service;
    WatchKey known = keys.get(dir);
    if (watching == null || known != null && known.isValid()) {
      return;
    }
    try {
      keys.put(dir, dir.register(watching, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
    } catch (IOException | ClosedWatchServiceException e) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "origin directory {} not watched ({}); changes there are seen at the next rescan",
            dir,
            e.toString());
      }
    }
  }

  /** Ends the current wait early: something else saw a change. */
  void poke() {
    poked.set(true);
  }

  /** Returns once a change was seen and settled, after {@link #poke}, or after {@code timeout}. */
  void awaitChange(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!poked.getAndSet(false)) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return;
      }
      WatchService watching = service;
      if (watching == null) {
        Thread.sleep(Math.min(left, SLICE_MILLIS));
        continue;
      }
      try {
        WatchKey key = watching.poll(Math.min(left, SLICE_MILLIS), TimeUnit.MILLISECONDS);
        if (key != null) {
          settle(watching, key);
          return;
        }
      } catch (ClosedWatchServiceException e) {
        return;
      }
    }
  }

  /** Takes the events of a burst, briefly, so that one rescan sees the whole of it. */
  private static void settle(WatchService watching, WatchKey first) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_SETTLE_MILLIS);
    for (WatchKey key = first;
        key != null && System.nanoTime() < until;
        key = watching.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
      key.pollEvents(); // what changed is the rescan's to find out; overflow included
      key.reset();
    }
  }

  @Override
  public void close() {
    WatchService watching = service;
    service = null;
    if (watching != null) {
      try {
        watching.close();
      } catch (IOException e) {
        LOG.debug("closing the origin watch", e);
      }
    }
  }
}
