package org.distr1.mirrors.coordinator.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.distr1.mirrors.coordinator.probe.MirrorProbe;
import org.distr1.mirrors.coordinator.probe.MirrorProbe.Look;
import org.distr1.mirrors.shared.api.DiskRequirement;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.text.Human;

/**
 * The published mirror requirements, checked against a live mirror: reachable, a recent freshness
 * file, zstd and gzip transport compression of a known file with the origin's exact lengths, and
 * enough disk as reported. Every check says what it saw, also when it passes. The looks are the
 * prober's ({@link MirrorProbe}); what passes is decided here.
 */
final class MirrorChecks {

  static final String REACHABLE = "reachable";
  static final String FRESHNESS = "freshness";
  static final String ZSTD = "zstd";
  static final String GZIP = "gzip";
  static final String IDENTITY_LENGTH = "identity_length";
  static final String DISK = "disk";

  private final MirrorProbe probe;
  private final VerificationFactory config;
  private final Path originRoot;
  private final Clock clock;
  private final long timeoutMillis;

  /**
   * @param originRoot the origin's module directory, where {@code probeFile} lies
   */
  MirrorChecks(MirrorProbe probe, VerificationFactory config, Path originRoot, Clock clock) {
    this.probe = probe;
    this.config = config;
    this.originRoot = originRoot;
    this.clock = clock;
    this.timeoutMillis = config.getTimeout().toMilliseconds();
  }

  List<CheckRow> run(MirrorRecord mirror, Long reportedDiskBytes) {
    Instant now = clock.instant();
    URI base = MirrorProbe.base(mirror.profile().baseUrl());
    List<CheckRow> results = new ArrayList<>();
    Outcome reachable = reachable(base);
    results.add(row(mirror, REACHABLE, reachable, now));
    if (reachable.passed()) {
      results.add(row(mirror, FRESHNESS, freshness(base, now), now));
      Path origin = originRoot.resolve(config.getProbeFile());
      results.add(
          row(mirror, ZSTD, encoded(base, "zstd, gzip", "zstd", sibling(origin, ".zst")), now));
      results.add(row(mirror, GZIP, encoded(base, "gzip", "gzip", sibling(origin, ".gz")), now));
      results.add(row(mirror, IDENTITY_LENGTH, encoded(base, "identity", null, origin), now));
    } else {
      for (String check : List.of(FRESHNESS, ZSTD, GZIP, IDENTITY_LENGTH)) {
        results.add(
            row(mirror, check, Outcome.fail("not checked: the mirror is not reachable"), now));
      }
    }
    results.add(row(mirror, DISK, disk(reportedDiskBytes), now));
    return results;
  }

  private static CheckRow row(MirrorRecord mirror, String check, Outcome outcome, Instant now) {
    String reason =
        outcome.reason().length() > 1000
            ? outcome.reason().substring(0, 997) + "..."
            : outcome.reason();
    return new CheckRow(mirror.id(), check, outcome.passed(), reason, now);
  }

  private Outcome reachable(URI base) {
    Look<Integer> look = await(probe.reachable(base));
    return look.ok()
        ? Outcome.pass("GET " + base + " answered " + look.value())
        : Outcome.fail(look.failure());
  }

  private Outcome freshness(URI base, Instant now) {
    Look<Instant> look = await(probe.freshness(base));
    if (!look.ok()) {
      return Outcome.fail(look.failure());
    }
    Instant syncStart = look.value();
    Duration age = Duration.between(syncStart, now);
    Duration max = Duration.ofMillis(config.getMaxSyncAge().toMilliseconds());
    if (age.compareTo(max) > 0) {
      return Outcome.fail(
          "last sync started "
              + syncStart
              + ", "
              + age.toHours()
              + " h ago (more than "
              + max.toHours()
              + " h)");
    }
    if (age.isNegative() && age.abs().toMinutes() > 5) {
      return Outcome.fail(
          "last sync start " + syncStart + " lies in the future; is the mirror's clock right?");
    }
    return Outcome.pass("last sync started " + syncStart + " (" + Human.duration(age) + " ago)");
  }

  /**
   * GET the probe file with {@code acceptEncoding}; expect {@code encoding} (null: identity) and
   * the origin's length of that variant.
   */
  private Outcome encoded(URI base, String acceptEncoding, String encoding, Path originFile) {
    long expected;
    try {
      expected = Files.size(originFile);
    } catch (IOException e) {
      return Outcome.fail(
          "coordinator misconfigured: cannot read " + originFile + " at the origin");
    }
    String path = RepositoryPath.MODULE_DIRECTORY + "/" + config.getProbeFile();
    Look<MirrorProbe.Fetched> look = await(probe.fetch(base, path, acceptEncoding));
    if (!look.ok()) {
      return Outcome.fail(look.failure());
    }
    String got = look.value().contentEncoding();
    boolean rightEncoding = encoding == null ? got == null : encoding.equalsIgnoreCase(got);
    if (!rightEncoding) {
      return Outcome.fail(
          "Accept-Encoding: "
              + acceptEncoding
              + " got Content-Encoding: "
              + shown(got)
              + ", expected "
              + (encoding == null ? "none" : encoding));
    }
    long length = look.value().length();
    String variant = encoding == null ? "identity" : encoding;
    if (length != expected) {
      return Outcome.fail(variant + " body is " + length + " bytes, the origin's is " + expected);
    }
    return Outcome.pass(variant + ", " + length + " bytes as at the origin");
  }

  /** {@link DiskRequirement}, as the node's own health check applies it. */
  private Outcome disk(Long availableBytes) {
    DiskRequirement requirement = new DiskRequirement(config.getMinDisk().toBytes());
    if (availableBytes == null) {
      return Outcome.fail("the node has not reported its disk yet");
    }
    String seen =
        "reported disk: "
            + Human.bytes(availableBytes)
            + " available to the mirror (what its tree uses plus what is free)";
    return requirement.metBy(availableBytes)
        ? Outcome.pass(seen)
        : Outcome.fail(seen + ", below the required " + Human.bytes(requirement.minBytes()));
  }

  /** A coding name as the mirror sent it when it is a plain token, else not repeated. */
  private static String shown(String coding) {
    if (coding == null) {
      return "none";
    }
    return coding.matches("[A-Za-z0-9._-]{1,32}") ? coding : "an unrecognized value";
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  /** The look, or why none came within the verification's timeout. */
  private <T> Look<T> await(CompletableFuture<Look<T>> look) {
    try {
      return look.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Look.failed("interrupted");
    } catch (ExecutionException e) {
      return Look.failed("the request failed");
    } catch (TimeoutException e) {
      look.cancel(true);
      return Look.failed("no answer within " + Human.duration(Duration.ofMillis(timeoutMillis)));
    }
  }

  record Outcome(boolean passed, String reason) {
    static Outcome pass(String reason) {
      return new Outcome(true, reason);
    }

    static Outcome fail(String reason) {
      return new Outcome(false, reason);
    }
  }
}
