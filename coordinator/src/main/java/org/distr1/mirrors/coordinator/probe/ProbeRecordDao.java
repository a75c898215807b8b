package org.distr1.mirrors.coordinator.probe;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** {@code probe_states}: one row per probed mirror, replaced as a whole after each round. */
@RegisterConstructorMapper(ProbeRecord.class)
interface ProbeRecordDao {
  @SqlQuery(
      """
      SELECT mirror_id, up, failures, successes, freshness, probed_at, last_failure
      FROM probe_states ORDER BY mirror_id""")
  List<ProbeRecord> all();

  @SqlUpdate("DELETE FROM probe_states")
  void deleteAll();

  @SqlBatch(
      """
      INSERT INTO probe_states (mirror_id, up, failures, successes, freshness, probed_at, last_failure)
      VALUES (:r.mirrorId, :r.up, :r.failures, :r.successes, :r.freshness, :r.probedAt, :r.lastFailure)""")
  void insert(@BindMethods("r") List<ProbeRecord> records);

  /** One transaction per round: a crash keeps the previous round's rows, never half of a round. */
  @Transaction
  default void replace(List<ProbeRecord> records) {
    deleteAll();
    insert(records);
  }
}
