package org.distr1.mirrors.coordinator.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * Refuses a token in the query string ({@code ?access_token=}, which Dropwizard's bearer filter
 * would otherwise accept): URLs end up in logs, proxies and browser histories, so the only way to
 * present a token is {@code Authorization: Bearer}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class NoTokensInUrls implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    boolean tokenInUrl =
        request.getUriInfo().getQueryParameters().keySet().stream()
            .anyMatch(name -> name.equalsIgnoreCase("access_token"));
    if (tokenInUrl) {
      throw ApiException.badRequest(
          "token_in_url",
          "Tokens are accepted only in an Authorization: Bearer header, never in the URL.");
    }
  }
}
