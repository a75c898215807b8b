package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;

/** Node health reports, with the mirror's token. */
@Path("/v1/mirrors/{id}/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ReportResource {

  private final Reports reports;

  ReportResource(Reports reports) {
    this.reports = reports;
  }

  @POST
  public ReportAnswer report(@Auth MirrorPrincipal node, @PathParam("id") long id, @NotNull @Valid NodeReport report) {
    return reports.receive(node, id, report);
  }
}
