package org.distr1.mirrors.coordinator.propagation;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** {@code origin_changes} and {@code propagation_lags}; only the recorder writes. */
interface PropagationDao {

  /** Inserts what is not there yet: a change told twice (a lease moved meanwhile) stays one row. */
  @SqlBatch(
      """
      INSERT INTO origin_changes (index_key, changed_at, digest, ended_at)
      SELECT :indexKey, :changedAtMillis, :digest, :endedAtMillis
      WHERE NOT EXISTS (SELECT 1 FROM origin_changes c
                        WHERE c.index_key = :indexKey AND c.changed_at = :changedAtMillis)""")
  void insertChanges(@BindMethods List<OriginChange> changes);

  @SqlBatch(
      """
      UPDATE origin_changes SET ended_at = :endedAtMillis
      WHERE index_key = :indexKey AND changed_at = :changedAtMillis""")
  void endChanges(@BindMethods List<OriginChange> changes);

  /** A removed mirror's samples are not inserted (its rows went with it). */
  @SqlBatch(
      """
      INSERT INTO propagation_lags (mirror_id, index_key, changed_at, caught_up_at)
      SELECT m.id, :indexKey, :changedAtMillis, :caughtUpAtMillis FROM mirrors m
      WHERE m.id = :mirrorId
        AND NOT EXISTS (SELECT 1 FROM propagation_lags l WHERE l.mirror_id = :mirrorId
                        AND l.index_key = :indexKey AND l.changed_at = :changedAtMillis)""")
  void insertLags(@BindMethods List<Lag> lags);

  @Transaction
  default void write(List<OriginChange> added, List<OriginChange> ended, List<Lag> lags) {
    if (!added.isEmpty()) {
      insertChanges(added);
    }
    if (!ended.isEmpty()) {
      endChanges(ended);
    }
    if (!lags.isEmpty()) {
      insertLags(lags);
    }
  }

  @SqlQuery(
      """
      SELECT index_key, changed_at AS changed_at_millis, digest, ended_at AS ended_at_millis
      FROM origin_changes WHERE changed_at >= :from OR ended_at IS NULL
      ORDER BY index_key, changed_at""")
  @RegisterConstructorMapper(OriginChange.class)
  List<OriginChange> changesSince(@Bind("from") long fromMillis);

  @SqlQuery(
      """
      SELECT mirror_id, index_key, changed_at AS changed_at_millis,
        caught_up_at AS caught_up_at_millis
      FROM propagation_lags WHERE changed_at >= :from
      ORDER BY mirror_id, index_key, changed_at""")
  @RegisterConstructorMapper(Lag.class)
  List<Lag> lagsSince(@Bind("from") long fromMillis);

  /** Per mirror and index, the newest change it caught up with: where a new leader goes on. */
  @SqlQuery(
      """
      SELECT mirror_id, index_key, MAX(changed_at) AS changed_at_millis,
        MAX(caught_up_at) AS caught_up_at_millis
      FROM propagation_lags GROUP BY mirror_id, index_key""")
  @RegisterConstructorMapper(Lag.class)
  List<Lag> newestCaughtUp();

  /** Ended changes and samples older than the retention go; a current change stays. */
  @Transaction
  default void expire(long beforeMillis) {
    deleteLags(beforeMillis);
    deleteChanges(beforeMillis);
  }

  @SqlUpdate("DELETE FROM propagation_lags WHERE changed_at < :before")
  int deleteLags(@Bind("before") long beforeMillis);

  @SqlUpdate(
      "DELETE FROM origin_changes WHERE changed_at < :before AND ended_at IS NOT NULL"
          + " AND ended_at < :before")
  int deleteChanges(@Bind("before") long beforeMillis);
}
