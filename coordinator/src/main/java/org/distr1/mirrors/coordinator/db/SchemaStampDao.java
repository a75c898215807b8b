package org.distr1.mirrors.coordinator.db;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The schema stamps (migrations/schema-stamp.xml) and Liquibase's history table they vouch for. */
interface SchemaStampDao {

  /** Liquibase's record of every changeset applied, in a stable order. */
  @SqlQuery(
      "SELECT id || ' ' || author || ' ' || filename || ' ' || COALESCE(md5sum, '-')"
          + " FROM databasechangelog ORDER BY id, author, filename")
  List<String> history();

  @SqlQuery("SELECT history_sha256 FROM schema_stamp WHERE changelog_sha256 = :changelog")
  Optional<String> historyFor(@Bind("changelog") String changelog);

  @SqlUpdate(
      "UPDATE schema_stamp SET history_sha256 = :history, stamped_at = :at"
          + " WHERE changelog_sha256 = :changelog")
  int update(
      @Bind("changelog") String changelog,
      @Bind("history") String history,
      @Bind("at") OffsetDateTime at);

  @SqlUpdate(
      "INSERT INTO schema_stamp (changelog_sha256, history_sha256, stamped_at)"
          + " VALUES (:changelog, :history, :at)")
  void insert(
      @Bind("changelog") String changelog,
      @Bind("history") String history,
      @Bind("at") OffsetDateTime at);
}
