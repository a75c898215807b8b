package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The latest outcome of one verification check of a mirror.
 *
 * @param check e.g. {@code reachable}, {@code freshness}, {@code zstd}, {@code gzip}, {@code
 *     identity_length}, {@code disk}
 * @param reason what was seen, for people (also on success)
 */
public record CheckResult(String check, boolean passed, String reason, Instant checkedAt) {
  public CheckResult {
    requireNonNull(check, "check");
    requireNonNull(reason, "reason");
    requireNonNull(checkedAt, "checkedAt");
  }
}
