package org.distr1.mirrors.coordinator.registry;

import com.google.common.net.InetAddresses;
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
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.distr1.mirrors.coordinator.net.ClientAddresses;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.EnrollmentResponse;
import org.distr1.mirrors.shared.api.PublicMirror;

/** Public: enroll a mirror; list approved mirrors. */
@Path("/v1/mirrors")
@Produces(MediaType.APPLICATION_JSON)
public final class EnrollmentResource {

  private final Enrollment enrollment;
  private final PublicListing listing;
  private final ClientAddresses clients;

  EnrollmentResource(Enrollment enrollment, PublicListing listing, ClientAddresses clients) {
    this.enrollment = enrollment;
    this.listing = listing;
    this.clients = clients;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response enroll(
      @NotNull @Valid EnrollmentRequest request,
      @Context HttpServletRequest http,
      @Context UriInfo uri) {
    // behind the trusted proxy the peer is the proxy: limits and the audit log name the client
    InetAddress client =
        clients.resolve(
            InetAddresses.forString(http.getRemoteAddr()),
            Collections.list(http.getHeaders("X-Forwarded-For")));
    EnrollmentResponse enrolled = enrollment.enroll(request, InetAddresses.toAddrString(client));
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(enrolled.id())).build())
        .entity(enrolled)
        .build();
  }

  @GET
  public List<PublicMirror> approved() {
    return listing.approved();
  }
}
