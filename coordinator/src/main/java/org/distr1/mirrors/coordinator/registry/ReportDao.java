package org.distr1.mirrors.coordinator.registry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The latest report per mirror (the row is created with the mirror). */
@RegisterConstructorMapper(ReportRow.class)
interface ReportDao {

  String COLUMNS =
      "mirror_id, received_at, clock_skew_ms, last_sync_started_at, disk_available_bytes, report_json";

  /** One update per report; a 0 in the result means the mirror was removed meanwhile. */
  @SqlBatch(
      """
      UPDATE mirror_reports
      SET received_at = :receivedAt, clock_skew_ms = :clockSkewMs,
          last_sync_started_at = :lastSyncStartedAt, disk_available_bytes = :diskAvailableBytes,
          report_json = :reportJson
      WHERE mirror_id = :mirrorId
      """)
  int[] store(@BindMethods List<ReportRow> reports);

  @SqlQuery("SELECT " + COLUMNS + " FROM mirror_reports WHERE mirror_id = :id")
  Optional<ReportRow> find(@Bind("id") long mirrorId);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM mirror_reports WHERE mirror_id IN (<ids>) AND received_at IS NOT NULL")
  List<ReportRow> findAll(@BindList("ids") Collection<Long> mirrorIds);

  @SqlQuery("SELECT " + COLUMNS + " FROM mirror_reports WHERE received_at IS NOT NULL")
  List<ReportRow> all();
}
