package org.distr1.mirrors.coordinator.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts repository requests in memory, on the redirect path: per mirror, client country and
 * release, and per file. A request costs two map lookups and two {@link LongAdder} increments; the
 * key's strings are the routing snapshot's, GeoIP's and {@link Releases}' own, so nothing but the
 * small key is allocated. {@link StatsFlusher} drains the counts into the database in batches.
 *
 * <p>Counters are never removed: {@link LongAdder#sumThenReset()} hands each count to exactly one
 * drain even while requests go on, and removing an entry could lose an increment in flight. The key
 * space is bounded instead: mirrors × countries × {@link Releases} × reasons, and files by the
 * origin index (only files the origin has are counted per file).
 */
public final class DownloadCounter {
  /** Counts nothing: statistics switched off. */
  public static final DownloadCounter OFF = new DownloadCounter(new Releases(0), false);

  private record Key(long mirrorId, String country, String release, OriginReason reason) {}

  private final Releases releases;
  private final boolean enabled;
  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> files = new ConcurrentHashMap<>();

  public DownloadCounter(Releases releases) {
    this(releases, true);
  }

  private DownloadCounter(Releases releases, boolean enabled) {
    this.releases = releases;
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * A redirect of {@code path} (the origin index's own string, {@code distri/<release>/...}) to
   * mirror {@code mirrorId}.
   */
  public void redirected(long mirrorId, String country, String path) {
    if (enabled) {
      add(new Key(mirrorId, orEmpty(country), releases.of(path), null));
      add(files, path);
    }
  }

  /**
   * The origin answered {@code path} itself; {@code indexed}: the path is the origin index's file
   * (counted per file too), false for one the origin lacks.
   */
  public void fromOrigin(OriginReason reason, String country, String path, boolean indexed) {
    if (enabled) {
      add(new Key(0, orEmpty(country), releases.of(path), reason));
      if (indexed) {
        add(files, path);
      }
    }
  }

  private void add(Key key) {
    LongAdder adder = counts.get(key);
    if (adder == null) {
      adder = counts.computeIfAbsent(key, ignored -> new LongAdder());
    }
    adder.increment();
  }

  private static void add(Map<String, LongAdder> map, String key) {
    LongAdder adder = map.get(key);
    if (adder == null) {
      adder = map.computeIfAbsent(key, ignored -> new LongAdder());
    }
    adder.increment();
  }

  private static String orEmpty(String country) {
    return country == null || country.length() != 2 ? "" : country;
  }

  /** Takes every count so far into rows of the hour bucket {@code hour} (epoch seconds). */
  List<CountRow> drainCounts(long hour) {
    List<CountRow> rows = new ArrayList<>();
    counts.forEach(
        (key, adder) -> {
          long requests = adder.sumThenReset();
          if (requests > 0) {
            rows.add(
                new CountRow(
                    CountRow.HOUR,
                    hour,
                    key.mirrorId(),
                    key.country(),
                    key.release(),
                    key.reason() == null ? "" : key.reason().wireName(),
                    requests));
          }
        });
    return rows;
  }

  /** Takes every file's count so far, most requested first, at most {@code limit} of them. */
  List<FileRow> drainFiles(long day, int limit) {
    List<FileRow> rows = new ArrayList<>();
    files.forEach(
        (path, adder) -> {
          long requests = adder.sumThenReset();
          if (requests > 0) {
            rows.add(new FileRow(day, releases.of(path), path, requests));
          }
        });
    rows.sort(
        java.util.Comparator.comparingLong(FileRow::requests)
            .reversed()
            .thenComparing(FileRow::path));
    return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
  }
}
