package org.distr1.mirrors.coordinator.routing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.distr1.mirrors.coordinator.geo.GeoPoint;

/**
 * For each 5°×5° cell of the globe, the routable located mirrors nearest its centre, in order. A
 * client's route then walks a few of its cell's entries instead of every mirror: the walk stops
 * once no unvisited mirror can be inside the band or among the best alternates, which the cell's
 * radius bounds. When the list runs out first, the caller scans everything.
 */
final class CellIndex {
  private static final double CELL_DEGREES = 5;
  private static final int ROWS = 36;
  private static final int COLUMNS = 72;

  /** Float slack on the cell radius, far below any distance that matters (~0.6 m). */
  private static final double EPSILON = 1e-7;

  private static final double REACH_SLACK_KM = 200;
  private static final int MAXIMUM = 1024;

  /**
   * The index last built. Snapshots are rebuilt for every batch of node reports (each second under
   * a stream of them), which almost never changes which mirrors are routable or where they are:
   * building the index costs cells × mirrors, the comparison only mirrors.
   */
  private static final AtomicReference<CellIndex> LAST = new AtomicReference<>();

  private final int[][] mirrors;

  /**
   * cos(angle from the centre minus the cell radius): no point of the cell is nearer. Floats
   * rounded up, so still a bound no point passes (a walk may visit a mirror more, never one less):
   * up to 1,024 a cell in 2,592 cells, doubles were 21 MB at 10,000 mirrors.
   */
  private final float[][] nearestDot;

  /**
   * Per cell, the same bound for the nearest mirror left out of its list (negative infinity when
   * none was): a walk that runs out of its list is complete when this is below what matters.
   */
  private final float[] beyondDot;

  /** What the index was built from: table positions and unit vectors of the routable mirrors. */
  private final int[] routable;

  private final double[] positions;
  private final int minimum;
  private final double bandKm;

  /** The index of these mirrors, the last one built when its inputs are the same. */
  static CellIndex of(MirrorTable table, int minimum, double bandKm) {
    int[] routable = routable(table);
    double[] positions = positions(table, routable);
    CellIndex last = LAST.get();
    if (last != null
        && last.minimum == minimum
        && last.bandKm == bandKm
        && Arrays.equals(last.routable, routable)
        && Arrays.equals(last.positions, positions)) {
      return last;
    }
    CellIndex built = new CellIndex(table, routable, positions, minimum, bandKm);
    LAST.set(built);
    return built;
  }

  private static int[] routable(MirrorTable table) {
    return IntStream.range(0, table.size())
        .filter(i -> table.blocked[i] == null && table.located[i])
        .toArray();
  }

  private static double[] positions(MirrorTable table, int[] routable) {
    double[] positions = new double[3 * routable.length];
    for (int k = 0; k < routable.length; k++) {
      positions[3 * k] = table.x[routable[k]];
      positions[3 * k + 1] = table.y[routable[k]];
      positions[3 * k + 2] = table.z[routable[k]];
    }
    return positions;
  }

  private CellIndex(
      MirrorTable table, int[] routable, double[] positions, int minimum, double bandKm) {
    this.routable = routable;
    this.positions = positions;
    this.minimum = minimum;
    this.bandKm = bandKm;
    mirrors = new int[ROWS * COLUMNS][];
    nearestDot = new float[ROWS * COLUMNS][];
    beyondDot = new float[ROWS * COLUMNS];
    boolean[] listed = new boolean[routable.length]; // scratch, clear between cells
    for (int row = 0; row < ROWS; row++) {
      for (int column = 0; column < COLUMNS; column++) {
        double south = row * CELL_DEGREES - 90;
        double west = column * CELL_DEGREES - 180;
        double[] centre =
            Sphere.unitVector(new GeoPoint(south + CELL_DEGREES / 2, west + CELL_DEGREES / 2));
        // on a latitude/longitude box the farthest point from the centre is a corner
        double radius = 0;
        for (double lat : new double[] {south, south + CELL_DEGREES}) {
          for (double lon : new double[] {west, west + CELL_DEGREES}) {
            double[] corner = Sphere.unitVector(new GeoPoint(lat, lon));
            radius =
                Math.max(
                    radius,
                    Math.acos(
                        Math.min(
                            1,
                            centre[0] * corner[0]
                                + centre[1] * corner[1]
                                + centre[2] * corner[2])));
          }
        }
        index(row * COLUMNS + column, centre, radius, table, routable, minimum, bandKm, listed);
      }
    }
  }

  /**
   * Keeps, nearest first, every mirror that can be in the band of a client anywhere in the cell, or
   * at least the nearest {@code minimum}; at most {@code MAXIMUM}.
   *
   * <p>A client at most {@code radius} from the centre has a mirror within the nearest one's
   * distance from the centre plus {@code radius}, so its band ends within that plus the band, and
   * every mirror in it lies within that plus {@code radius} again of the centre. Counting from the
   * nearest mirror, not from the centre, matters far from the mirrors: a cell in the middle of an
   * ocean sees a whole distant cluster in its band, and a list of only its nearest {@code minimum}
   * made each of its clients' routes scan every mirror.
   */
  private void index(
      int cell,
      double[] centre,
      double radius,
      MirrorTable table,
      int[] routable,
      int minimum,
      double bandKm,
      boolean[] listed) {
    double[] dots = new double[routable.length];
    double nearest = -1;
    for (int k = 0; k < routable.length; k++) {
      int i = routable[k];
      dots[k] = centre[0] * table.x[i] + centre[1] * table.y[i] + centre[2] * table.z[i];
      nearest = Math.max(nearest, dots[k]);
    }
    double reach =
        Math.cos(
            Math.min(
                Math.PI,
                Math.acos(Math.min(1, nearest))
                    + (bandKm + REACH_SLACK_KM) / Sphere.EARTH_RADIUS_KM
                    + 2 * radius));
    int[] selected = new int[routable.length];
    int kept = 0;
    for (int k = 0; k < routable.length; k++) {
      if (dots[k] >= reach) {
        selected[kept++] = k;
      }
    }
    if (kept < minimum) { // fewer within reach: the nearest few, however far
      selected = nearest(dots, minimum);
      kept = selected.length;
    }
    Integer[] order = new Integer[kept];
    for (int j = 0; j < kept; j++) {
      order[j] = selected[j];
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(dots[b], dots[a]));
    int keep = Math.min(kept, Math.max(minimum, MAXIMUM));
    mirrors[cell] = new int[keep];
    nearestDot[cell] = new float[keep];
    for (int j = 0; j < keep; j++) {
      mirrors[cell][j] = routable[order[j]];
      nearestDot[cell][j] = bound(dots[order[j]], radius);
      listed[order[j]] = true;
    }
    double beyond = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < routable.length; k++) {
      if (!listed[k]) {
        beyond = Math.max(beyond, dots[k]);
      }
    }
    beyondDot[cell] =
        beyond == Double.NEGATIVE_INFINITY ? Float.NEGATIVE_INFINITY : bound(beyond, radius);
    for (int j = 0; j < keep; j++) {
      listed[order[j]] = false;
    }
  }

  /** The largest dot product with any point of a cell of this radius, rounded up to a float. */
  private static float bound(double dotWithCentre, double radius) {
    double angle = Math.acos(Math.max(-1, Math.min(1, dotWithCentre)));
    return roundedUp(Math.cos(Math.max(0, angle - radius - EPSILON)));
  }

  /** Positions of the n largest values, by insertion into a sorted window of n. */
  private static int[] nearest(double[] dots, int n) {
    int[] top = new int[Math.min(n, dots.length)];
    int filled = 0;
    for (int k = 0; k < dots.length; k++) {
      if (filled == top.length && (top.length == 0 || dots[k] <= dots[top[filled - 1]])) {
        continue;
      }
      int at = Math.min(filled, top.length - 1);
      while (at > 0 && dots[top[at - 1]] < dots[k]) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = k;
      filled = Math.min(filled + 1, top.length);
    }
    return top;
  }

  static int cellOf(GeoPoint p) {
    int row = Math.min(ROWS - 1, (int) ((p.latitude() + 90) / CELL_DEGREES));
    int column = Math.min(COLUMNS - 1, (int) ((p.longitude() + 180) / CELL_DEGREES));
    return row * COLUMNS + column;
  }

  int[] mirrors(int cell) {
    return mirrors[cell];
  }

  float[] nearestDot(int cell) {
    return nearestDot[cell];
  }

  /** The bound of {@link #nearestDot} for every routable located mirror not in the cell's list. */
  float beyondDot(int cell) {
    return beyondDot[cell];
  }

  /** The least float not below {@code value}. */
  static float roundedUp(double value) {
    float f = (float) value;
    return f < value ? Math.nextUp(f) : f;
  }
}
