package org.distr1.mirrors.shared.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  @Override
  public Response toResponse(Throwable exception) {
    return ApiErrors.response(ApiErrors.unexpected(exception));
  }
}
