package org.distr1.mirrors.shared.web;

import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;
import org.distr1.mirrors.shared.api.ApiError;

/** Bean validation keeps Dropwizard's status (422 for bodies, 400 for parameters). */
final class ViolationExceptionMapper implements ExceptionMapper<JerseyViolationException> {
  @Override
  public Response toResponse(JerseyViolationException exception) {
    String message =
        exception.getConstraintViolations().stream()
            .map(violation -> ConstraintMessage.getMessage(violation, exception.getInvocable()))
            .sorted()
            .collect(Collectors.joining("; "));
    int status =
        ConstraintMessage.determineStatus(
            exception.getConstraintViolations(), exception.getInvocable());
    return ApiErrors.response(new ApiError(status, "invalid_request", message));
  }
}
