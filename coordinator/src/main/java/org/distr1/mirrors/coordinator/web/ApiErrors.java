package org.distr1.mirrors.coordinator.web;

import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.distr1.mirrors.shared.api.ApiError;

/**
 * The one error family of the API: every refusal, from our resources, from Jersey (404, 405,
 * 415), from bean validation (422), from unreadable JSON (400) or from a bug (500), leaves as an
 * {@link ApiError}. Dropwizard's own mappers are switched off so that no second shape leaks.
 */
public final class ApiErrors {

  private ApiErrors() {}

  public static void register(ServerFactory serverFactory, JerseyEnvironment jersey) {
    if (serverFactory instanceof AbstractServerFactory factory) {
      factory.setRegisterDefaultExceptionMappers(false);
    }
    jersey.register(new ApiExceptionMapper());
    jersey.register(new WebApplicationExceptionMapper());
    jersey.register(new ViolationExceptionMapper());
    jersey.register(new JsonExceptionMapper());
    jersey.register(new UnexpectedExceptionMapper());
  }

  public static Response response(ApiError error) {
    return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
  }

  /** {@code Method Not Allowed} → {@code method_not_allowed}. */
  static String codeFor(Response.StatusType status) {
    return status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }
}
