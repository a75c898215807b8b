package org.distr1.mirrors.coordinator.routing;

import java.util.List;
import java.util.Objects;
import org.distr1.mirrors.coordinator.origin.OriginFile;

/**
 * Every mirror's standing for one request: the candidates in order, the one this client gets, and
 * why the rest are not candidates.
 *
 * @param choice null when there is no candidate (the origin serves the file)
 */
public record MirrorList(
    OriginFile file,
    Client client,
    List<Ranked> candidates,
    List<Excluded> excluded,
    Choice choice) {
  /** Which rule ranks a candidate first. */
  public enum Preference {
    NETBLOCK,
    ASN,
    DISTANCE
  }

  /**
   * @param distanceKm great-circle distance to the client, null when either location is unknown
   * @param inBand shares load with the nearest mirror of its preference
   * @param share the fraction of the band's clients it gets (its weight over the band's), null
   *     outside the band or when no mirror in the band has a weight
   */
  public record Ranked(
      MirrorCandidate mirror,
      Preference preference,
      Double distanceKm,
      boolean inBand,
      Double share) {
    public Ranked {
      Objects.requireNonNull(mirror, "mirror");
      Objects.requireNonNull(preference, "preference");
    }
  }

  public record Excluded(MirrorCandidate mirror, Exclusion exclusion) {
    public Excluded {
      Objects.requireNonNull(mirror, "mirror");
      Objects.requireNonNull(exclusion, "exclusion");
    }
  }

  /**
   * The candidate this client's address is sent to.
   *
   * @param bandSize how many candidates share the band it was chosen from
   * @param share its share of the band's clients, null when no mirror in the band has a weight
   *     (then the nearest is chosen)
   */
  public record Choice(MirrorCandidate mirror, int bandSize, Double share) {
    public Choice {
      Objects.requireNonNull(mirror, "mirror");
    }

    /** Why this client gets this mirror, for people. */
    public String reason() {
      if (bandSize == 1) {
        return "the only candidate in the nearest band";
      }
      if (share == null) {
        return "the nearest of " + bandSize + " candidates in the band, none of which has a weight";
      }
      return "picked for this address by weighted rendezvous hashing among the "
          + bandSize
          + " candidates in the nearest band, where it gets "
          + Math.round(share * 100)
          + " % of the clients (bandwidth × score); the same address always gets it";
    }
  }

  public MirrorList {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(client, "client");
    candidates = List.copyOf(candidates);
    excluded = List.copyOf(excluded);
  }
}
