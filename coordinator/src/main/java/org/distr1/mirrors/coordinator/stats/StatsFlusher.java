package org.distr1.mirrors.coordinator.stats;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link DownloadCounter}'s counts once per interval, off the redirect path: one MERGE
 * for the counts and one for the files (split every {@link #CHUNK} rows), in one transaction. A
 * failed write keeps its rows for the next interval. What a killed coordinator loses is what it
 * counted since its last flush, at most one interval; a stopped one flushes on its way out.
 */
public final class StatsFlusher implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(StatsFlusher.class);

  /** Rows per statement: PostgreSQL takes at most 65,535 parameters in one. */
  static final int CHUNK = 1000;

  /** Rows kept for retry while the database is away; beyond, the oldest are given up. */
  private static final int MAX_PENDING = 200_000;

  private final DownloadCounter counter;
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration interval;
  private final Duration hourlyWindow;
  private final int topFiles;
  private final ScheduledExecutorService executor;
  private List<CountRow> pendingCounts = List.of();
  private List<FileRow> pendingFiles = List.of();
  private long intervalStart;
  private ScheduledFuture<?> task;

  /**
   * @param hourlyWindow how long hours are kept (see {@link StatsRetention}): an hour this old when
   *     it is finally written goes straight into its day
   */
  public StatsFlusher(
      DownloadCounter counter,
      Jdbi jdbi,
      Clock clock,
      Duration interval,
      Duration hourlyWindow,
      int topFiles,
      ScheduledExecutorService executor) {
    this.counter = counter;
    this.jdbi = jdbi;
    this.clock = clock;
    this.interval = interval;
    this.hourlyWindow = hourlyWindow;
    this.topFiles = topFiles;
    this.executor = executor;
    this.intervalStart = clock.instant().getEpochSecond();
  }

  @Override
  public void start() {
    long millis = interval.toMillis();
    task =
        executor.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (task != null) {
      task.cancel(false);
    }
    flushQuietly();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("download statistics not written (kept for the next interval): {}", e.toString());
    }
  }

  /**
   * Drains the counter and writes what it held, with whatever an earlier failed write left; throws
   * when the write fails (its rows are kept).
   */
  public synchronized void flush() {
    long now = clock.instant().getEpochSecond();
    // counts since the last flush belong to the hour in which that interval began
    long hour = Math.floorDiv(intervalStart, CountRow.HOUR) * CountRow.HOUR;
    long day = Math.floorDiv(intervalStart, CountRow.DAY) * CountRow.DAY;
    intervalStart = now;
    long oldestHour = now - hourlyWindow.toSeconds() + CountRow.HOUR;
    List<CountRow> counts = combine(pendingCounts, counter.drainCounts(hour), oldestHour);
    List<FileRow> files = combineFiles(pendingFiles, counter.drainFiles(day, topFiles));
    if (counts.isEmpty() && files.isEmpty()) {
      return;
    }
    try {
      jdbi.useTransaction(
          handle -> {
            StatsDao dao = handle.attach(StatsDao.class);
            for (int i = 0; i < counts.size(); i += CHUNK) {
              dao.addCounts(counts.subList(i, Math.min(counts.size(), i + CHUNK)));
            }
            for (int i = 0; i < files.size(); i += CHUNK) {
              dao.addFiles(files.subList(i, Math.min(files.size(), i + CHUNK)));
            }
          });
      pendingCounts = List.of();
      pendingFiles = List.of();
    } catch (RuntimeException e) {
      pendingCounts = newest(counts);
      pendingFiles = newest(files);
      throw e;
    }
  }

  /**
   * One row per key (MERGE may touch a row once per statement), in key order so that two
   * coordinators writing at once lock rows in the same order; hours older than the window go to
   * their day, as {@link StatsRetention} has folded that hour already or is about to.
   */
  static List<CountRow> combine(List<CountRow> earlier, List<CountRow> drained, long oldestHour) {
    Map<CountRow, Long> sums = new LinkedHashMap<>();
    for (List<CountRow> list : List.of(earlier, drained)) {
      for (CountRow row : list) {
        CountRow key =
            row.span() == CountRow.HOUR && row.bucket() < oldestHour
                ? new CountRow(
                    CountRow.DAY,
                    Math.floorDiv(row.bucket(), CountRow.DAY) * CountRow.DAY,
                    row.mirrorId(),
                    row.country(),
                    row.releaseName(),
                    row.reason(),
                    0)
                : new CountRow(
                    row.span(),
                    row.bucket(),
                    row.mirrorId(),
                    row.country(),
                    row.releaseName(),
                    row.reason(),
                    0);
        sums.merge(key, row.requests(), Long::sum);
      }
    }
    List<CountRow> rows = new ArrayList<>(sums.size());
    sums.forEach(
        (key, requests) ->
            rows.add(
                new CountRow(
                    key.span(),
                    key.bucket(),
                    key.mirrorId(),
                    key.country(),
                    key.releaseName(),
                    key.reason(),
                    requests)));
    rows.sort(CountRow.KEY_ORDER);
    return rows;
  }

  private static List<FileRow> combineFiles(List<FileRow> earlier, List<FileRow> drained) {
    Map<FileRow, Long> sums = new LinkedHashMap<>();
    for (List<FileRow> list : List.of(earlier, drained)) {
      for (FileRow row : list) {
        sums.merge(
            new FileRow(row.bucket(), row.releaseName(), row.path(), 0), row.requests(), Long::sum);
      }
    }
    List<FileRow> rows = new ArrayList<>(sums.size());
    sums.forEach(
        (key, requests) ->
            rows.add(new FileRow(key.bucket(), key.releaseName(), key.path(), requests)));
    rows.sort(
        java.util.Comparator.comparingLong(FileRow::bucket)
            .thenComparing(FileRow::releaseName)
            .thenComparing(FileRow::path));
    return rows;
  }

  private static <T> List<T> newest(List<T> rows) {
    if (rows.size() <= MAX_PENDING) {
      return rows;
    }
    LOG.warn(
        "download statistics: the database has been away too long, {} counts given up",
        rows.size() - MAX_PENDING);
    return List.copyOf(rows.subList(rows.size() - MAX_PENDING, rows.size()));
  }
}
