package org.distr1.mirrors.shared.serve;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of a directory listing as JSON ({@code Accept: application/json}).
 *
 * @param type {@code file} or {@code directory}
 * @param size bytes, for files only
 * @param mtime last modification, ISO-8601 UTC
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListingEntry(String name, String type, Long size, Instant mtime) {
  public static final String FILE = "file";
  public static final String DIRECTORY = "directory";

  public ListingEntry {
    requireNonNull(name, "name");
    requireNonNull(mtime, "mtime");
    if (!FILE.equals(type) && !DIRECTORY.equals(type)) {
      throw new IllegalArgumentException("type must be file or directory: " + type);
    }
  }
}
