package org.distr1.mirrors.coordinator.registry;

import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.shared.api.GeoLocation;

/**
 * One row of {@code mirrors}; joined with its networks it becomes a {@link MirrorRecord}. Public
 * only for Jdbi's mapper.
 */
public record MirrorRow(
    long id,
    String name,
    String baseUrl,
    String contactEmail,
    String country,
    String continent,
    Double latitude,
    Double longitude,
    String locationSource,
    String locationNote,
    Long asn,
    long bandwidthMbps,
    int adminScore,
    boolean countryOnly,
    boolean continentOnly,
    String state,
    boolean paused,
    String stateReason,
    Instant createdAt,
    Instant updatedAt) {

  static final String COLUMNS =
      """
      id, name, base_url, contact_email, country, continent, latitude, longitude,
      location_source, location_note, asn, bandwidth_mbps, admin_score, country_only, continent_only, state, paused,
      state_reason, created_at, updated_at""";

  MirrorRecord withNetworks(List<NetworkRow> networks) {
    GeoLocation location =
        country == null || latitude == null || longitude == null
            ? null
            : new GeoLocation(country, continent, latitude, longitude);
    return new MirrorRecord(
        id,
        name,
        baseUrl,
        contactEmail,
        location,
        locationSource,
        locationNote,
        asn == null ? 0 : asn,
        bandwidthMbps,
        adminScore,
        countryOnly,
        continentOnly,
        MirrorState.fromWire(state),
        paused,
        stateReason,
        NetworkRow.cidrs(networks, NetworkRow.RSYNC_SOURCE),
        NetworkRow.cidrs(networks, NetworkRow.NETBLOCK),
        createdAt,
        updatedAt);
  }
}
