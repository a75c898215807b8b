package org.distr1.mirrors.coordinator.registry;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The latest result of each verification check per mirror. */
@RegisterConstructorMapper(CheckRow.class)
interface CheckDao {

  @SqlUpdate("DELETE FROM mirror_checks WHERE mirror_id = :id")
  void deleteFor(@Bind("id") long mirrorId);

  @SqlBatch(
      """
      INSERT INTO mirror_checks (mirror_id, check_name, passed, reason, checked_at)
      VALUES (:mirrorId, :checkName, :passed, :reason, :checkedAt)
      """)
  void insert(@BindMethods List<CheckRow> rows);

  @SqlQuery(
      """
      SELECT mirror_id, check_name, passed, reason, checked_at FROM mirror_checks
      WHERE mirror_id = :id ORDER BY check_name
      """)
  List<CheckRow> forMirror(@Bind("id") long mirrorId);

  @SqlQuery(
      "SELECT mirror_id, check_name, passed, reason, checked_at FROM mirror_checks ORDER BY mirror_id, check_name")
  List<CheckRow> all();
}
