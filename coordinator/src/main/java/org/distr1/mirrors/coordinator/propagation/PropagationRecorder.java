package org.distr1.mirrors.coordinator.propagation;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.registry.MirrorLifecycleListener;
import org.distr1.mirrors.coordinator.registry.MirrorRecord;
import org.distr1.mirrors.coordinator.registry.ReportListener;
import org.distr1.mirrors.coordinator.registry.RoutableMirror;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how long each origin change took to reach each mirror: the origin's section indexes as
 * the scanner sees them change, and for every mirror the first stored report whose index digest is
 * that change's (or a newer one's: a mirror that skipped a change caught up with it then too).
 * Every coordinator hears every stored report ({@link ReportListener}, the others' too); this is a
 * once-per-network job, so only the leader keeps the state and writes it, in batches every {@code
 * flushInterval} (a report is never a write of its own).
 *
 * <p>A sample needs the mirror to have been seen behind: one whose first report (since this leader
 * started) already holds the newest change gives none, because when it caught up is not known. A
 * mirror that caught up while no coordinator ran is dated at its first report after.
 */
public final class PropagationRecorder implements Managed, ReportListener, MirrorLifecycleListener {
  private static final Logger LOG = LoggerFactory.getLogger(PropagationRecorder.class);
  private static final long EXPIRE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

  private final Jdbi jdbi;
  private final Supplier<OriginTree> origin;
  private final Clock clock;
  private final Duration retention;
  private final int maxChangesPerIndex;
  private final Duration flushInterval;
  private final ScheduledExecutorService executor;

  // guarded by this
  private boolean running;
  private boolean live;
  private long expiredAt;
  private ScheduledFuture<?> task;

  /** index key → its changes, oldest first, within the retention and the cap. */
  private final Map<String, List<OriginChange>> changes = new HashMap<>();

  /** mirror → index key → the change time of the newest change it holds, as last heard. */
  private final Map<Long, Map<String, Long>> held = new HashMap<>();

  private final List<OriginChange> added = new ArrayList<>();
  private final Map<String, OriginChange> ended = new HashMap<>();
  private final List<Lag> lags = new ArrayList<>();

  public PropagationRecorder(
      Jdbi jdbi,
      Supplier<OriginTree> origin,
      Clock clock,
      Duration retention,
      int maxChangesPerIndex,
      Duration flushInterval,
      ScheduledExecutorService executor) {
    this.jdbi = jdbi;
    this.origin = origin;
    this.clock = clock;
    this.retention = retention;
    this.maxChangesPerIndex = maxChangesPerIndex;
    this.flushInterval = flushInterval;
    this.executor = executor;
  }

  /** Takes up where the previous leader left off, then looks at the origin as it is now. */
  @Override
  public synchronized void start() {
    long now = clock.millis();
    jdbi.useExtension(
        PropagationDao.class,
        dao -> {
          for (OriginChange change : dao.changesSince(now - retention.toMillis())) {
            changes.computeIfAbsent(change.indexKey(), k -> new ArrayList<>()).add(change);
          }
          for (Lag newest : dao.newestCaughtUp()) {
            held.computeIfAbsent(newest.mirrorId(), id -> new HashMap<>())
                .put(newest.indexKey(), newest.changedAtMillis());
          }
        });
    running = true;
    live = false;
    originChanged();
    live = true;
    expiredAt = now;
    long every = flushInterval.toMillis();
    task = executor.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Writes what is pending and forgets the rest: the next leader reads it back. */
  @Override
  public void stop() {
    synchronized (this) {
      if (task != null) {
        task.cancel(false);
        task = null;
      }
    }
    flushQuietly();
    synchronized (this) {
      running = false;
      changes.clear();
      held.clear();
      added.clear();
      ended.clear();
      lags.clear();
    }
  }

  /** The origin tree changed (the scanner's thread). */
  public synchronized void originChanged() {
    if (!running) {
      return;
    }
    long now = clock.millis();
    Map<String, OriginFile> indexes = indexes(origin.get());
    for (Map.Entry<String, OriginFile> index : indexes.entrySet()) {
      String digest = ReleaseIndex.bareHex(index.getValue().digest());
      if (digest == null) {
        continue;
      }
      List<OriginChange> list = changes.computeIfAbsent(index.getKey(), k -> new ArrayList<>());
      OriginChange last = list.isEmpty() ? null : list.get(list.size() - 1);
      if (last != null && last.current() && last.digest().equals(digest)) {
        continue;
      }
      // the file's ctime is when its bytes arrived, possibly well before a branch link moved to
      // it; a change seen as it happens is dated now
      long at = index.getValue().appearedAtMillis();
      if (live && last != null && last.current()) {
        at = Math.max(at, now);
      }
      if (last != null) {
        at = Math.max(at, last.changedAtMillis() + 1);
        if (last.current()) {
          end(list, list.size() - 1, at);
        }
      }
      OriginChange change = new OriginChange(index.getKey(), at, digest, null);
      list.add(change);
      added.add(change);
      while (list.size() > maxChangesPerIndex) {
        list.remove(0); // the database keeps it until the retention: only this memory is capped
      }
    }
    for (Map.Entry<String, List<OriginChange>> known : changes.entrySet()) {
      List<OriginChange> list = known.getValue();
      if (!indexes.containsKey(known.getKey())
          && !list.isEmpty()
          && list.get(list.size() - 1).current()) {
        end(list, list.size() - 1, Math.max(now, list.get(list.size() - 1).changedAtMillis()));
      }
    }
  }

  private void end(List<OriginChange> list, int i, long at) {
    OriginChange old = list.get(i);
    OriginChange done = new OriginChange(old.indexKey(), old.changedAtMillis(), old.digest(), at);
    list.set(i, done);
    added.replaceAll(c -> c.equals(old) ? done : c);
    ended.put(done.indexKey() + "@" + done.changedAtMillis(), done);
  }

  /** Reports stored here or by another coordinator (the report writer's or cluster's thread). */
  @Override
  public synchronized void reportsStored(Map<Long, RoutableMirror.LastReport> latest) {
    if (!running) {
      return;
    }
    for (Map.Entry<Long, RoutableMirror.LastReport> report : latest.entrySet()) {
      long at = report.getValue().receivedAt().toEpochMilli();
      for (Map.Entry<String, String> index : report.getValue().indexDigests().entrySet()) {
        heard(report.getKey(), index.getKey(), index.getValue(), at);
      }
    }
  }

  private void heard(long mirror, String key, String digest, long at) {
    List<OriginChange> list = changes.get(key);
    if (list == null || list.isEmpty()) {
      return;
    }
    int match = -1;
    for (int i = list.size() - 1; i >= 0; i--) {
      if (list.get(i).digest().equals(digest)) {
        match = i;
        break;
      }
    }
    Map<String, Long> mine = held.computeIfAbsent(mirror, id -> new HashMap<>());
    Long before = mine.get(key);
    if (match < 0) {
      // an index older than any change kept: behind the newest one, at least
      if (before == null) {
        mine.put(
            key, list.size() > 1 ? list.get(list.size() - 2).changedAtMillis() : Long.MIN_VALUE);
      }
      return;
    }
    long holds = list.get(match).changedAtMillis();
    if (before != null && holds > before) {
      for (OriginChange change : list.subList(0, match + 1)) {
        if (change.changedAtMillis() > before) {
          lags.add(
              new Lag(
                  mirror, key, change.changedAtMillis(), Math.max(at, change.changedAtMillis())));
        }
      }
    }
    if (before == null || holds > before) {
      mine.put(key, holds);
    }
  }

  @Override
  public synchronized void removed(MirrorRecord mirror) {
    held.remove(mirror.id());
    lags.removeIf(lag -> lag.mirrorId() == mirror.id());
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("propagation samples not written (tried again later): {}", e.toString());
    }
  }

  /** Writes the pending changes and samples in one transaction; on failure they stay pending. */
  public void flush() {
    List<OriginChange> newChanges;
    List<OriginChange> endedChanges;
    List<Lag> newLags;
    boolean expire;
    long now = clock.millis();
    synchronized (this) {
      newChanges = List.copyOf(added);
      endedChanges = List.copyOf(ended.values());
      newLags = List.copyOf(lags);
      added.clear();
      ended.clear();
      lags.clear();
      expire = running && now - expiredAt >= EXPIRE_EVERY_MILLIS;
    }
    try {
      if (!newChanges.isEmpty() || !endedChanges.isEmpty() || !newLags.isEmpty()) {
        jdbi.useExtension(
            PropagationDao.class, dao -> dao.write(newChanges, endedChanges, newLags));
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        added.addAll(0, newChanges);
        endedChanges.forEach(c -> ended.putIfAbsent(c.indexKey() + "@" + c.changedAtMillis(), c));
        lags.addAll(0, newLags);
      }
      throw e;
    }
    if (expire) {
      expire(now);
    }
  }

  /** Drops what is older than the retention, in the database and here. */
  public void expire(long now) {
    long before = now - retention.toMillis();
    jdbi.useExtension(PropagationDao.class, dao -> dao.expire(before));
    synchronized (this) {
      expiredAt = now;
      changes
          .values()
          .forEach(
              list -> list.removeIf(c -> c.endedAtMillis() != null && c.endedAtMillis() < before));
      changes.values().removeIf(List::isEmpty);
      held.values().forEach(mine -> mine.keySet().retainAll(changes.keySet()));
    }
  }

  /** The section indexes of the tree, by the key nodes report them under. */
  static Map<String, OriginFile> indexes(OriginTree tree) {
    Map<String, OriginFile> indexes = new TreeMap<>();
    for (OriginFile file : tree.files()) {
      String key = ReleaseIndex.releaseOf(file.path());
      if (key != null && file.mutable()) {
        indexes.put(key, file);
      }
    }
    return indexes;
  }
}
