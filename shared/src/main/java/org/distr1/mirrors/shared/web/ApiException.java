package org.distr1.mirrors.shared.web;

import static java.util.Objects.requireNonNull;

import org.distr1.mirrors.shared.api.ApiError;

/**
 * A request the coordinator refuses, with what the caller should know. Resources throw it; one
 * mapper turns it into an {@link ApiError} body.
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(requireNonNull(message, "message"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.code = requireNonNull(code, "code");
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public static ApiException invalid(String code, String message) {
    return new ApiException(422, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public ApiError toError() {
    return new ApiError(status, code, getMessage());
  }
}
