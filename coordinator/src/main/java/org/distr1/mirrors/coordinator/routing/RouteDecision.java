package org.distr1.mirrors.coordinator.routing;

import java.util.List;
import org.distr1.mirrors.coordinator.origin.OriginFile;

/**
 * The answer for one request.
 *
 * @param file the origin's file, null when the origin has none (404)
 * @param mirror the chosen mirror, null when the origin must serve the file itself
 * @param alternates further candidates in order of preference (RFC 6249 duplicates)
 */
public record RouteDecision(
    OriginFile file, MirrorCandidate mirror, List<MirrorCandidate> alternates) {
  static final RouteDecision NOT_FOUND = new RouteDecision(null, null, List.of());

  public RouteDecision {
    alternates = List.copyOf(alternates);
  }

  public boolean found() {
    return file != null;
  }

  public boolean redirected() {
    return mirror != null;
  }
}
