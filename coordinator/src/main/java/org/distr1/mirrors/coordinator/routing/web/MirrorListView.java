package org.distr1.mirrors.coordinator.routing.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import org.distr1.mirrors.coordinator.routing.Client;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.MirrorList;

/** The {@code ?mirrorlist} answer: what routing would do for this client, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MirrorListView(
    String path,
    ClientView client,
    ChoiceView choice,
    List<CandidateView> candidates,
    List<ExcludedView> excluded) {

  public record ClientView(
      String address,
      String country,
      String continent,
      Double latitude,
      Double longitude,
      Long asn) {}

  /**
   * The mirror this client is redirected to; absent when the origin serves the file.
   *
   * @param share its share of the band's clients (0 to 1)
   */
  public record ChoiceView(String name, String url, int bandSize, Double share, String reason) {}

  /**
   * @param url where this mirror serves the path
   * @param share the fraction of the band's clients it gets (0 to 1), absent outside the band
   * @param chosen whether this client gets it
   */
  public record CandidateView(
      String name,
      String url,
      String country,
      String preference,
      Double distanceKm,
      boolean inBand,
      Double share,
      boolean chosen) {}

  /**
   * @param code stable machine name of the reason, e.g. {@code stale}
   */
  public record ExcludedView(String name, String url, String code, String reason) {}

  static MirrorListView of(String path, MirrorList list) {
    Client c = list.client();
    var point = c.location().point();
    ClientView client =
        new ClientView(
            c.address().getHostAddress(),
            c.location().countryCode(),
            c.location().continentCode(),
            point == null ? null : point.latitude(),
            point == null ? null : point.longitude(),
            c.location().asn() == 0 ? null : c.location().asn());
    MirrorList.Choice choice = list.choice();
    ChoiceView chosen =
        choice == null
            ? null
            : new ChoiceView(
                choice.mirror().name(),
                MirrorUrls.of(choice.mirror(), path),
                choice.bandSize(),
                rounded(choice.share()),
                choice.reason());
    List<CandidateView> candidates =
        list.candidates().stream()
            .map(
                r ->
                    new CandidateView(
                        r.mirror().name(),
                        MirrorUrls.of(r.mirror(), path),
                        r.mirror().countryCode(),
                        r.preference().name().toLowerCase(Locale.ROOT),
                        r.distanceKm() == null ? null : (double) Math.round(r.distanceKm()),
                        r.inBand(),
                        rounded(r.share()),
                        choice != null && r.mirror().equals(choice.mirror())))
            .toList();
    List<ExcludedView> excluded =
        list.excluded().stream()
            .map(
                e ->
                    new ExcludedView(
                        e.mirror().name(),
                        baseOf(e.mirror()),
                        e.exclusion().name().toLowerCase(Locale.ROOT),
                        e.exclusion().reason()))
            .toList();
    return new MirrorListView("/" + path, client, chosen, candidates, excluded);
  }

  private static Double rounded(Double share) {
    return share == null ? null : Math.round(share * 1000) / 1000.0;
  }

  private static String baseOf(MirrorCandidate mirror) {
    return mirror.baseUrl().toString();
  }
}
