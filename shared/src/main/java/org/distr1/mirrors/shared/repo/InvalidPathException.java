package org.distr1.mirrors.shared.repo;

import org.distr1.mirrors.shared.api.ApiError;

/**
 * A request path that cannot name anything in the repository (traversal, bad encoding, control
 * characters). Always the client's fault: it maps to {@code 400 invalid_path}.
 */
public final class InvalidPathException extends IllegalArgumentException {
  public static final int STATUS = 400;
  public static final String CODE = "invalid_path";

  public InvalidPathException(String message) {
    super(message);
  }

  public ApiError toApiError() {
    return new ApiError(STATUS, CODE, getMessage());
  }
}
