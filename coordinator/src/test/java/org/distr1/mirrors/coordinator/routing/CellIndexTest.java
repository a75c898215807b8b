package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.NOW;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.distr1.mirrors.coordinator.routing.TestMirrors.Spec;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is rebuilt for every batch of node reports; the cell index (cells × mirrors to build)
 * is reused while the routable mirrors and their places stay the same, and only then.
 */
class CellIndexTest {
  private static final int MIRRORS = 120;

  private static MirrorTable table(Consumer<List<Spec>> change) {
    SplittableRandom random = new SplittableRandom(5);
    List<Spec> specs = new ArrayList<>();
    for (int id = 0; id < MIRRORS; id++) {
      specs.add(
          new Spec(id, "m" + id)
              .at(
                  new GeoPoint(random.nextDouble(-60, 60), random.nextDouble(-180, 180)),
                  "DE",
                  "EU"));
    }
    change.accept(specs);
    Map<Long, ProbeState> probes = new HashMap<>();
    specs.forEach(s -> probes.put(s.id, s.probe()));
    return new MirrorTable(
        specs.stream().map(Spec::candidate).toList(), probes, RoutingPolicy.DEFAULT, NOW);
  }

  private static boolean listed(CellIndex index, int position) {
    for (int cell = 0; cell < 36 * 72; cell++) {
      if (Arrays.stream(index.mirrors(cell)).anyMatch(p -> p == position)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aNewReportKeepsTheIndexAMoveOrAnOutageRebuildsIt() {
    CellIndex first = CellIndex.of(table(specs -> {}), 32, 500);
    // every mirror reports a later sync: routable as before, in the same places
    CellIndex reported =
        CellIndex.of(table(specs -> specs.forEach(s -> s.synced(SYNCED.plusSeconds(60)))), 32, 500);
    assertThat(reported).isSameAs(first);

    GeoPoint sydney = new GeoPoint(-33.87, 151.21);
    CellIndex moved = CellIndex.of(table(specs -> specs.get(7).at(sydney, "AU", "OC")), 32, 500);
    assertThat(moved).isNotSameAs(first);
    assertThat(moved.mirrors(CellIndex.cellOf(sydney))).contains(7);

    CellIndex down = CellIndex.of(table(specs -> specs.get(7).up = false), 32, 500);
    assertThat(down).isNotSameAs(moved);
    assertThat(listed(down, 7)).isFalse();
    assertThat(listed(first, 7)).isTrue();

    assertThat(CellIndex.of(table(specs -> specs.get(7).up = false), 32, 800)).isNotSameAs(down);
  }

  /**
   * A cell far from every mirror (here the South Pacific, 5,000 km and more from a cluster of 100
   * mirrors around Sydney) has the whole cluster in any of its clients' bands: its list holds them
   * all, so the walk decides there instead of running out after the nearest 32 and scanning every
   * mirror.
   */
  @Test
  void aCellFarFromTheMirrorsListsEveryMirrorItsClientsBandsCanHold() {
    SplittableRandom random = new SplittableRandom(11);
    List<Spec> specs = new ArrayList<>();
    Map<Long, ProbeState> probes = new HashMap<>();
    for (int id = 0; id < 100; id++) {
      Spec s =
          new Spec(id, "m" + id)
              .at(
                  new GeoPoint(
                      -33.9 + random.nextDouble(-1.5, 1.5), 151.2 + random.nextDouble(-1.5, 1.5)),
                  "AU",
                  "OC");
      specs.add(s);
      probes.put(s.id, s.probe());
    }
    MirrorTable table =
        new MirrorTable(
            specs.stream().map(Spec::candidate).toList(), probes, RoutingPolicy.DEFAULT, NOW);
    CellIndex index = CellIndex.of(table, 32, 500);

    int[] far = index.mirrors(CellIndex.cellOf(new GeoPoint(-42.5, -122.5)));
    assertThat(far).hasSize(100);
    // nearest first: the bounds of the walk fall along the list
    float[] bound = index.nearestDot(CellIndex.cellOf(new GeoPoint(-42.5, -122.5)));
    for (int j = 1; j < bound.length; j++) {
      assertThat(bound[j]).isLessThanOrEqualTo(bound[j - 1]);
    }
  }

  @Test
  void boundsRoundUpToAFloat() {
    for (double v : new double[] {0.1, -0.3, 0.999999999, 1, -1, 0, 0.5, Math.cos(0.2)}) {
      float f = CellIndex.roundedUp(v);
      assertThat((double) f).isGreaterThanOrEqualTo(v);
      assertThat((double) Math.nextDown(f)).isLessThan(v);
    }
  }
}
