package org.distr1.mirrors.coordinator.status;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/**
 * The public status page: {@code /} and its files under {@code /status/}, from the classpath
 * folder {@code status-page}. The page itself reads {@code GET /api/v1/mirrors}.
 */
public final class StatusPage {

  private static final String RESOURCES = "/status-page";

  /**
   * Everything the page loads comes from this origin; the policy makes the browser refuse
   * anything else, so a page that ever reached for a CDN would fail its test, not go unnoticed.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private StatusPage() {}

  public static void register(Environment environment) {
    // "" is the servlet mapping of exactly "/", so other unknown paths stay 404s
    environment.servlets()
        .addServlet("status-page", new AssetServlet(RESOURCES, "/", "index.html", StandardCharsets.UTF_8))
        .addMapping("");
    environment.servlets()
        .addServlet("status-assets", new AssetServlet(RESOURCES, "/status", null, StandardCharsets.UTF_8))
        .addMapping("/status/*");
    Filter headers = (request, response, chain) -> {
      HttpServletResponse http = (HttpServletResponse) response;
      http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      http.setHeader("X-Content-Type-Options", "nosniff");
      http.setHeader("Referrer-Policy", "no-referrer");
      chain.doFilter(request, response);
    };
    environment.servlets().addFilter("status-page-headers", headers)
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "", "/status/*");
  }
}
