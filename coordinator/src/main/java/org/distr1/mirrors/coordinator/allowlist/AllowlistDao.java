package org.distr1.mirrors.coordinator.allowlist;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.distr1.mirrors.coordinator.allowlist.AllowlistEntry.Origin;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterColumnMapper(CidrColumnMapper.class)
@RegisterConstructorMapper(AllowlistEntry.class)
interface AllowlistDao {

  String COLUMNS = "id, cidr, mirror_id, origin, comment, created_at, created_by, expires_at";

  @SqlQuery("SELECT " + COLUMNS + " FROM allowlist_entries ORDER BY id")
  List<AllowlistEntry> all();

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
       FROM allowlist_entries
      WHERE expires_at IS NULL OR expires_at > :now
      ORDER BY id
      """)
  List<AllowlistEntry> active(@Bind("now") Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM allowlist_entries WHERE mirror_id = :mirrorId ORDER BY id")
  List<AllowlistEntry> ofMirror(@Bind("mirrorId") long mirrorId);

  @SqlQuery("SELECT " + COLUMNS + " FROM allowlist_entries WHERE id = :id")
  Optional<AllowlistEntry> find(@Bind("id") long id);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
       FROM allowlist_entries
      WHERE expires_at <= :now
      ORDER BY id
      """)
  List<AllowlistEntry> expired(@Bind("now") Instant now);

  @SqlUpdate(
      """
      INSERT INTO allowlist_entries
        (cidr, mirror_id, origin, comment, created_at, created_by, expires_at)
      VALUES (:cidr, :mirrorId, :origin, :comment, :createdAt, :createdBy, :expiresAt)
      """)
  @GetGeneratedKeys("id")
  long insert(
      @Bind("cidr") String cidr,
      @Bind("mirrorId") Long mirrorId,
      @Bind("origin") Origin origin,
      @Bind("comment") String comment,
      @Bind("createdAt") Instant createdAt,
      @Bind("createdBy") String createdBy,
      @Bind("expiresAt") Instant expiresAt);

  @SqlUpdate("DELETE FROM allowlist_entries WHERE id = :id")
  int delete(@Bind("id") long id);
}
