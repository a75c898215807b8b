package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A regional coordinator's origin: the index the coordinator beside the tree writes ({@link
 * OriginIndexWriter}), read from this coordinator's database (a streaming replica) whenever the
 * replica has replayed more (the cluster's resync), only the rows written since the last read. The
 * index and the mirrors' reports and probe results come from the same replica, so routing combines
 * them as the primary saw them at one moment; how old that moment is, is the age of the writer's
 * last confirmation. Beyond {@code maxStaleness} the view is not {@link #fresh()}: requests go to
 * the primary.
 */
public final class ReplicatedOrigin implements Origin, Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedOrigin.class);

  private final Jdbi jdbi;
  private final URI primary;
  private final Duration maxStaleness;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, OriginFile> files = new HashMap<>();
  private long version = -1;
  private volatile OriginTree tree = OriginTree.EMPTY;
  private volatile long confirmedAtMillis = Long.MIN_VALUE;

  public ReplicatedOrigin(Jdbi jdbi, URI primary, Duration maxStaleness, Clock clock) {
    this.jdbi = jdbi;
    this.primary = primary;
    this.maxStaleness = maxStaleness;
    this.clock = clock;
  }

  /** The primary coordinator's public URL: the origin for whatever no mirror may serve. */
  public URI primary() {
    return primary;
  }

  @Override
  public OriginTree current() {
    return tree;
  }

  @Override
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * A mirror holding the content a snapshot names may serve it while the index is fresh and still
   * names that content: a read may already know newer content than the snapshot asking (its rebuild
   * follows a moment later), which is a change too.
   */
  @Override
  public boolean unchanged(OriginFile file) {
    return fresh() && file.equals(tree.get(file.path()));
  }

  /** Whether the index was confirmed by its writer within {@code maxStaleness} (by this clock). */
  public boolean fresh() {
    long confirmed = confirmedAtMillis;
    return confirmed != Long.MIN_VALUE && clock.millis() - confirmed <= maxStaleness.toMillis();
  }

  /** How old the writer's last confirmation is, null before the first read. */
  public Duration age() {
    long confirmed = confirmedAtMillis;
    return confirmed == Long.MIN_VALUE ? null : Duration.ofMillis(clock.millis() - confirmed);
  }

  /** Reads once before start-up completes (when the database answers). */
  @Override
  public void start() {
    read();
  }

  @Override
  public void stop() {}

  private record Read(IndexState state, List<OriginFile> changed, List<String> paths) {}

  /** One read: the state row and the rows written since the last read, in one snapshot. */
  public synchronized void read() {
    Read read;
    try {
      read =
          jdbi.inTransaction(
              TransactionIsolationLevel.REPEATABLE_READ,
              handle -> {
                OriginIndexDao dao = handle.attach(OriginIndexDao.class);
                IndexState state = dao.state();
                if (state.version() == version) {
                  return new Read(state, List.of(), null);
                }
                List<OriginFile> changed = dao.changed(version, state.version());
                // a count that does not match says paths vanished: only then list them
                long known = files.size();
                for (OriginFile file : changed) {
                  if (!files.containsKey(file.path())) {
                    known++;
                  }
                }
                return new Read(state, changed, known == state.files() ? null : dao.paths());
              });
    } catch (RuntimeException e) {
      LOG.warn("origin index not read from the database: {}", e.toString());
      return;
    }
    boolean changed = !read.changed().isEmpty() || read.paths() != null;
    read.changed().forEach(file -> files.put(file.path(), file));
    if (read.paths() != null) {
      files.keySet().retainAll(new HashSet<>(read.paths()));
    }
    version = read.state().version();
    if (changed) {
      tree = OriginTree.of(files.values());
    }
    confirmedAtMillis = read.state().confirmedAtMillis();
    if (changed) {
      for (Runnable listener : listeners) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.error("origin change listener failed", e);
        }
      }
    }
  }
}
