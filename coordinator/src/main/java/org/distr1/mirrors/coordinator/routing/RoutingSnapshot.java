package org.distr1.mirrors.coordinator.routing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An immutable routing table: registry facts, probe results and the origin tree, joined once so
 * that the redirect path decides with a few array scans and never waits for anything.
 */
public final class RoutingSnapshot {
  private final MirrorTable table;
  private final Netblocks netblocks;
  private final OriginTree origin;
  /** For each mutable file, the mirrors confirmed to hold the origin's current bytes. */
  private final Map<String, BitSet> indexHolders;
  private final RoutingPolicy policy;

  private RoutingSnapshot(List<MirrorCandidate> mirrors, OriginTree origin,
      Map<Long, ProbeState> probes, RoutingPolicy policy) {
    this.table = new MirrorTable(mirrors, probes, policy);
    this.netblocks = new Netblocks(mirrors);
    this.origin = origin;
    this.policy = policy;
    this.indexHolders = indexHolders(table, origin, probes);
  }

  public static RoutingSnapshot build(List<MirrorCandidate> mirrors, OriginTree origin,
      Map<Long, ProbeState> probes, RoutingPolicy policy) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(policy, "policy");
    return new RoutingSnapshot(List.copyOf(mirrors), origin, Map.copyOf(probes), policy);
  }

  /**
   * A node's reported digests describe the snapshot it published at its reported sync start;
   * they are trusted only while a probe reads that very start from the node's freshness file.
   */
  private static Map<String, BitSet> indexHolders(MirrorTable table, OriginTree origin,
      Map<Long, ProbeState> probes) {
    Map<String, BitSet> holders = new HashMap<>();
    for (OriginFile file : origin.files()) {
      if (!file.mutable()) {
        continue;
      }
      BitSet set = new BitSet(table.size());
      for (int i = 0; i < table.size(); i++) {
        MirrorCandidate m = table.mirrors[i];
        if (table.blocked[i] == null
            && m.report().syncStartedAt().equals(probes.get(m.id()).freshness())
            && file.digest().equals(m.report().indexDigests().get(file.path()))) {
          set.set(i);
        }
      }
      holders.put(file.path(), set);
    }
    return holders;
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
  public RouteDecision route(String path, Client client, RandomGenerator random) {
    OriginFile file = origin.get(path);
    if (file == null) {
      return RouteDecision.NOT_FOUND;
    }
    // The same rules as exclusion(), flattened: mirrorList() states the reasons, this is fast.
    BitSet holders = holdersOf(file);
    long appeared = file.appearedAtMillis();
    boolean[] family = client.ipv6() ? table.ipv6 : table.ipv4;
    int country = MirrorTable.countryKey(client.location().countryCode());
    int continent = MirrorTable.continentKey(client.location().continentCode());
    long[] heldBefore = table.heldBeforeMillis;
    int[] region = table.region;
    Ranking ranking = Ranking.scratch(table);
    for (int i = 0; i < heldBefore.length; i++) {
      if (heldBefore[i] > appeared && family[i]
          && (region[i] == 0 || region[i] == country || region[i] == continent)
          && (holders == null || holders.get(i))) {
        ranking.add(i);
      }
    }
    if (ranking.count == 0) {
      return new RouteDecision(file, null, List.of());
    }
    ranking.rank(netblocks, client, policy.bandKm());
    int chosen = ranking.pick(random);
    int[] others = ranking.best(policy.alternates(), chosen);
    MirrorCandidate[] alternates = new MirrorCandidate[others.length];
    for (int a = 0; a < others.length; a++) {
      alternates[a] = table.mirrors[ranking.candidates[others[a]]];
    }
    return new RouteDecision(file, table.mirrors[ranking.candidates[chosen]], List.of(alternates));
  }

  /** Every mirror's standing for this path and client, or null when the origin has no such file. */
  public MirrorList mirrorList(String path, Client client) {
    OriginFile file = origin.get(path);
    if (file == null) {
      return null;
    }
    BitSet holders = holdersOf(file);
    Ranking ranking = Ranking.fresh(table);
    List<MirrorList.Excluded> excluded = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      Exclusion why = exclusion(i, file, holders, client);
      if (why == null) {
        ranking.add(i);
      } else {
        excluded.add(new MirrorList.Excluded(table.mirrors[i], why));
      }
    }
    ranking.rank(netblocks, client, policy.bandKm());
    List<Integer> order = new ArrayList<>(ranking.count);
    for (int k = 0; k < ranking.count; k++) {
      order.add(k);
    }
    order.sort(Comparator.comparingDouble(ranking::score));
    List<MirrorList.Ranked> ranked = new ArrayList<>(ranking.count);
    MirrorList.Preference[] preferences = MirrorList.Preference.values();
    for (int k : order) {
      Double km = Double.isNaN(ranking.dot[k]) ? null : Sphere.kilometres(ranking.dot[k]);
      ranked.add(new MirrorList.Ranked(table.mirrors[ranking.candidates[k]],
          preferences[ranking.tier[k]], km, ranking.inBand(k)));
    }
    return new MirrorList(file, client, ranked, excluded);
  }

  private BitSet holdersOf(OriginFile file) {
    return file.mutable() ? indexHolders.get(file.path()) : null;
  }

  private Exclusion exclusion(int i, OriginFile file, BitSet holders, Client client) {
    if (table.blocked[i] != null) {
      return table.blocked[i];
    }
    Exclusion refusal = table.refusal(i, client);
    if (refusal != null) {
      return refusal;
    }
    if (table.heldBeforeMillis[i] <= file.appearedAtMillis()) {
      return Exclusion.STALE;
    }
    if (holders != null && !holders.get(i)) {
      return Exclusion.INDEX_MISMATCH;
    }
    return null;
  }
}
