package org.distr1.mirrors.coordinator.registry;

import java.time.Duration;
import java.time.Instant;
import org.distr1.mirrors.shared.api.NodeReport;

/**
 * What the coordinator knows of a node's clock (node minus coordinator): at least {@code
 * lowMillis}, at most {@code highMillis}. A report's {@code nodeTime} minus its arrival is only a
 * lower bound — time in transit or in a queue makes it smaller — and an answer's time against when
 * the node got it is only an upper bound. Freshness is converted with the upper bound, so a delay
 * in either direction makes a mirror look older, never fresher.
 *
 * @param highMillis null while the node has not sent back an answer (its first report) or when what
 *     it sent back contradicts the lower bound (its clock was stepped)
 */
public record ClockSkew(long lowMillis, Long highMillis) {

  public ClockSkew {
    if (highMillis != null && highMillis < lowMillis) {
      throw new IllegalArgumentException(
          "upper bound " + highMillis + " below lower bound " + lowMillis);
    }
  }

  /** A skew known exactly (tests, stand-ins). */
  public static ClockSkew exactly(Duration skew) {
    return new ClockSkew(skew.toMillis(), skew.toMillis());
  }

  /** From a report that arrived at {@code arrival}; null high when the echo is not usable. */
  static ClockSkew measure(Instant arrival, NodeReport report) {
    long low = Duration.between(arrival, report.nodeTime()).toMillis();
    NodeReport.AnswerSeen echo = report.lastAnswer();
    Long high = null;
    if (echo != null
        && !echo.receivedAt().isAfter(arrival)
        && !echo.nodeTime().isAfter(report.nodeTime())) {
      try {
        long bound = Duration.between(echo.receivedAt(), echo.nodeTime()).toMillis();
        high = bound >= low ? bound : null;
      } catch (ArithmeticException e) {
        high = null; // no clock reading
      }
    }
    return new ClockSkew(low, high);
  }

  /**
   * Whether the node's clock is close enough to trust its times: not known to be ahead by more than
   * {@code max}, nor behind by more (judged by the upper bound when there is one, since a delayed
   * report alone looks like a clock behind).
   */
  public boolean trusted(Duration max) {
    long limit = max.toMillis();
    return lowMillis <= limit && (highMillis == null ? lowMillis : highMillis) >= -limit;
  }

  /**
   * The earliest coordinator time a node-clock instant may stand for: shifted by the upper bound,
   * or, without one, by the largest skew trusted at all.
   */
  public Instant earliest(Instant nodeClock, Duration max) {
    long high = highMillis != null ? highMillis : Math.max(lowMillis, max.toMillis());
    return nodeClock.minusMillis(high);
  }
}
