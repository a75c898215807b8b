package org.distr1.mirrors.coordinator.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.probe.ProbeState;

/**
 * Per-mirror facts flattened into arrays when a snapshot is built, so that deciding a route is a
 * few scans over primitives. Index i is the i-th candidate in registry order.
 */
final class MirrorTable {
  final MirrorCandidate[] mirrors;

  /** Why a mirror cannot serve anything right now, or null when it can serve fresh enough files. */
  final Exclusion[] blocked;

  /** Confirmed sync start in coordinator clock, minus the margin; files older than it are held. */
  final long[] heldBeforeMillis;

  final boolean[] ipv4;
  final boolean[] ipv6;

  /** 0 for world-wide mirrors, else the region key (see {@link #countryKey}) they are bound to. */
  final int[] region;

  final Scope[] scope;
  final String[] country;
  final String[] continent;
  final long[] asn;
  final boolean[] located;
  final double[] x;
  final double[] y;
  final double[] z;
  final double[] weight;

  /** Each mirror's {@link Rendezvous#mirrorKey}, so the redirect path only mixes. */
  final long[] key;

  /**
   * @param now for the age of each mirror's last sync
   */
  MirrorTable(
      List<MirrorCandidate> candidates,
      Map<Long, ProbeState> probes,
      RoutingPolicy policy,
      Instant now) {
    int n = candidates.size();
    mirrors = candidates.toArray(MirrorCandidate[]::new);
    blocked = new Exclusion[n];
    heldBeforeMillis = new long[n];
    ipv4 = new boolean[n];
    ipv6 = new boolean[n];
    region = new int[n];
    scope = new Scope[n];
    country = new String[n];
    continent = new String[n];
    asn = new long[n];
    located = new boolean[n];
    x = new double[n];
    y = new double[n];
    z = new double[n];
    weight = new double[n];
    key = new long[n];
    for (int i = 0; i < n; i++) {
      MirrorCandidate m = mirrors[i];
      ProbeState probe = probes.get(m.id());
      blocked[i] = blockedBy(m, probe, policy);
      heldBeforeMillis[i] =
          blocked[i] == null ? confirmedSyncStart(m, probe, policy) : Long.MIN_VALUE;
      if (blocked[i] == null
          && heldBeforeMillis[i] < now.minus(policy.maxSyncAge()).toEpochMilli()) {
        blocked[i] = Exclusion.OUTDATED;
        heldBeforeMillis[i] = Long.MIN_VALUE;
      }
      ipv4[i] = m.ipv4();
      ipv6[i] = m.ipv6();
      scope[i] = m.scope();
      region[i] =
          switch (m.scope()) {
            case WORLD -> 0;
            case COUNTRY -> countryKey(m.countryCode());
            case CONTINENT -> continentKey(m.continentCode());
          };
      country[i] = m.countryCode();
      continent[i] = m.continentCode();
      asn[i] = m.asn();
      located[i] = m.location() != null;
      if (located[i]) {
        double[] v = Sphere.unitVector(m.location());
        x[i] = v[0];
        y[i] = v[1];
        z[i] = v[2];
      }
      weight[i] = (double) m.bandwidthMbps() * m.adminScore();
      key[i] = Rendezvous.mirrorKey(m.id());
    }
  }

  /**
   * Region keys are positive ints so the hot path compares them without touching strings; an
   * unknown or malformed code is -1 and matches no mirror.
   */
  static int countryKey(String code) {
    return key(0x1_0000, code);
  }

  static int continentKey(String code) {
    return key(0x2_0000, code);
  }

  private static int key(int kind, String code) {
    if (code == null || code.length() != 2) {
      return -1;
    }
    return kind | code.charAt(0) << 8 | code.charAt(1);
  }

  /**
   * When the first mirror routable now passes the largest sync age (and a snapshot built then would
   * exclude it), null when none will.
   */
  Instant nextExpiry(RoutingPolicy policy) {
    long first = Long.MAX_VALUE;
    for (int i = 0; i < mirrors.length; i++) {
      if (blocked[i] == null) {
        first = Math.min(first, heldBeforeMillis[i]);
      }
    }
    return first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first).plus(policy.maxSyncAge());
  }

  int size() {
    return mirrors.length;
  }

  /**
   * The reported sync start only counts once a probe read the same or a later value from the
   * mirror's own freshness file.
   */
  private static long confirmedSyncStart(
      MirrorCandidate m, ProbeState probe, RoutingPolicy policy) {
    return m.report()
        .heldBeforeMillis(probe.freshness(), policy.maxClockSkew(), policy.syncMargin());
  }

  private static Exclusion blockedBy(MirrorCandidate m, ProbeState probe, RoutingPolicy policy) {
    if (!m.active()) {
      return Exclusion.PAUSED;
    }
    if (probe == null) {
      return Exclusion.NEVER_PROBED;
    }
    if (!probe.up()) {
      return Exclusion.DOWN;
    }
    if (m.report() == null) {
      return Exclusion.NO_REPORT;
    }
    if (probe.freshness() == null) {
      return Exclusion.UNCONFIRMED;
    }
    if (!m.report().clockSkew().trusted(policy.maxClockSkew())) {
      return Exclusion.CLOCK_SKEW;
    }
    return null;
  }
}
