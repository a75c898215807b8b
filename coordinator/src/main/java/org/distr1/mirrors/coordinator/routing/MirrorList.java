package org.distr1.mirrors.coordinator.routing;

import java.util.List;
import java.util.Objects;
import org.distr1.mirrors.coordinator.origin.OriginFile;

/** Every mirror's standing for one request: the candidates in order, and why the rest are not. */
public record MirrorList(
    OriginFile file, Client client, List<Ranked> candidates, List<Excluded> excluded) {
  /** Which rule ranks a candidate first. */
  public enum Preference {
    NETBLOCK,
    ASN,
    DISTANCE
  }

  /**
   * @param distanceKm great-circle distance to the client, null when either location is unknown
   * @param inBand shares load with the nearest mirror of its preference
   */
  public record Ranked(
      MirrorCandidate mirror, Preference preference, Double distanceKm, boolean inBand) {
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

  public MirrorList {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(client, "client");
    candidates = List.copyOf(candidates);
    excluded = List.copyOf(excluded);
  }
}
