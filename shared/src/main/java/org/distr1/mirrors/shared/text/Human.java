package org.distr1.mirrors.shared.text;

import java.time.Duration;
import java.util.Locale;

/**
 * Sizes, durations and rates as people read them in messages and logs ({@code 1.2 GiB}, {@code 10
 * s}, {@code 3 min 5 s}, {@code 45.0 MiB/s}), never raw byte counts or ISO-8601 durations such as
 * {@code PT10.408443562S}.
 */
public final class Human {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Human() {}

  /** Binary units, one decimal from KiB up: {@code 512 B}, {@code 1.5 KiB}, {@code 150.0 GiB}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
    return String.format(Locale.ROOT, "%.1f %s", bytes / Math.pow(1024, unit), UNITS[unit]);
  }

  /** Bytes per second over a duration; {@code -} when the duration is zero. */
  public static String rate(long bytes, Duration over) {
    double seconds = over.toNanos() / 1e9;
    return seconds <= 0 ? "-" : bytes((long) (bytes / seconds)) + "/s";
  }

  /**
   * Whole seconds, or below 10 s one decimal; minutes, hours and days with the next unit: {@code
   * 0.4 s}, {@code 10 s}, {@code 3 min 5 s}, {@code 2 h 1 min}, {@code 3 d 4 h}.
   */
  public static String duration(Duration duration) {
    Duration d = duration.isNegative() ? duration.negated() : duration;
    String sign = duration.isNegative() ? "-" : "";
    long seconds = d.getSeconds();
    if (seconds < 10) {
      return sign
          + String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0).replace(".0 s", " s");
    }
    if (seconds < 60) {
      return sign + seconds + " s";
    }
    if (seconds < 3600) {
      return sign + pair(seconds / 60, "min", seconds % 60, "s");
    }
    if (seconds < 86_400) {
      return sign + pair(seconds / 3600, "h", seconds % 3600 / 60, "min");
    }
    return sign + pair(seconds / 86_400, "d", seconds % 86_400 / 3600, "h");
  }

  private static String pair(long big, String bigUnit, long small, String smallUnit) {
    return small == 0 ? big + " " + bigUnit : big + " " + bigUnit + " " + small + " " + smallUnit;
  }
}
