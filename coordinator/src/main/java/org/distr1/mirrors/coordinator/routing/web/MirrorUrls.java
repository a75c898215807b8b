package org.distr1.mirrors.coordinator.routing.web;

import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.eclipse.jetty.util.URIUtil;

/**
 * A mirror's URL for a repository path: its registered base URL plus the normalized path,
 * percent-encoded. The path has no {@code ..} or empty segments (RepositoryPath guarantees it), so
 * the result never leaves the base URL.
 */
final class MirrorUrls {
  private MirrorUrls() {}

  /**
   * @param path normalized repository path without leading slash
   */
  static String of(MirrorCandidate mirror, String path) {
    return mirror.baseUrl().toString() + encode(path);
  }

  /** The path part every mirror's URL shares; a redirect encodes it once for all its links. */
  static String encode(String path) {
    return URIUtil.encodePath(path);
  }
}
