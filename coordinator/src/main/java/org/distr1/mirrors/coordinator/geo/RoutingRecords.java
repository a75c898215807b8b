package org.distr1.mirrors.coordinator.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * The parts of GeoIP2 City and ASN records that routing reads. MaxMind's {@code DatabaseReader}
 * decodes every record in full (names in eight languages, subdivisions, traits) and copies it on
 * each lookup; decoding into these few fields — once per record, kept by the reader's cache —
 * leaves a lookup little more than the walk down the tree.
 */
public final class RoutingRecords {
  private RoutingRecords() {}

  /** A City record reduced to where routing needs it; the ASN is always 0 here. */
  public record City(ClientLocation location) {
    @MaxMindDbConstructor
    public City(
        @MaxMindDbParameter(name = "country") Code country,
        @MaxMindDbParameter(name = "continent") Code continent,
        @MaxMindDbParameter(name = "location") Position position) {
      this(
          new ClientLocation(
              country == null ? null : country.code(),
              continent == null ? null : continent.code(),
              position == null ? null : position.point(),
              0));
    }
  }

  /**
   * A country ({@code iso_code}) or continent ({@code code}); the few distinct codes are interned.
   */
  public record Code(String code) {
    @MaxMindDbConstructor
    public Code(
        @MaxMindDbParameter(name = "iso_code") String isoCode,
        @MaxMindDbParameter(name = "code") String code) {
      this(isoCode != null ? isoCode.intern() : code != null ? code.intern() : null);
    }
  }

  public record Position(GeoPoint point) {
    @MaxMindDbConstructor
    public Position(
        @MaxMindDbParameter(name = "latitude") Double latitude,
        @MaxMindDbParameter(name = "longitude") Double longitude) {
      this(latitude == null || longitude == null ? null : new GeoPoint(latitude, longitude));
    }
  }

  public record Asn(long number) {
    @MaxMindDbConstructor
    public Asn(@MaxMindDbParameter(name = "autonomous_system_number") Long number) {
      this(number == null ? 0 : number);
    }
  }
}
