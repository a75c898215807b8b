package org.distr1.mirrors.coordinator.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.ThreadLocalRandom;
import org.distr1.mirrors.shared.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bug: logged with an id the caller can quote, details stay in the log. */
final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

  @Override
  public Response toResponse(Throwable exception) {
    String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
    LOG.error("Error handling a request: {}", id, exception);
    return ApiErrors.response(
        new ApiError(500, "internal_error", "There was an error processing your request. It has been logged (ID " + id + ")."));
  }
}
