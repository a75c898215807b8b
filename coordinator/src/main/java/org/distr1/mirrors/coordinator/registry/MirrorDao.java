package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code mirrors} aggregate: a mirror row and its networks, read as one {@link MirrorRecord}.
 */
@RegisterConstructorMapper(MirrorRecord.class)
interface MirrorDao {

  @SqlUpdate(
      "INSERT INTO mirrors ("
          + MirrorProfile.COLUMNS
          + ", state, token_hash, created_at, updated_at) VALUES ("
          + MirrorProfile.VALUES
          + ", :state, :tokenHash, :now, :now)")
  @GetGeneratedKeys("id")
  long insert(
      @BindMethods("p") MirrorProfile profile,
      @Bind("state") String state,
      @Bind("tokenHash") String tokenHash,
      @Bind("now") Instant now);

  /** What GeoIP found about the host at enrollment (see {@link HostLocator}). */
  record HostFacts(Long asn, String locationNote) {
    /** {@code mirrors.location_note}; a resolver's message about a long host name may not fit. */
    static final int MAX_NOTE = 300;

    public HostFacts {
      if (locationNote != null && locationNote.length() > MAX_NOTE) {
        locationNote = locationNote.substring(0, MAX_NOTE - 1) + "…";
      }
    }
  }

  @SqlUpdate("UPDATE mirrors SET asn = :f.asn, location_note = :f.locationNote WHERE id = :id")
  int updateHostFacts(@Bind("id") long id, @BindMethods("f") HostFacts facts);

  /** All the profile's columns in one row-value assignment (H2 and PostgreSQL both know it). */
  @SqlUpdate(
      "UPDATE mirrors SET ("
          + MirrorProfile.COLUMNS
          + ") = ("
          + MirrorProfile.VALUES
          + "), updated_at = :now WHERE id = :id")
  int updateProfile(
      @Bind("id") long id, @BindMethods("p") MirrorProfile profile, @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE mirrors SET state = :state, state_reason = :reason, updated_at = :now WHERE id = :id")
  int updateState(
      @Bind("id") long id,
      @Bind("state") String state,
      @Bind("reason") String reason,
      @Bind("now") Instant now);

  @SqlUpdate("UPDATE mirrors SET paused = :paused, updated_at = :now WHERE id = :id")
  int updatePaused(@Bind("id") long id, @Bind("paused") boolean paused, @Bind("now") Instant now);

  @SqlUpdate("UPDATE mirrors SET admin_score = :score, updated_at = :now WHERE id = :id")
  int updateAdminScore(@Bind("id") long id, @Bind("score") int score, @Bind("now") Instant now);

  @SqlUpdate("UPDATE mirrors SET token_hash = :hash, updated_at = :now WHERE id = :id")
  int updateTokenHash(@Bind("id") long id, @Bind("hash") String hash, @Bind("now") Instant now);

  @SqlQuery("SELECT token_hash FROM mirrors WHERE id = :id")
  Optional<String> tokenHash(@Bind("id") long id);

  @SqlQuery("SELECT id, token_hash FROM mirrors")
  @KeyColumn("id")
  @ValueColumn("token_hash")
  Map<Long, String> tokenHashes();

  @SqlUpdate("DELETE FROM mirrors WHERE id = :id")
  int delete(@Bind("id") long id);

  @SqlQuery("SELECT " + MirrorRecord.COLUMNS + " FROM mirrors m WHERE m.id = :id")
  Optional<MirrorRecord> find(@Bind("id") long id);

  /** The row, locked until the transaction ends, so concurrent changes of one mirror queue up. */
  @SqlQuery("SELECT " + MirrorRecord.COLUMNS + " FROM mirrors m WHERE m.id = :id FOR UPDATE")
  Optional<MirrorRecord> lock(@Bind("id") long id);

  @SqlQuery("SELECT " + MirrorRecord.COLUMNS + " FROM mirrors m ORDER BY m.id")
  List<MirrorRecord> all();

  @SqlQuery(
      "SELECT " + MirrorRecord.COLUMNS + " FROM mirrors m WHERE m.state = :state ORDER BY m.id")
  List<MirrorRecord> inState(@Bind("state") String state);

  @SqlBatch("INSERT INTO mirror_networks (mirror_id, kind, cidr) VALUES (:mirrorId, :kind, :cidr)")
  void insertNetworks(
      @Bind("mirrorId") long mirrorId, @Bind("kind") String kind, @Bind("cidr") List<String> cidrs);

  @SqlUpdate("DELETE FROM mirror_networks WHERE mirror_id = :mirrorId AND kind = :kind")
  void deleteNetworks(@Bind("mirrorId") long mirrorId, @Bind("kind") String kind);

  @SqlUpdate("INSERT INTO mirror_reports (mirror_id) VALUES (:id)")
  void insertEmptyReport(@Bind("id") long id);
}
