package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.shared.api.MirrorUpdate;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.TokenResponse;
import org.jdbi.v3.core.Jdbi;

/** The operator's own mirror, with the mirror's token. */
@Path("/v1/mirrors/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class OperatorResource {

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final OperatorActions actions;

  OperatorResource(Jdbi jdbi, MirrorStore store, OperatorActions actions) {
    this.jdbi = jdbi;
    this.store = store;
    this.actions = actions;
  }

  @GET
  public MirrorView get(@Auth MirrorPrincipal operator, @PathParam("id") long id) {
    operator.requireMirror(id);
    return view(id);
  }

  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  public MirrorView update(
      @Auth MirrorPrincipal operator,
      @PathParam("id") long id,
      @NotNull @Valid MirrorUpdate update) {
    actions.update(operator, id, update);
    return view(id);
  }

  @POST
  @Path("/pause")
  public MirrorView pause(@Auth MirrorPrincipal operator, @PathParam("id") long id) {
    actions.setPaused(operator, id, true);
    return view(id);
  }

  @POST
  @Path("/resume")
  public MirrorView resume(@Auth MirrorPrincipal operator, @PathParam("id") long id) {
    actions.setPaused(operator, id, false);
    return view(id);
  }

  @POST
  @Path("/token")
  public TokenResponse rotateToken(@Auth MirrorPrincipal operator, @PathParam("id") long id) {
    return actions.rotateToken(operator, id);
  }

  private MirrorView view(long id) {
    return jdbi.inTransaction(handle -> store.view(handle, id));
  }
}
