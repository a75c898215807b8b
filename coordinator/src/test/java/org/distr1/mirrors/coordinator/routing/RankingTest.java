package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.NOW;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/**
 * The cell walk adds candidates nearest first, the full scan in registry order: the ranking must
 * decide the same either way, and its shortcut past the logarithm must never change the winner.
 */
class RankingTest {
  private static final Client CLIENT =
      TestMirrors.client("192.0.2.7", new GeoPoint(50.0, 8.0), "DE", "EU");

  private static MirrorTable table(List<Spec> specs) {
    Map<Long, ProbeState> probes = new HashMap<>();
    specs.forEach(s -> probes.put(s.id, s.probe()));
    return new MirrorTable(
        specs.stream().map(Spec::candidate).toList(), probes, RoutingPolicy.DEFAULT, NOW);
  }

  private static int[] decide(MirrorTable table, int[] order, long clientKey) {
    Ranking ranking = Ranking.fresh(table);
    for (int i : order) {
      ranking.add(i);
    }
    ranking.rank(new Netblocks(List.of()), CLIENT, 500);
    int chosen = ranking.pick(clientKey);
    int[] others = ranking.best(4, chosen);
    int[] mirrors = new int[others.length + 1];
    mirrors[0] = ranking.candidates[chosen];
    for (int a = 0; a < others.length; a++) {
      mirrors[a + 1] = ranking.candidates[others[a]];
    }
    return mirrors;
  }

  @Test
  void tiesGoToRegistryOrderWhateverOrderTheCandidatesCameIn() {
    // ten mirrors at one place without weight: equal scores, the fallback and alternates by order
    List<Spec> specs = new ArrayList<>();
    for (int id = 0; id < 10; id++) {
      Spec s = new Spec(id, "m" + id).at(TestMirrors.FRANKFURT, "DE", "EU");
      s.bandwidth = 0;
      specs.add(s);
    }
    MirrorTable table = table(specs);
    int[] forward = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    int[] backward = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
    assertThat(decide(table, forward, 42)).containsExactly(0, 1, 2, 3, 4);
    assertThat(decide(table, backward, 42)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void theChosenMirrorHasTheLowestDrawOfTheBand() {
    SplittableRandom random = new SplittableRandom(3);
    List<Spec> specs = new ArrayList<>();
    int[] weights = {1000, 10000, 40000};
    for (int id = 0; id < 300; id++) {
      Spec s =
          new Spec(id, "m" + id)
              .at(
                  new GeoPoint(50 + random.nextDouble(-2, 2), 8 + random.nextDouble(-2, 2)),
                  "DE",
                  "EU");
      s.bandwidth = weights[random.nextInt(weights.length)];
      specs.add(s);
    }
    MirrorTable table = table(specs);
    int[] order = new int[specs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = order.length - 1 - i;
    }
    for (int c = 0; c < 2000; c++) {
      long key = Rendezvous.mix(c);
      int expected = -1;
      double lowest = Double.POSITIVE_INFINITY;
      for (int i = 0; i < table.size(); i++) { // every mirror here is in the band
        double draw = Rendezvous.draw(Rendezvous.uniform(key, table.key[i]), table.weight[i]);
        if (draw < lowest) {
          lowest = draw;
          expected = i;
        }
      }
      assertThat(decide(table, order, key)[0]).isEqualTo(expected);
    }
  }
}
