package org.distr1.mirrors.coordinator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.distr1.mirrors.shared.api.ApiError;
import org.distr1.mirrors.shared.web.ApiErrors;

/**
 * The public status page: {@code /} and its files under {@code /status/}, from the classpath folder
 * {@code status-page}. The page itself reads {@code GET /api/v1/mirrors}.
 */
public final class StatusPage {

  private static final String RESOURCES = "/status-page";

  /**
   * Everything the page loads comes from this origin; the policy makes the browser refuse anything
   * else, so a page that ever reached for a CDN would fail its test, not go unnoticed.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self';"
          + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private StatusPage() {}

  private static byte[] json(Environment environment, ApiError error) {
    try {
      return environment.getObjectMapper().writeValueAsBytes(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an ApiError is always JSON", e);
    }
  }

  public static void register(Environment environment) {
    // "" is the servlet mapping of exactly "/", so other unknown paths stay 404s
    environment
        .servlets()
        .addServlet(
            "status-page", new AssetServlet(RESOURCES, "/", "index.html", StandardCharsets.UTF_8))
        .addMapping("");
    environment
        .servlets()
        .addServlet(
            "status-assets", new AssetServlet(RESOURCES, "/status", null, StandardCharsets.UTF_8))
        .addMapping("/status/*");
    byte[] notAllowed =
        json(environment, new ApiError(405, "method_not_allowed", ApiErrors.messageFor(405, null)));
    Filter headers =
        (request, response, chain) -> {
          HttpServletResponse http = (HttpServletResponse) response;
          String method = ((HttpServletRequest) request).getMethod();
          if (!"GET".equals(method) && !"HEAD".equals(method)) {
            // HttpServlet answers a method it has no doX for with 501; for a page that is a 405
            http.setStatus(405);
            http.setHeader("Allow", "GET, HEAD");
            http.setContentType("application/json");
            http.setContentLength(notAllowed.length);
            http.getOutputStream().write(notAllowed);
            return;
          }
          http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
          http.setHeader("X-Content-Type-Options", "nosniff");
          http.setHeader("Referrer-Policy", "no-referrer");
          chain.doFilter(request, response);
        };
    environment
        .servlets()
        .addFilter("status-page-headers", headers)
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "", "/status/*");
  }
}
