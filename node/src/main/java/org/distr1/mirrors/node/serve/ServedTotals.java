package org.distr1.mirrors.node.serve;

import java.util.Map;

/**
 * What this node has served since start, by content coding ({@code zstd}, {@code gzip}, {@code
 * identity}); read by the health reporter. Immutable.
 */
public record ServedTotals(Map<String, Counts> byEncoding) {
  public ServedTotals {
    byEncoding = Map.copyOf(byEncoding);
  }

  /**
   * @param bytes body bytes sent (HEAD and 304 count as requests with no bytes)
   */
  public record Counts(long requests, long bytes) {
    public Counts {
      if (requests < 0 || bytes < 0) {
        throw new IllegalArgumentException("counts cannot be negative");
      }
    }
  }
}
