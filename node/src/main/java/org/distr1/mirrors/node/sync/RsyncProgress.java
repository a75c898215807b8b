package org.distr1.mirrors.node.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distr1.mirrors.shared.text.Human;

/**
 * One progress report of {@code rsync --info=progress2}, e.g. {@code " 4,196,544 19% 1.96MB/s
 * 0:00:08 (xfr#11, to-chk=80/96)"}.
 *
 * @param bytes bytes transferred so far in this sync
 * @param percent rsync's estimate of the whole transfer's completion
 * @param bytesPerSecond current rate (rsync's kB/MB/GB are powers of 1024)
 * @param etaSeconds rsync's estimate of the remaining time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RsyncProgress(long bytes, int percent, long bytesPerSecond, long etaSeconds) {

  private static final Pattern LINE =
      Pattern.compile(
          "\\s*([0-9,.]+)\\s+([0-9]{1,3})%\\s+([0-9.]+)([kMGT]?B)/s\\s+([0-9]+):([0-9]{2}):([0-9]{2}).*");

  public RsyncProgress {
    if (bytes < 0 || percent < 0 || percent > 100 || bytesPerSecond < 0 || etaSeconds < 0) {
      throw new IllegalArgumentException("impossible progress " + bytes + "/" + percent + "%");
    }
  }

  /** The progress in {@code line}, or empty for any other output. */
  public static Optional<RsyncProgress> parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    long bytes = Long.parseLong(m.group(1).replace(",", "").replace(".", ""));
    long unit =
        switch (m.group(4)) {
          case "kB" -> 1L << 10;
          case "MB" -> 1L << 20;
          case "GB" -> 1L << 30;
          case "TB" -> 1L << 40;
          default -> 1;
        };
    long rate = (long) (Double.parseDouble(m.group(3)) * unit);
    long eta =
        Long.parseLong(m.group(5)) * 3600
            + Long.parseLong(m.group(6)) * 60
            + Long.parseLong(m.group(7));
    return Optional.of(new RsyncProgress(bytes, Integer.parseInt(m.group(2)), rate, eta));
  }

  /** For the log: "19%, 4.0 MiB at 2.0 MiB/s, ETA 8 s". */
  @Override
  public String toString() {
    return percent
        + "%, "
        + Human.bytes(bytes)
        + " at "
        + Human.bytes(bytesPerSecond)
        + "/s, ETA "
        + Human.duration(Duration.ofSeconds(etaSeconds));
  }
}
