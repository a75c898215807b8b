package org.distr1.mirrors.coordinator.allowlist;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code allowlist-apply} keeps current on an rsync host: the file in one export format, and
 * the command that makes its reader take a new one (none for rsyncd, which re-reads its
 * configuration per connection; {@code systemctl daemon-reload} for the socket drop-in).
 *
 * @param reload the program and its arguments, run without a shell; empty for none
 */
public record ApplyTarget(ExportFormat format, Path output, List<String> reload) {
  public static final List<String> DAEMON_RELOAD = List.of("systemctl", "daemon-reload");

  public ApplyTarget {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(output, "output");
    if (format != ExportFormat.RSYNCD && format != ExportFormat.SYSTEMD) {
      throw new IllegalArgumentException("allowlist-apply writes the rsyncd or systemd format");
    }
    reload = List.copyOf(reload);
  }

  public static ApplyTarget rsyncd(Path output) {
    return new ApplyTarget(ExportFormat.RSYNCD, output, List.of());
  }

  public static ApplyTarget systemd(Path output, List<String> reload) {
    return new ApplyTarget(ExportFormat.SYSTEMD, output, reload);
  }
}
