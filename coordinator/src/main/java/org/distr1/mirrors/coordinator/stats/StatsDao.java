package org.distr1.mirrors.coordinator.stats;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethodsList;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * {@code download_counts} and {@code download_files}. Writes add to what is there (MERGE, which H2
 * and PostgreSQL 15 both run), so every coordinator sharing the database adds its own counts.
 */
interface StatsDao {
  String COUNT_COLUMNS = "span, bucket, mirror_id, country, release_name, reason, requests";

  /** One statement for the whole batch; its rows must have distinct keys. */
  @SqlUpdate(
      """
      MERGE INTO download_counts t
      USING (VALUES <rows>) AS s(span, bucket, mirror_id, country, release_name, reason, requests)
      ON t.span = s.span AND t.bucket = s.bucket AND t.mirror_id = s.mirror_id
        AND t.country = s.country AND t.release_name = s.release_name AND t.reason = s.reason
      WHEN MATCHED THEN UPDATE SET requests = t.requests + s.requests
      WHEN NOT MATCHED THEN INSERT (span, bucket, mirror_id, country, release_name, reason, requests)
        VALUES (s.span, s.bucket, s.mirror_id, s.country, s.release_name, s.reason, s.requests)""")
  void addCounts(
      @BindMethodsList(
              value = "rows",
              methodNames = {
                "span",
                "bucket",
                "mirrorId",
                "country",
                "releaseName",
                "reason",
                "requests"
              })
          List<CountRow> rows);

  @SqlUpdate(
      """
      MERGE INTO download_files t
      USING (VALUES <rows>) AS s(bucket, release_name, path, requests)
      ON t.bucket = s.bucket AND t.release_name = s.release_name AND t.path = s.path
      WHEN MATCHED THEN UPDATE SET requests = t.requests + s.requests
      WHEN NOT MATCHED THEN INSERT (bucket, release_name, path, requests)
        VALUES (s.bucket, s.release_name, s.path, s.requests)""")
  void addFiles(
      @BindMethodsList(
              value = "rows",
              methodNames = {"bucket", "releaseName", "path", "requests"})
          List<FileRow> rows);

  /** Folds the hours before {@code before} into their days (added to what the days hold). */
  @SqlUpdate(
      """
      MERGE INTO download_counts t
      USING (SELECT 86400 AS span, bucket - MOD(bucket, 86400) AS day_start, mirror_id, country,
               release_name, reason, SUM(requests) AS requests
             FROM download_counts WHERE span = 3600 AND bucket < :before
             GROUP BY bucket - MOD(bucket, 86400), mirror_id, country, release_name, reason) s
      ON t.span = s.span AND t.bucket = s.day_start AND t.mirror_id = s.mirror_id
        AND t.country = s.country AND t.release_name = s.release_name AND t.reason = s.reason
      WHEN MATCHED THEN UPDATE SET requests = t.requests + s.requests
      WHEN NOT MATCHED THEN INSERT (span, bucket, mirror_id, country, release_name, reason, requests)
        VALUES (s.span, s.day_start, s.mirror_id, s.country, s.release_name, s.reason, s.requests)""")
  int foldHours(@Bind("before") long before);

  @SqlUpdate("DELETE FROM download_counts WHERE span = 3600 AND bucket < :before")
  int deleteHours(@Bind("before") long before);

  @SqlUpdate("DELETE FROM download_counts WHERE span = 86400 AND bucket < :before")
  int deleteDays(@Bind("before") long before);

  @SqlUpdate("DELETE FROM download_files WHERE bucket < :before")
  int deleteFiles(@Bind("before") long before);

  /**
   * Hours before {@code hoursBefore} become days; days and files before {@code daysBefore} go. One
   * transaction: a crash in between neither counts an hour twice nor loses it.
   */
  @Transaction
  default void expire(long hoursBefore, long daysBefore) {
    foldHours(hoursBefore);
    deleteHours(hoursBefore);
    deleteDays(daysBefore);
    deleteFiles(daysBefore);
  }

  /**
   * Requests per bucket of {@code step} seconds and per value of {@code by} (a column name chosen
   * by the resource, never the caller's text); hour buckets fold into days, days never split.
   */
  @SqlQuery(
      """
      SELECT c.bucket - MOD(c.bucket, <step>) AS bucket_start, <by> AS series_key, SUM(c.requests) AS requests
      FROM download_counts c
      WHERE c.span <= <step> AND c.bucket >= :from AND c.bucket < :to
        AND (CAST(:mirror AS BIGINT) IS NULL OR c.mirror_id = :mirror)
        AND (CAST(:country AS VARCHAR(2)) IS NULL OR c.country = :country)
        AND (CAST(:release AS VARCHAR(100)) IS NULL OR c.release_name = :release)
      GROUP BY c.bucket - MOD(c.bucket, <step>), <by>
      ORDER BY 1, 2""")
  @RegisterConstructorMapper(SeriesRow.class)
  List<SeriesRow> series(
      @Define("step") int step,
      @Define("by") String column,
      @Bind("from") long from,
      @Bind("to") long to,
      @Bind("mirror") Long mirror,
      @Bind("country") String country,
      @Bind("release") String release);

  @SqlQuery(
      """
      SELECT release_name, path, SUM(requests) AS requests FROM download_files
      WHERE bucket >= :from AND bucket < :to
        AND (CAST(:release AS VARCHAR(100)) IS NULL OR release_name = :release)
      GROUP BY release_name, path
      ORDER BY 3 DESC, 2
      LIMIT :limit""")
  @RegisterConstructorMapper(StatsAnswer.FileCount.class)
  List<StatsAnswer.FileCount> topFiles(
      @Bind("from") long from,
      @Bind("to") long to,
      @Bind("release") String release,
      @Bind("limit") int limit);

  @SqlQuery("SELECT id, name FROM mirrors")
  @KeyColumn("id")
  @ValueColumn("name")
  Map<Long, String> mirrorNames();

  /** One bucket's requests for one value of the grouping column. */
  record SeriesRow(long bucketStart, String seriesKey, long requests) {}
}
