package org.distr1.mirrors.coordinator.auth;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.PolymorphicAuthDynamicFeature;
import io.dropwizard.auth.PolymorphicAuthValueFactoryProvider;
import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distr1.mirrors.shared.api.ApiError;
import org.distr1.mirrors.shared.web.ApiErrors;

/**
 * One bearer-token filter per audience; a resource method says which audience it serves by the type
 * of its {@code @Auth} parameter. Add every audience before {@link #register}.
 */
public final class ApiAuthentication {

  /** The one credential scheme: {@code Authorization: Bearer <token>}. */
  public static final String BEARER = "Bearer";

  private final Map<Class<? extends Principal>, ContainerRequestFilter> filters =
      new LinkedHashMap<>();

  public <P extends Principal> ApiAuthentication bearer(
      Class<P> type, String realm, Authenticator<String, P> authenticator) {
    filters.put(
        type,
        new OAuthCredentialAuthFilter.Builder<P>()
            .setAuthenticator(authenticator)
            .setPrefix(BEARER)
            .setRealm(realm)
            .setUnauthorizedHandler(new JsonUnauthorized())
            .buildAuthFilter());
    return this;
  }

  public void register(JerseyEnvironment jersey) {
    jersey.register(new NoTokensInUrls());
    jersey.register(new PolymorphicAuthDynamicFeature<>(Map.copyOf(filters)));
    jersey.register(new PolymorphicAuthValueFactoryProvider.Binder<>(Map.copyOf(filters).keySet()));
  }

  /** The 401 body for a request without a valid token of {@code realm}. */
  public static ApiError unauthorized(String realm) {
    return new ApiError(401, "unauthorized", "A valid bearer token for " + realm + " is required.");
  }

  /** The {@code WWW-Authenticate} value that goes with {@link #unauthorized}. */
  public static String challenge(String realm) {
    return BEARER + " realm=\"" + realm + "\"";
  }

  /** 401 in the API's one error shape, with the challenge clients expect. */
  private static final class JsonUnauthorized implements UnauthorizedHandler {
    @Override
    public Response buildResponse(String prefix, String realm) {
      return Response.fromResponse(ApiErrors.response(unauthorized(realm)))
          .header(HttpHeaders.WWW_AUTHENTICATE, challenge(realm))
          .build();
    }

    @Override
    public RuntimeException buildException(String prefix, String realm) {
      return new WebApplicationException(buildResponse(prefix, realm));
    }
  }
}
