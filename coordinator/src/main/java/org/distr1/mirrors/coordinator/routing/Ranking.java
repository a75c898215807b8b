package org.distr1.mirrors.coordinator.routing;

import org.distr1.mirrors.coordinator.geo.GeoPoint;

/**
 * Orders a request's candidates: a mirror claiming the client's netblock first, then one in the
 * client's ASN, then by great-circle distance. The best tier's mirrors within the band of the
 * nearest share the load by weight, each client address sticking to one of them.
 *
 * <p>The redirect path reuses one instance per thread ({@link #scratch}), so deciding a route
 * allocates nothing proportional to the number of mirrors.
 */
final class Ranking {
  static final int NETBLOCK = 0;
  static final int ASN = 1;
  static final int DISTANCE = 2;

  /** See {@link #pick}: relative rounding of the bound and the draw is below 1e-15. */
  private static final double SKIP_MARGIN = 1 + 1e-9;

  private static final ThreadLocal<Ranking> SCRATCH = ThreadLocal.withInitial(Ranking::new);

  private MirrorTable table;
  int[] candidates = new int[0];
  int count;
  int[] tier = new int[0];

  /** Dot product of mirror and client unit vectors, NaN when either location is unknown. */
  double[] dot = new double[0];

  private boolean[] claimed = new boolean[0];
  int bestTier;

  /** Smallest dot product inside the band, NaN when the best tier has no distance to compare. */
  private double bandDot;

  static Ranking scratch(MirrorTable table) {
    return SCRATCH.get().reset(table);
  }

  static Ranking fresh(MirrorTable table) {
    return new Ranking().reset(table);
  }

  private Ranking reset(MirrorTable table) {
    this.table = table;
    int n = table.size();
    if (candidates.length < n) {
      candidates = new int[n];
      tier = new int[n];
      dot = new double[n];
      claimed = new boolean[n];
    }
    count = 0;
    return this;
  }

  void clear() {
    count = 0;
  }

  void add(int mirror) {
    candidates[count++] = mirror;
  }

  /** Adds a candidate with its dot product, for {@link #retainDotAtLeast}. */
  void add(int mirror, double dot) {
    this.dot[count] = dot;
    candidates[count++] = mirror;
  }

  /**
   * Keeps, in their order, the candidates added with a dot product of at least {@code least}. Only
   * for candidates all added by {@link #add(int, double)}, before {@link #rank}.
   */
  void retainDotAtLeast(double least) {
    int kept = 0;
    for (int k = 0; k < count; k++) {
      if (dot[k] >= least) {
        candidates[kept] = candidates[k];
        dot[kept++] = dot[k];
      }
    }
    count = kept;
  }

  /** Computes tiers, distances and the band once all candidates are added. */
  void rank(Netblocks netblocks, Client client, double bandKm) {
    int[][] claims = netblocks.claims(client.address());
    for (int[] claim : claims) {
      for (int m : claim) {
        claimed[m] = true;
      }
    }
    long clientAsn = client.location().asn();
    GeoPoint point = client.location().point();
    double[] v = point == null ? null : Sphere.unitVector(point);
    int best = DISTANCE;
    double nearest = Double.NaN;
    for (int k = 0; k < count; k++) {
      int i = candidates[k];
      int t = claimed[i] ? NETBLOCK : clientAsn != 0 && table.asn[i] == clientAsn ? ASN : DISTANCE;
      tier[k] = t;
      double d =
          v != null && table.located[i]
              ? v[0] * table.x[i] + v[1] * table.y[i] + v[2] * table.z[i]
              : Double.NaN;
      dot[k] = d;
      if (t < best) {
        best = t;
        nearest = d;
      } else if (t == best && !(d <= nearest)) {
        nearest = Double.isNaN(d) ? nearest : d;
      }
    }
    for (int[] claim : claims) {
      for (int m : claim) {
        claimed[m] = false;
      }
    }
    bestTier = best;
    bandDot =
        Double.isNaN(nearest) ? Double.NaN : Sphere.dotWithin(Sphere.kilometres(nearest) + bandKm);
  }

  boolean inBand(int k) {
    return tier[k] == bestTier && (Double.isNaN(bandDot) || dot[k] >= bandDot);
  }

  /** Lower is better: tier first, then distance; mirrors of unknown place after located ones. */
  double score(int k) {
    return tier[k] * 4 + (Double.isNaN(dot[k]) ? 3 : 1 - dot[k]);
  }

  /**
   * Position (in candidates) of the mirror this client gets among those in the band: weighted
   * rendezvous hashing of its address ({@link Rendezvous}). When no mirror in the band has a
   * weight, the best by score. Ties go to the mirror first in registry order, so the order the
   * candidates were added in does not matter.
   */
  int pick(long clientKey) {
    int fallback = -1;
    int chosen = -1;
    double lowest = Double.POSITIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      if (!inBand(k)) {
        continue;
      }
      if (fallback < 0 || before(k, fallback)) {
        fallback = k;
      }
      int i = candidates[k];
      double w = table.weight[i];
      if (w > 0) {
        double u = Rendezvous.uniform(clientKey, table.key[i]);
        // -ln(u) >= 1 - u: a mirror whose bound already loses needs no logarithm, the most of
        // a wide band's cost. The margin is far above rounding, so a skipped mirror never wins.
        if (chosen >= 0 && (1 - u) / w > lowest * SKIP_MARGIN) {
          continue;
        }
        double draw = Rendezvous.draw(u, w);
        if (draw < lowest || draw == lowest && i < candidates[chosen]) {
          lowest = draw;
          chosen = k;
        }
      }
    }
    return chosen >= 0 ? chosen : fallback;
  }

  /** Whether position a ranks before position b: lower score, on a tie first in registry order. */
  private boolean before(int a, int b) {
    double sa = score(a);
    double sb = score(b);
    return sa < sb || sa == sb && candidates[a] < candidates[b];
  }

  /**
   * The band's total weight: a chosen mirror's share of the band's clients is its weight over it.
   */
  double bandWeight() {
    double total = 0;
    for (int k = 0; k < count; k++) {
      if (inBand(k)) {
        total += Math.max(0, table.weight[candidates[k]]);
      }
    }
    return total;
  }

  /** How many candidates share the band. */
  int bandSize() {
    int n = 0;
    for (int k = 0; k < count; k++) {
      if (inBand(k)) {
        n++;
      }
    }
    return n;
  }

  /** Up to limit positions in order of score (ties in registry order), skipping one position. */
  int[] best(int limit, int skip) {
    int[] top = new int[Math.min(limit, Math.max(0, count - 1))];
    double[] topScore = new double[top.length];
    int filled = 0;
    for (int k = 0; k < count; k++) {
      if (k == skip) {
        continue;
      }
      double s = score(k);
      int at = filled;
      while (at > 0
          && (topScore[at - 1] > s
              || topScore[at - 1] == s && candidates[top[at - 1]] > candidates[k])) {
        at--;
      }
      if (at < top.length) {
        int end = Math.min(filled, top.length - 1);
        System.arraycopy(top, at, top, at + 1, end - at);
        System.arraycopy(topScore, at, topScore, at + 1, end - at);
        top[at] = k;
        topScore[at] = s;
        filled = Math.min(filled + 1, top.length);
      }
    }
    return top;
  }
}
