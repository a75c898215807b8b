package org.distr1.mirrors.coordinator.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.shared.api.GeoLocation;

/**
 * A registered mirror as stored (everything but its token). CIDRs are in canonical text ({@code
 * org.distr1.mirrors.shared.net.Cidr#toString()}), sorted.
 *
 * @param location null when neither the operator nor GeoIP located it
 * @param locationSource {@code operator}, {@code geoip} or null
 * @param locationNote why GeoIP found no location for the host at enrollment, or null
 * @param asn the host's autonomous system by GeoIP at enrollment, 0 when unknown
 * @param stateReason why it is disabled or pending again, null otherwise
 */
public record MirrorRecord(
    long id,
    String name,
    String baseUrl,
    String contactEmail,
    GeoLocation location,
    String locationSource,
    String locationNote,
    long asn,
    long bandwidthMbps,
    int adminScore,
    boolean countryOnly,
    boolean continentOnly,
    MirrorState state,
    boolean paused,
    String stateReason,
    List<String> rsyncSources,
    List<String> netblocks,
    Instant createdAt,
    Instant updatedAt) {

  public MirrorRecord {
    requireNonNull(name, "name");
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(state, "state");
    rsyncSources = List.copyOf(rsyncSources);
    netblocks = List.copyOf(netblocks);
  }

  public String subject() {
    return subject(id);
  }

  /** The audit subject of a mirror. */
  public static String subject(long id) {
    return "mirror:" + id;
  }
}
