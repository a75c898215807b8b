package org.distr1.mirrors.coordinator.routing.bench;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import org.distr1.mirrors.coordinator.geo.GeoIpRecords;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.geo.MaxMindGeoLocator;
import org.distr1.mirrors.coordinator.geo.MmdbWriter;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.RoutingPolicy;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.distr1.mirrors.coordinator.routing.Scope;
import org.distr1.mirrors.coordinator.routing.SyncReport;
import org.distr1.mirrors.coordinator.routing.web.RedirectServer;
import org.distr1.mirrors.coordinator.stats.DownloadCounter;
import org.distr1.mirrors.coordinator.stats.Releases;

/**
 * The redirector for {@code config/scripts/bench/redirect-vs-nginx.sh}: 1,000 fresh mirrors, a
 * GeoIP2 City database of 100,000 networks, one package path with its digests. Writes the client
 * addresses wrk rotates through ({@code clients.txt}, one per line, all inside the database) and
 * prints {@code PORT <n>} once it serves. Arguments: directory, mirrors, networks, and optionally
 * the port.
 */
public final class RedirectBenchServer {
  private RedirectBenchServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int mirrors = Integer.parseInt(args[1]);
    int networks = Integer.parseInt(args[2]);
    SplittableRandom random = new SplittableRandom(2026);
    Files.createDirectories(dir.resolve("origin"));
    MmdbWriter writer = new MmdbWriter("GeoLite2-City", "bench");
    List<String> clients = new ArrayList<>();
    for (int n = 0; n < networks; n++) {
      byte[] block = {
        (byte) (1 + random.nextInt(222)), (byte) random.nextInt(256), (byte) random.nextInt(256), 0
      };
      writer.insert(
          InetAddress.getByAddress(block),
          24,
          GeoIpRecords.city("DE", "EU", random.nextDouble(-60, 70), random.nextDouble(-180, 180)));
      if (n % 10 == 0) {
        clients.add(
            (block[0] & 0xff)
                + "."
                + (block[1] & 0xff)
                + "."
                + (block[2] & 0xff)
                + "."
                + (1 + random.nextInt(254)));
      }
    }
    writer.write(dir.resolve("city.mmdb"));
    Files.write(dir.resolve("clients.txt"), clients);
    MaxMindGeoLocator geo =
        new MaxMindGeoLocator(
            dir.resolve("city.mmdb"),
            null,
            Duration.ofHours(1),
            Executors.newSingleThreadScheduledExecutor());
    geo.start();

    Instant synced = Instant.now().plusSeconds(60);
    List<MirrorCandidate> candidates = new ArrayList<>();
    Map<Long, ProbeState> probes = new HashMap<>();
    for (int i = 0; i < mirrors; i++) {
      candidates.add(
          new MirrorCandidate(
              i,
              "m" + i,
              URI.create("https://m" + i + ".example/"),
              true,
              new GeoPoint(random.nextDouble(-60, 70), random.nextDouble(-180, 180)),
              "DE",
              "EU",
              0,
              List.of(),
              100 + random.nextInt(10_000),
              1,
              Scope.WORLD,
              true,
              true,
              new SyncReport(synced, Duration.ZERO, Map.of())));
      probes.put((long) i, new ProbeState(true, synced, Instant.now()));
    }
    OriginFile file =
        new OriginFile("distri/jackherer/pkg/bash-amd64-5.1-4.squashfs", 1 << 20, 0, null);
    OriginTree origin = OriginTree.of(List.of(file));
    // the redirect looks digests up as the application's OriginDigests does: one map lookup
    Map<String, FileDigests> digests =
        new java.util.concurrent.ConcurrentHashMap<>(
            Map.of(
                file.path(),
                new FileDigests(
                    file.size(),
                    0,
                    "ab".repeat(32),
                    "cd".repeat(64),
                    1 << 20,
                    List.of("ef".repeat(32)))));
    RoutingTable table =
        new RoutingTable(
            () -> candidates,
            () -> origin,
            () -> probes,
            RoutingPolicy.DEFAULT,
            Duration.ZERO,
            Executors.newSingleThreadScheduledExecutor()); // the server runs until killed
    table.start();
    RedirectServer server =
        new RedirectServer(
            dir.resolve("origin"),
            table,
            f -> true,
            geo,
            "127.0.0.0/8",
            args.length > 3 ? Integer.parseInt(args[3]) : 0,
            f -> {
              FileDigests d = digests.get(f.path());
              return d != null && d.describes(f) ? d : null;
            },
            // -Dbench.stats=true: counted as the coordinator counts with stats.enabled (no flush)
            Boolean.getBoolean("bench.stats")
                ? new DownloadCounter(new Releases(256))
                : DownloadCounter.OFF);
    System.out.println("PORT " + server.uri("/").getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
