package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.shared.web.ApiException;

/** The maintainer's allowlist API: list, add, remove. */
@Path("/v1/admin/allowlist")
@Produces(MediaType.APPLICATION_JSON)
public final class AllowlistResource {

  /** {@code GET} answer. */
  public record Entries(List<AllowlistEntry> entries) {}

  private final Allowlist allowlist;

  public AllowlistResource(Allowlist allowlist) {
    this.allowlist = allowlist;
  }

  @GET
  public Entries list(@Auth MaintainerPrincipal maintainer) {
    return new Entries(allowlist.list());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(
      @Auth MaintainerPrincipal maintainer, AddEntryRequest request, @Context UriInfo uri) {
    if (request == null) {
      throw ApiException.invalid(
          "invalid_request", "a JSON body with at least \"cidr\" is required");
    }
    AllowlistEntry added = allowlist.add(maintainer, request);
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(added.id())).build())
        .entity(added)
        .build();
  }

  @DELETE
  @Path("{id}")
  public AllowlistEntry remove(@Auth MaintainerPrincipal maintainer, @PathParam("id") long id) {
    return allowlist.remove(maintainer, id);
  }
}
