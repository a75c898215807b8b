package org.distr1.mirrors.coordinator.stats;

import java.util.Objects;

/**
 * Requests for one file on one day (a {@code download_files} row).
 *
 * @param bucket the day's start, epoch seconds
 */
public record FileRow(long bucket, String releaseName, String path, long requests) {
  public FileRow {
    Objects.requireNonNull(releaseName, "releaseName");
    Objects.requireNonNull(path, "path");
    if (bucket % CountRow.DAY != 0) {
      throw new IllegalArgumentException("file counts are kept per day: " + bucket);
    }
  }
}
