package org.distr1.mirrors.coordinator.propagation;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.distr1.mirrors.shared.web.ApiException;

/** Public propagation samples, and the status page's plot of them. */
@Path("/v1")
public final class PropagationResource {
  static final String SVG = "image/svg+xml";
  private static final int DEFAULT_HOURS = 72;

  private final PropagationView view;
  private final Duration retention;

  /**
   * @param retention how far back samples are kept: the longest window asked for
   */
  public PropagationResource(PropagationView view, Duration retention) {
    this.view = view;
    this.retention = retention;
  }

  @GET
  @Path("propagation")
  @Produces(MediaType.APPLICATION_JSON)
  public PropagationAnswer samples(@QueryParam("hours") String hours) {
    return view.answer(window(hours));
  }

  @GET
  @Path("propagation.svg")
  @Produces(SVG)
  public Response plot(@QueryParam("hours") String hours) {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(30);
    return Response.ok(PropagationPlot.svg(view.answer(window(hours))), SVG)
        .cacheControl(cache)
        .build();
  }

  private Duration window(String hours) {
    long max = Math.max(1, retention.toHours());
    if (hours == null) {
      return Duration.ofHours(Math.min(DEFAULT_HOURS, max));
    }
    long value;
    try {
      value = Long.parseLong(hours);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || value > max) {
      throw ApiException.badRequest(
          "invalid_parameter",
          "hours is a whole number from 1 to " + max + " (the retention), not '" + hours + "'");
    }
    return Duration.ofHours(value);
  }
}
