package org.distr1.mirrors.coordinator.admin;

import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.distr1.mirrors.coordinator.allowlist.Allowlist;
import org.distr1.mirrors.coordinator.audit.AuditEntry;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.registry.MirrorAdministration;
import org.distr1.mirrors.coordinator.registry.MirrorState;
import org.distr1.mirrors.shared.api.AdminScore;
import org.distr1.mirrors.shared.api.DisableRequest;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * The maintainer's API: every mirror with its verification, decisions about them, the audit log.
 */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {

  private final MirrorAdministration mirrors;
  private final Allowlist allowlist;
  private final AuditLog audit;

  public AdminResource(MirrorAdministration mirrors, Allowlist allowlist, AuditLog audit) {
    this.mirrors = mirrors;
    this.allowlist = allowlist;
    this.audit = audit;
  }

  @GET
  @Path("/mirrors")
  public List<MirrorView> list(
      @Auth MaintainerPrincipal maintainer, @QueryParam("state") String state) {
    return mirrors.list(state == null ? null : parseState(state));
  }

  @GET
  @Path("/mirrors/{id}")
  public MirrorView get(@Auth MaintainerPrincipal maintainer, @PathParam("id") long id) {
    return mirrors.view(id);
  }

  @POST
  @Path("/mirrors/{id}/approve")
  public MirrorView approve(@Auth MaintainerPrincipal maintainer, @PathParam("id") long id) {
    mirrors.approve(maintainer, id);
    return mirrors.view(id);
  }

  @POST
  @Path("/mirrors/{id}/disable")
  @Consumes(MediaType.APPLICATION_JSON)
  public DisabledMirror disable(
      @Auth MaintainerPrincipal maintainer,
      @PathParam("id") long id,
      @NotNull @Valid DisableRequest request) {
    mirrors.disable(maintainer, id, request.reason());
    // the allowlist withdrew what admitted only this mirror when told (on this thread)
    MirrorView disabled = mirrors.view(id);
    return new DisabledMirror(disabled, allowlist.admitting(disabled.declared().rsyncSources()));
  }

  @POST
  @Path("/mirrors/{id}/enable")
  public MirrorView enable(@Auth MaintainerPrincipal maintainer, @PathParam("id") long id) {
    mirrors.enable(maintainer, id);
    return mirrors.view(id);
  }

  @POST
  @Path("/mirrors/{id}/verify")
  public Response verify(@Auth MaintainerPrincipal maintainer, @PathParam("id") long id) {
    mirrors.verifySoon(id);
    return Response.accepted().build();
  }

  @PUT
  @Path("/mirrors/{id}/score")
  @Consumes(MediaType.APPLICATION_JSON)
  public MirrorView score(
      @Auth MaintainerPrincipal maintainer,
      @PathParam("id") long id,
      @NotNull @Valid AdminScore score) {
    mirrors.setAdminScore(maintainer, id, score.adminScore());
    return mirrors.view(id);
  }

  @DELETE
  @Path("/mirrors/{id}")
  public RemovedMirror remove(@Auth MaintainerPrincipal maintainer, @PathParam("id") long id) {
    List<String> sources = mirrors.view(id).declared().rsyncSources();
    mirrors.remove(maintainer, id);
    return new RemovedMirror(id, allowlist.admitting(sources));
  }

  /** Newest first; page with {@code before} = the smallest id seen. */
  @GET
  @Path("/audit")
  public List<AuditEntry> audit(
      @Auth MaintainerPrincipal maintainer,
      @QueryParam("subject") String subject,
      @QueryParam("before") @DefaultValue("9223372036854775807") long before,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return audit.page(subject, before, limit);
  }

  private static MirrorState parseState(String state) {
    try {
      return MirrorState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "invalid_state",
          "state must be one of "
              + String.join(
                  ", ", Arrays.stream(MirrorState.values()).map(MirrorState::wireName).toList()));
    }
  }
}
