package org.distr1.mirrors.coordinator.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.distr1.mirrors.shared.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unreadable request bodies are the caller's fault (400). A value rejected by a record's compact
 * constructor (IllegalArgumentException, or requireNonNull's NullPointerException) says why in its
 * message, which is passed on; a broken type mapping is ours (500).
 */
final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

  private static final Logger LOG = LoggerFactory.getLogger(JsonExceptionMapper.class);

  @Override
  public Response toResponse(JsonProcessingException exception) {
    if (exception instanceof ValueInstantiationException instantiation
        && (instantiation.getCause() instanceof IllegalArgumentException
            || instantiation.getCause() instanceof NullPointerException)
        && instantiation.getCause().getMessage() != null) {
      return ApiErrors.response(new ApiError(400, "invalid_request", instantiation.getCause().getMessage()));
    }
    if (exception instanceof InvalidDefinitionException) {
      LOG.error("cannot map JSON type", exception);
      return ApiErrors.response(new ApiError(500, "internal_error", "The server could not handle this request."));
    }
    return ApiErrors.response(new ApiError(400, "bad_json", "Unable to read the JSON body: " + exception.getOriginalMessage()));
  }
}
