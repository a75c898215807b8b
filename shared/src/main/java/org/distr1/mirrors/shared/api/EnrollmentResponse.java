package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

/**
 * The answer to an enrollment. {@code token} is shown this once; the coordinator keeps only its
 * hash. Send it as {@code Authorization: Bearer <token>}.
 */
public record EnrollmentResponse(long id, String state, String token, MirrorView mirror) {
  public EnrollmentResponse {
    requireNonNull(state, "state");
    requireNonNull(token, "token");
  }
}
