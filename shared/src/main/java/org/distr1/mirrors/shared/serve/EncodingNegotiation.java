package org.distr1.mirrors.shared.serve;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.QuotedQualityCSV;

/**
 * Chooses a representation from {@code Accept-Encoding} (RFC 9110 §12.5.3) with full q-value
 * semantics: an explicit {@code q=0} refuses a coding, {@code *} covers every coding not named,
 * identity is acceptable unless refused by {@code identity;q=0} or by {@code *;q=0} without an
 * identity entry, but when not named it ranks below every named coding. On equal quality the order
 * of {@link Encoding} decides.
 */
final class EncodingNegotiation {
  private static final double IMPLICIT_IDENTITY = 0.0001;

  private EncodingNegotiation() {}

  /**
   * @param acceptEncoding the {@code Accept-Encoding} field values; empty when absent
   * @param available the precompressed siblings that may be served (identity always may)
   * @return the choice, or empty when the client refuses everything available (406)
   */
  static Optional<Encoding> choose(List<String> acceptEncoding, Set<Encoding> available) {
    if (acceptEncoding.isEmpty()) {
      // no preference expressed: the safest answer every client understands
      return Optional.of(Encoding.IDENTITY);
    }
    Qualities qualities = Qualities.parse(acceptEncoding);
    Encoding best = null;
    double bestQuality = 0;
    for (Encoding encoding : Encoding.values()) {
      if (encoding != Encoding.IDENTITY && !available.contains(encoding)) {
        continue;
      }
      double quality = qualities.of(encoding);
      if (quality > bestQuality) {
        best = encoding;
        bestQuality = quality;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether identity may be sent at all (a range request is answered on identity only). */
  static boolean identityAcceptable(List<String> acceptEncoding) {
    return acceptEncoding.isEmpty() || Qualities.parse(acceptEncoding).of(Encoding.IDENTITY) > 0;
  }

  private record Qualities(
      double zstd, double gzip, double identity, double star, boolean hasStar) {
    static Qualities parse(List<String> values) {
      QuotedQualityCSV csv;
      try {
        csv = new QuotedQualityCSV();
        values.forEach(csv::addValue);
        csv.getQualityValues();
      } catch (IllegalArgumentException e) {
        csv = memberByMember(values);
      }
      double zstd = -1;
      double gzip = -1;
      double identity = -1;
      double star = -1;
      // getQualityValues keeps q=0 entries, which we need: they are refusals
      for (QuotedQualityCSV.QualityValue value : csv.getQualityValues()) {
        double q = value.getWeight();
        switch (value.getValue().trim().toLowerCase(Locale.ROOT)) {
          case "zstd" -> zstd = Math.max(zstd, q);
          case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
          case "identity" -> identity = Math.max(identity, q);
          case "*" -> star = Math.max(star, q);
          default -> {}
        }
      }
      return new Qualities(zstd, gzip, identity, star, star >= 0);
    }

    /**
     * The well-formed members only: Jetty's parser refuses a whole field for one member that breaks
     * the grammar (e.g. {@code gzip; q = 0.5}, blanks around {@code =}), and a client's malformed
     * preference is no reason to refuse the request; it is as if not sent.
     */
    private static QuotedQualityCSV memberByMember(List<String> values) {
      QuotedQualityCSV wellFormed = new QuotedQualityCSV();
      for (String value : values) {
        for (String member : value.split(",")) {
          try {
            QuotedQualityCSV one = new QuotedQualityCSV();
            one.addValue(member);
            one.getQualityValues();
            wellFormed.addValue(member);
          } catch (IllegalArgumentException e) {
            // ignored, see above
          }
        }
      }
      return wellFormed;
    }

    double of(Encoding encoding) {
      double explicit =
          switch (encoding) {
            case ZSTD -> zstd;
            case GZIP -> gzip;
            case IDENTITY -> identity;
          };
      if (explicit >= 0) {
        return explicit;
      }
      if (hasStar) {
        return star;
      }
      // identity is acceptable by default but only as the fallback: "gzip;q=0.5" still means
      // gzip is wanted; below the smallest expressible q-value (0.001)
      return encoding == Encoding.IDENTITY ? IMPLICIT_IDENTITY : 0;
    }
  }
}
