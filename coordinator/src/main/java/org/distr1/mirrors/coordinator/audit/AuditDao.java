package org.distr1.mirrors.coordinator.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AuditEntry.class)
interface AuditDao {

  @SqlUpdate(
      """
      INSERT INTO audit_log (at, actor, action, subject, before_json, after_json)
      VALUES (:at, :actor, :action, :subject, :before, :after)
      """)
  void insert(
      @Bind("at") Instant at,
      @Bind("actor") String actor,
      @Bind("action") String action,
      @Bind("subject") String subject,
      @Bind("before") String before,
      @Bind("after") String after);

  @SqlQuery(
      """
      SELECT id, at, actor, action, subject, before_json AS before, after_json AS after
      FROM audit_log
      WHERE id < :beforeId AND (:subject IS NULL OR subject = :subject)
      ORDER BY id DESC
      FETCH FIRST :limit ROWS ONLY
      """)
  List<AuditEntry> page(
      @Bind("subject") String subject, @Bind("beforeId") long beforeId, @Bind("limit") int limit);
}
