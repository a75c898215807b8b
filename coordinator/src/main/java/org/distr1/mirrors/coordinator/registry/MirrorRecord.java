package org.distr1.mirrors.coordinator.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.shared.api.CheckResult;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.ReportSummary;
import org.jdbi.v3.core.mapper.Nested;

/**
 * A registered mirror as stored (everything but its token): one row of {@code mirrors} with its
 * networks, mapped by {@link MirrorDao} straight from its columns. The views of it (the API's
 * {@link MirrorView}, routing's candidate, the allowlist's sources) are made from this record, so
 * none repeats the columns.
 *
 * @param locationNote why GeoIP found no location for the host at enrollment, or null
 * @param asn the host's autonomous system by GeoIP at enrollment, 0 when unknown
 * @param stateReason why it is disabled or pending again, null otherwise
 * @param rsyncSources CIDRs in canonical text ({@code Cidr#toString()}), sorted
 * @param netblocks likewise
 */
public record MirrorRecord(
    long id,
    @Nested @JsonUnwrapped MirrorProfile profile,
    String locationNote,
    long asn,
    int adminScore,
    MirrorState state,
    boolean paused,
    String stateReason,
    List<String> rsyncSources,
    List<String> netblocks,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * {@code mirror_networks.kind} of the addresses its rsync connects from (as in {@link #COLUMNS}).
   */
  static final String RSYNC_SOURCE = "rsync_source";

  /** {@code mirror_networks.kind} of the client networks it claims (as in {@link #COLUMNS}). */
  static final String NETBLOCK = "netblock";

  /** The columns {@link MirrorDao} reads for this record, a mirror's networks aggregated. */
  static final String COLUMNS =
      "m.id, "
          + MirrorProfile.COLUMNS
          + """
          , m.location_note, m.asn, m.admin_score, m.state, m.paused, m.state_reason,
          m.created_at, m.updated_at,
          (SELECT ARRAY_AGG(n.cidr) FROM mirror_networks n
            WHERE n.mirror_id = m.id AND n.kind = 'rsync_source') AS rsync_sources,
          (SELECT ARRAY_AGG(n.cidr) FROM mirror_networks n
            WHERE n.mirror_id = m.id AND n.kind = 'netblock') AS netblocks""";

  public MirrorRecord {
    requireNonNull(profile, "profile");
    requireNonNull(profile.name(), "name");
    requireNonNull(profile.baseUrl(), "baseUrl");
    requireNonNull(state, "state");
    // ARRAY_AGG over no networks is NULL; sorted here, not by the database's collation
    rsyncSources = rsyncSources == null ? List.of() : rsyncSources.stream().sorted().toList();
    netblocks = netblocks == null ? List.of() : netblocks.stream().sorted().toList();
  }

  public String subject() {
    return subject(id);
  }

  /** The audit subject of a mirror. */
  public static String subject(long id) {
    return "mirror:" + id;
  }

  /** As its operator and the maintainer see it. */
  MirrorView view(List<CheckResult> checks, ReportSummary lastReport) {
    return new MirrorView(
        id,
        profile.declared(rsyncSources, netblocks),
        profile.locationSource(),
        state.wireName(),
        paused,
        stateReason,
        adminScore,
        createdAt,
        updatedAt,
        checks,
        lastReport);
  }
}
