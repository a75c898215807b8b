package org.distr1.mirrors.coordinator.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeState;

/**
 * An immutable routing table: registry facts, probe results and the origin tree, joined once so
 * that the redirect path decides with a few array scans and never waits for anything.
 */
public final class RoutingSnapshot {
  private static final int CELL_LIST = 32;

  private final MirrorTable table;
  private final Netblocks netblocks;
  private final OriginTree origin;

  /** For each index deciding mutable paths, the mirrors confirmed to hold the origin's bytes. */
  private final Map<String, BitSet> indexHolders;

  private final RoutingPolicy policy;

  /** Null for networks small enough that scanning every mirror is as quick. */
  private final CellIndex cells;

  /** ASNs of mirrors: a client in one of them may prefer a mirror outside its cell's list. */
  private final Set<Long> mirrorAsns;

  private RoutingSnapshot(
      List<MirrorCandidate> mirrors,
      OriginTree origin,
      Map<Long, ProbeState> probes,
      RoutingPolicy policy,
      Instant now) {
    this.table = new MirrorTable(mirrors, probes, policy, now);
    this.netblocks = new Netblocks(mirrors);
    this.origin = origin;
    this.policy = policy;
    this.indexHolders = indexHolders(table, origin, probes);
    long routable = IntStream.range(0, table.size()).filter(i -> table.blocked[i] == null).count();
    this.cells = routable > 2 * CELL_LIST ? CellIndex.of(table, CELL_LIST, policy.bandKm()) : null;
    this.mirrorAsns =
        mirrors.stream()
            .map(MirrorCandidate::asn)
            .filter(a -> a != 0)
            .collect(Collectors.toUnmodifiableSet());
  }

  public static RoutingSnapshot build(
      List<MirrorCandidate> mirrors,
      OriginTree origin,
      Map<Long, ProbeState> probes,
      RoutingPolicy policy) {
    return build(mirrors, origin, probes, policy, Instant.now());
  }

  /**
   * @param now the time the snapshot is built for (a mirror's sync age counts from it)
   */
  public static RoutingSnapshot build(
      List<MirrorCandidate> mirrors,
      OriginTree origin,
      Map<Long, ProbeState> probes,
      RoutingPolicy policy,
      Instant now) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(policy, "policy");
    return new RoutingSnapshot(List.copyOf(mirrors), origin, Map.copyOf(probes), policy, now);
  }

  /** When a snapshot built now would route differently only because time passed; null: never. */
  public Instant nextExpiry() {
    return table.nextExpiry(policy);
  }

  /**
   * A node's reported digests describe the snapshot it published at its reported sync start; they
   * are trusted only while a probe reads that very start from the node's freshness file. Each
   * routable mirror's own few reported digests are compared, not every index against every mirror.
   */
  private static Map<String, BitSet> indexHolders(
      MirrorTable table, OriginTree origin, Map<Long, ProbeState> probes) {
    Map<String, String> indexes = origin.indexes();
    Map<String, BitSet> holders = new HashMap<>();
    for (String index : indexes.keySet()) {
      holders.put(index, new BitSet(table.size()));
    }
    for (int i = 0; i < table.size(); i++) {
      MirrorCandidate m = table.mirrors[i];
      if (table.blocked[i] != null
          || !sameSecond(m.report().syncStartedAt(), probes.get(m.id()).freshness())) {
        continue;
      }
      for (Map.Entry<String, String> reported : m.report().indexDigests().entrySet()) {
        String digest = indexes.get(reported.getKey());
        if (digest != null && digest.equals(reported.getValue())) {
          holders.get(reported.getKey()).set(i);
        }
      }
    }
    return holders;
  }

  /** The freshness file holds whole seconds; a report may carry the same start more exactly. */
  private static boolean sameSecond(java.time.Instant a, java.time.Instant b) {
    return a.getEpochSecond() == b.getEpochSecond();
  }

  public OriginTree origin() {
    return origin;
  }

  public RoutingPolicy policy() {
    return policy;
  }

  /** The registered mirrors, in registry order. */
  public List<MirrorCandidate> mirrors() {
    return List.of(table.mirrors);
  }

  /** Where to send a request for this normalized repository path (no leading slash). */
  public RouteDecision route(String path, Client client) {
    OriginFile file = origin.get(path);
    if (file == null) {
      return RouteDecision.NOT_FOUND;
    }
    Eligibility eligible = new Eligibility(table, file, holdersOf(file), client);
    Ranking ranking = Ranking.scratch(table);
    GeoPoint point = client.location().point();
    boolean walked =
        cells != null
            && point != null
            && !mirrorAsns.contains(client.location().asn())
            && netblocks.claims(client.address()).length == 0
            && walkCell(ranking, eligible, point);
    if (!walked) {
      ranking.clear();
      for (int i = 0; i < table.size(); i++) {
        if (eligible.why(i) == null) {
          ranking.add(i);
        }
      }
    }
    if (ranking.count == 0) {
      return new RouteDecision(file, null, List.of());
    }
    ranking.rank(netblocks, client, policy.bandKm());
    int chosen = ranking.pick(Rendezvous.clientKey(client.address()));
    int[] others = ranking.best(policy.alternates(), chosen);
    MirrorCandidate[] alternates = new MirrorCandidate[others.length];
    for (int a = 0; a < others.length; a++) {
      alternates[a] = table.mirrors[ranking.candidates[others[a]]];
    }
    return new RouteDecision(file, table.mirrors[ranking.candidates[chosen]], List.of(alternates));
  }

  /**
   * Adds the eligible mirrors of the client's cell list, nearest first, until no mirror left
   * unvisited can be in the band or among the alternates, and keeps only those that can; false when
   * the list ran out first and a mirror left out of it could still matter. The ranking breaks every
   * tie by registry order, so the candidates in the walk's order decide exactly as a full scan's
   * (sorting them back cost as much as ranking a wide band).
   */
  private boolean walkCell(Ranking ranking, Eligibility eligible, GeoPoint point) {
    int cell = CellIndex.cellOf(point);
    int[] list = cells.mirrors(cell);
    float[] bound = cells.nearestDot(cell);
    double[] v = Sphere.unitVector(point);
    double[] best = new double[policy.alternates() + 1];
    int found = 0;
    double bandDot = Double.POSITIVE_INFINITY;
    for (int j = 0; ; j++) {
      // past the list's end, the bound of every mirror left out of it (unlocated mirrors, never in
      // a cell's list, can only matter as alternates when fewer were found)
      float next = j < list.length ? bound[j] : cells.beyondDot(cell);
      if (found == best.length) {
        double least = Math.min(bandDot, best[best.length - 1]);
        if (next < least) {
          // a walked mirror below both can be neither chosen nor listed: ranking a wide cell's
          // whole walk (hundreds of mirrors past a dense cluster) was most of a route decision
          ranking.retainDotAtLeast(least);
          return true;
        }
      }
      if (j == list.length) {
        return false;
      }
      int i = list[j];
      if (eligible.why(i) != null) {
        continue;
      }
      double d = v[0] * table.x[i] + v[1] * table.y[i] + v[2] * table.z[i];
      ranking.add(i, d);
      if (found == 0 || d > best[0]) {
        bandDot = Sphere.dotWithin(Sphere.kilometres(d) + policy.bandKm());
      }
      int at = Math.min(found, best.length - 1);
      if (found < best.length || d > best[at]) {
        while (at > 0 && best[at - 1] < d) {
          best[at] = best[at - 1];
          at--;
        }
        best[at] = d;
        found = Math.min(found + 1, best.length);
      }
    }
  }

  /** Every mirror's standing for this path and client, or null when the origin has no such file. */
  public MirrorList mirrorList(String path, Client client) {
    OriginFile file = origin.get(path);
    if (file == null) {
      return null;
    }
    Eligibility eligibility = new Eligibility(table, file, holdersOf(file), client);
    Ranking ranking = Ranking.fresh(table);
    List<MirrorList.Excluded> excluded = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      Exclusion why = eligibility.why(i);
      if (why == null) {
        ranking.add(i);
      } else {
        excluded.add(new MirrorList.Excluded(table.mirrors[i], why));
      }
    }
    ranking.rank(netblocks, client, policy.bandKm());
    MirrorList.Choice choice = null;
    double bandWeight = ranking.bandWeight();
    if (ranking.count > 0) {
      int chosen = ranking.pick(Rendezvous.clientKey(client.address()));
      int k = ranking.candidates[chosen];
      choice =
          new MirrorList.Choice(
              table.mirrors[k],
              ranking.bandSize(),
              bandWeight > 0 ? table.weight[k] / bandWeight : null);
    }
    List<Integer> order = new ArrayList<>(ranking.count);
    for (int k = 0; k < ranking.count; k++) {
      order.add(k);
    }
    order.sort(Comparator.comparingDouble(ranking::score));
    List<MirrorList.Ranked> ranked = new ArrayList<>(ranking.count);
    MirrorList.Preference[] preferences = MirrorList.Preference.values();
    for (int k : order) {
      Double km = Double.isNaN(ranking.dot[k]) ? null : Sphere.kilometres(ranking.dot[k]);
      ranked.add(
          new MirrorList.Ranked(
              table.mirrors[ranking.candidates[k]],
              preferences[ranking.tier[k]],
              km,
              ranking.inBand(k),
              ranking.inBand(k) && bandWeight > 0
                  ? Math.max(0, table.weight[ranking.candidates[k]]) / bandWeight
                  : null));
    }
    return new MirrorList(file, client, ranked, excluded, choice);
  }

  private BitSet holdersOf(OriginFile file) {
    return file.mutable() ? indexHolders.get(file.digestPath()) : null;
  }
}
