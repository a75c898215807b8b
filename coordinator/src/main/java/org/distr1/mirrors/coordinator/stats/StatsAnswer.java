package org.distr1.mirrors.coordinator.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/stats}: requests per bucket, split by one dimension.
 *
 * @param by what {@code series} are split by: {@code mirror}, {@code country}, {@code release} or
 *     {@code reason}
 * @param series one per value of {@code by}, most requested first
 * @param mirrors the names of the mirrors the series mention (by id), for display
 */
public record StatsAnswer(
    String granularity,
    Instant from,
    Instant to,
    String by,
    long total,
    List<Series> series,
    Map<String, String> mirrors) {

  public StatsAnswer {
    series = List.copyOf(series);
    mirrors = Map.copyOf(mirrors);
  }

  /**
   * @param key the mirror's id ({@code 0}: the origin), the country code, release or origin reason;
   *     {@code ""} for an unknown country and, by reason, for redirects
   */
  public record Series(String key, long total, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** Requests in the bucket starting at {@code start}; buckets without requests are left out. */
  public record Point(Instant start, long requests) {}

  /** {@code GET /api/v1/stats/files}: one file's requests in the range. */
  public record FileCount(String releaseName, String path, long requests) {}

  /** {@code GET /api/v1/stats/files}. */
  public record Files(Instant from, Instant to, List<FileCount> files) {
    public Files {
      files = List.copyOf(files);
    }
  }
}
