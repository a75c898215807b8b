package org.distr1.mirrors.coordinator.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.GeoLocation;
import org.distr1.mirrors.shared.api.MirrorUpdate;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * What a mirror's operator declares about it, as stored: set by the enrollment, changed by updates.
 * Its components are the {@code mirrors} columns of the same names: {@link #COLUMNS} and {@link
 * #VALUES} are the one list of them that {@link MirrorDao} inserts, updates and reads (Jdbi maps
 * and binds them by name). A new declared field is a migration, a component and its column here,
 * and the API types' field ({@code EnrollmentRequest}, {@code MirrorUpdate}), which {@link
 * #enrolled}, {@link #updatedBy} and {@link #declared} carry across: see docs/architecture.md,
 * "Adding a mirror field".
 *
 * @param country ISO 3166-1 alpha-2, with {@code latitude} and {@code longitude} the location
 * @param locationSource {@code operator}, {@code geoip} or null
 * @param bandwidthMbps the uplink the operator commits to
 */
public record MirrorProfile(
    String name,
    String baseUrl,
    String contactEmail,
    @JsonIgnore String country,
    @JsonIgnore String continent,
    @JsonIgnore Double latitude,
    @JsonIgnore Double longitude,
    String locationSource,
    long bandwidthMbps,
    boolean countryOnly,
    boolean continentOnly) {

  /**
   * Its {@code mirrors} columns, in component order ({@code MirrorProfileColumnsTest} holds this
   * list and {@link #VALUES} to the components).
   */
  static final String COLUMNS =
      """
      name, base_url, contact_email, country, continent, latitude, longitude, location_source,
      bandwidth_mbps, country_only, continent_only""";

  /** Its components bound by {@code @BindMethods("p")}, in the order of {@link #COLUMNS}. */
  static final String VALUES =
      """
      :p.name, :p.baseUrl, :p.contactEmail, :p.country, :p.continent, :p.latitude, :p.longitude,
      :p.locationSource, :p.bandwidthMbps, :p.countryOnly, :p.continentOnly""";

  /** A new mirror's profile; {@code baseUrl} and {@code bandwidth} as policy accepted them. */
  static MirrorProfile enrolled(
      EnrollmentRequest request,
      URI baseUrl,
      long bandwidth,
      GeoLocation location,
      String locationSource) {
    return new MirrorProfile(
            request.name().strip(),
            baseUrl.toString(),
            request.contactEmail().strip(),
            location == null ? null : location.country(),
            location == null ? null : location.continent(),
            location == null ? null : location.latitude(),
            location == null ? null : location.longitude(),
            locationSource,
            bandwidth,
            request.countryOnly(),
            request.continentOnly())
        .requireLocationForScope();
  }

  /**
   * This profile changed by an operator's update (its null fields keep what is stored); {@code
   * baseUrl} and {@code bandwidth} as policy accepted them, null when not changed.
   */
  MirrorProfile updatedBy(MirrorUpdate update, URI baseUrl, Long bandwidth) {
    GeoLocation location = update.location() == null ? location() : update.location();
    return new MirrorProfile(
            update.name() == null ? name : update.name().strip(),
            baseUrl == null ? this.baseUrl : baseUrl.toString(),
            update.contactEmail() == null ? contactEmail : update.contactEmail().strip(),
            location == null ? null : location.country(),
            location == null ? null : location.continent(),
            location == null ? null : location.latitude(),
            location == null ? null : location.longitude(),
            update.location() == null ? locationSource : "operator",
            bandwidth == null ? bandwidthMbps : bandwidth,
            update.countryOnly() == null ? countryOnly : update.countryOnly(),
            update.continentOnly() == null ? continentOnly : update.continentOnly())
        .requireLocationForScope();
  }

  /**
   * What the operator declared, as the coordinator accepted it (normalized base URL, canonical
   * networks, the location GeoIP found when none was given): the declared part of the API's view.
   */
  EnrollmentRequest declared(List<String> rsyncSources, List<String> netblocks) {
    return new EnrollmentRequest(
        name,
        baseUrl,
        contactEmail,
        location(),
        bandwidthMbps,
        rsyncSources,
        netblocks,
        countryOnly,
        continentOnly);
  }

  /** Where the mirror stands, null when neither the operator nor GeoIP located it. */
  @JsonProperty("location")
  public GeoLocation location() {
    return country == null || latitude == null || longitude == null
        ? null
        : new GeoLocation(country, continent, latitude, longitude);
  }

  /** A mirror held to its country or continent must say which (422 otherwise). */
  private MirrorProfile requireLocationForScope() {
    if (countryOnly && country == null) {
      throw ApiException.invalid(
          "location_required", "countryOnly needs the mirror's location; give location.country");
    }
    if (continentOnly && continent == null) {
      throw ApiException.invalid(
          "location_required", "continentOnly needs the mirror's location.continent");
    }
    return this;
  }
}
