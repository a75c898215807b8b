package org.distr1.mirrors.shared.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.distr1.mirrors.shared.api.ApiError;

/** Jersey's own refusals (unknown path, wrong method, unsupported media type, ...). */
final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    Response.StatusType status = original.getStatusInfo();
    if (status.getStatusCode() < 400) {
      return original;
    }
    String message = ApiErrors.messageFor(status.getStatusCode(), status.getReasonPhrase());
    Response.ResponseBuilder builder =
        Response.fromResponse(
            ApiErrors.response(
                new ApiError(status.getStatusCode(), ApiErrors.codeFor(status), message)));
    // keep Allow (405) and WWW-Authenticate (401) from the original
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> builder.header(name, value));
              }
            });
    return builder.build();
  }
}
