package org.distr1.mirrors.coordinator.registry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.EnrollmentResponse;
import org.distr1.mirrors.shared.api.PublicMirror;

/** Public: enroll a mirror; list approved mirrors. */
@Path("/v1/mirrors")
@Produces(MediaType.APPLICATION_JSON)
public final class EnrollmentResource {

  private final Enrollment enrollment;
  private final PublicListing listing;

  EnrollmentResource(Enrollment enrollment, PublicListing listing) {
    this.enrollment = enrollment;
    this.listing = listing;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response enroll(
      @NotNull @Valid EnrollmentRequest request, @Context HttpServletRequest http, @Context UriInfo uri) {
    EnrollmentResponse enrolled = enrollment.enroll(request, http.getRemoteAddr());
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(enrolled.id())).build())
        .entity(enrolled)
        .build();
  }

  @GET
  public List<PublicMirror> approved() {
    return listing.approved();
  }
}
