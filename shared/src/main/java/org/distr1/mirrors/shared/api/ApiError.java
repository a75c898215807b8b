package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

/**
 * The one shape of every error body both applications send: a stable machine-readable code (e.g.
 * {@code invalid_cidr}, {@code duplicate_base_url}) and a sentence for people.
 */
public record ApiError(int status, String code, String message) {
  public ApiError {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
  }
}
