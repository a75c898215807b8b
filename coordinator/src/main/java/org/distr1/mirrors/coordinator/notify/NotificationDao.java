package org.distr1.mirrors.coordinator.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** {@code mirror_notifications}, {@code notification_events}, {@code notification_digest}. */
interface NotificationDao {

  /** One change of one mirror's problems, as the digest lists it. */
  record Event(
      long mirrorId,
      Instant at,
      String problem,
      boolean began,
      String detail,
      String mailFailure) {}

  @SqlQuery("SELECT mirror_id, problems FROM mirror_notifications")
  @KeyColumn("mirror_id")
  @ValueColumn("problems")
  Map<Long, String> told();

  @SqlUpdate("DELETE FROM mirror_notifications WHERE mirror_id = :id")
  void forget(@Bind("id") long mirrorId);

  /** A removed mirror's row went with it: nothing is inserted for it. */
  @SqlUpdate(
      """
      INSERT INTO mirror_notifications (mirror_id, problems, updated_at)
      SELECT id, :problems, :at FROM mirrors WHERE id = :id""")
  void insert(@Bind("id") long mirrorId, @Bind("problems") String problems, @Bind("at") Instant at);

  @SqlBatch(
      """
      INSERT INTO notification_events (mirror_id, at, problem, began, detail, mail_failure)
      SELECT id, :at, :problem, :began, :detail, :mailFailure FROM mirrors WHERE id = :mirrorId""")
  void events(@BindMethods List<Event> events);

  /** What the operator was told now, and the changes it was told about, in one transaction. */
  @Transaction
  default void told(long mirrorId, String problems, Instant at, List<Event> changes) {
    forget(mirrorId);
    insert(mirrorId, problems, at);
    if (!changes.isEmpty()) {
      events(changes);
    }
  }

  @SqlQuery(
      """
      SELECT mirror_id, at, problem, began, detail, mail_failure FROM notification_events
      WHERE at > :since ORDER BY at, id""")
  @RegisterConstructorMapper(Event.class)
  List<Event> eventsSince(@Bind("since") Instant since);

  @SqlQuery("SELECT sent_at FROM notification_digest WHERE id = 1")
  Instant digestSentAt();

  @SqlUpdate("UPDATE notification_digest SET sent_at = :at WHERE id = 1")
  void digestSent(@Bind("at") Instant at);

  @SqlUpdate("DELETE FROM notification_events WHERE at < :before")
  int expire(@Bind("before") Instant before);
}
