package org.distr1.mirrors.coordinator.stats;

import java.util.Comparator;
import java.util.Objects;

/**
 * One bucket's requests for one mirror, country and release (a {@code download_counts} row).
 *
 * @param span the bucket's length in seconds ({@link #HOUR} or {@link #DAY})
 * @param bucket the bucket's start, epoch seconds, a multiple of {@code span}
 * @param mirrorId the mirror redirected to, {@code 0} for the origin
 * @param country ISO 3166-1 alpha-2 of the client, empty when unknown
 * @param releaseName the path's first segment below {@code /distri/}
 * @param reason why the origin answered ({@link OriginReason#wireName()}), empty for a redirect
 */
public record CountRow(
    int span,
    long bucket,
    long mirrorId,
    String country,
    String releaseName,
    String reason,
    long requests) {
  public static final int HOUR = 3600;
  public static final int DAY = 86_400;

  /** The order rows are written in, so that concurrent writers lock rows in the same order. */
  static final Comparator<CountRow> KEY_ORDER =
      Comparator.comparingInt(CountRow::span)
          .thenComparingLong(CountRow::bucket)
          .thenComparingLong(CountRow::mirrorId)
          .thenComparing(CountRow::country)
          .thenComparing(CountRow::releaseName)
          .thenComparing(CountRow::reason);

  public CountRow {
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(releaseName, "releaseName");
    Objects.requireNonNull(reason, "reason");
    if (span != HOUR && span != DAY || bucket % span != 0) {
      throw new IllegalArgumentException(
          "a bucket is an aligned hour or day: " + span + "/" + bucket);
    }
  }
}
