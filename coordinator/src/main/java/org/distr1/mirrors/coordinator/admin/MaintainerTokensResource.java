package org.distr1.mirrors.coordinator.admin;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.shared.api.MaintainerToken;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * Maintainer tokens while the coordinator runs: the embedded H2 database is held by the running
 * coordinator, so the {@code maintainer-token} command works only while it is stopped, and a leaked
 * token must be revocable without downtime. A maintainer can give any maintainer (also a new one,
 * also themselves) a new token, and revoke any.
 */
@Path("/v1/admin/maintainers")
@Produces(MediaType.APPLICATION_JSON)
public final class MaintainerTokensResource {

  private final Maintainers maintainers;

  public MaintainerTokensResource(Maintainers maintainers) {
    this.maintainers = maintainers;
  }

  @GET
  public List<String> list(@Auth MaintainerPrincipal maintainer) {
    return maintainers.names();
  }

  /** Creates the maintainer or replaces their token; the token is in this answer only. */
  @POST
  @Path("/{name}/token")
  public Response issue(@Auth MaintainerPrincipal maintainer, @PathParam("name") String name) {
    String token;
    try {
      token = maintainers.issue(name, maintainer.getName());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("invalid_name", e.getMessage());
    }
    return Response.status(Response.Status.CREATED)
        .entity(new MaintainerToken(name, token))
        .build();
  }

  @DELETE
  @Path("/{name}")
  public Response revoke(@Auth MaintainerPrincipal maintainer, @PathParam("name") String name) {
    if (!maintainers.revoke(name, maintainer.getName())) {
      throw ApiException.notFound("no maintainer named " + name);
    }
    return Response.noContent().build();
  }
}
