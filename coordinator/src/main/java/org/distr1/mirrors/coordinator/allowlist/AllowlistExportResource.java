package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * The exports, for rsync hosts ({@code allowlist-apply}) and the maintainer: {@code rsyncd}, {@code
 * text}, {@code json}, each with a strong ETag over its bytes; {@code If-None-Match} with the
 * current tag answers 304.
 */
@Path("/v1/admin/allowlist/export")
public final class AllowlistExportResource {

  private final Allowlist allowlist;

  public AllowlistExportResource(Allowlist allowlist) {
    this.allowlist = allowlist;
  }

  @GET
  @Path("{format}")
  public Response export(
      @Auth AllowlistReaderPrincipal reader,
      @PathParam("format") String formatName,
      @Context Request request) {
    ExportFormat format;
    try {
      format = ExportFormat.byName(formatName);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(e.getMessage());
    }
    Representation representation = allowlist.export(format);
    String quoted = representation.etag();
    EntityTag tag = new EntityTag(quoted.substring(1, quoted.length() - 1));
    CacheControl noCache = new CacheControl();
    noCache.setNoCache(true);
    noCache.setPrivate(true);
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.tag(tag).cacheControl(noCache).build();
    }
    return Response.ok(representation.body(), format.mediaType())
        .tag(tag)
        .cacheControl(noCache)
        .build();
  }
}
