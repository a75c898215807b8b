package org.distr1.mirrors.coordinator.routing.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.geo.ClientLocation;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.distr1.mirrors.coordinator.routing.Client;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.RouteDecision;
import org.distr1.mirrors.coordinator.routing.RoutingPolicy;
import org.distr1.mirrors.coordinator.routing.RoutingSnapshot;
import org.distr1.mirrors.coordinator.routing.Scope;
import org.distr1.mirrors.coordinator.routing.SyncReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One route decision (origin lookup, eligibility scan, ranking, weighted pick, alternates) over n
 * mirrors spread around the world, for clients spread around the world. Run by hand: {@code
 * config/scripts/bench/route-decision.sh}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class RouteDecisionBenchmark {
  private static final Instant SYNCED = Instant.parse("2026-11-26T08:00:00Z");
  private static final int FILES = 10_000;
  private static final int CLIENTS = 4096;

  /**
   * The benchmark fleet's places (config/scripts/bench/mirror-fleet.py): mirrors within 3° of them,
   * as hosting concentrates mirrors, give the wide bands of redirect-vs-nginx.sh's world.
   */
  private static final double[][] PLACES = {
    {50.1, 8.7}, {48.9, 2.4}, {51.5, -0.1}, {59.3, 18.1}, {52.2, 21.0}, {39.0, -77.5},
    {37.4, -122.1}, {43.7, -79.4}, {-23.5, -46.6}, {35.7, 139.7}, {1.3, 103.8}, {19.1, 72.9},
    {-33.9, 151.2}, {-33.9, 18.4}
  };

  @Param({"1000", "10000", "100000"})
  public int mirrors;

  /** world: mirrors anywhere; clustered: around the fleet's {@link #PLACES}. */
  @Param({"world", "clustered"})
  public String spread;

  private RoutingSnapshot snapshot;
  private String[] paths;
  private Client[] clients;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws UnknownHostException {
    SplittableRandom seed = new SplittableRandom(2026);
    List<MirrorCandidate> candidates = new ArrayList<>(mirrors);
    Map<Long, ProbeState> probes = new HashMap<>();
    for (int i = 0; i < mirrors; i++) {
      // a tenth of the mirrors lag behind, a twentieth are down, some serve their country only
      Instant synced = i % 10 == 0 ? SYNCED.minusSeconds(86_400) : SYNCED;
      candidates.add(
          new MirrorCandidate(
              i,
              "m" + i,
              URI.create("https://m" + i + ".example/"),
              true,
              spread.equals("clustered") ? nearPlace(seed) : point(seed),
              "C" + (char) ('A' + i % 26),
              "EU",
              64_512 + i,
              List.of(),
              100 + seed.nextInt(10_000),
              1,
              i % 50 == 0 ? Scope.COUNTRY : Scope.WORLD,
              true,
              i % 3 != 0,
              new SyncReport(synced, Duration.ZERO, Map.of())));
      probes.put((long) i, new ProbeState(i % 20 != 0, synced, SYNCED));
    }
    List<OriginFile> files = new ArrayList<>(FILES);
    paths = new String[FILES];
    for (int f = 0; f < FILES; f++) {
      paths[f] = "distri/jackherer/pkg/package-" + f + "-amd64-1.0-1.squashfs";
      long appeared = SYNCED.minusSeconds(f % 100 == 0 ? -60 : 3600).toEpochMilli();
      files.add(new OriginFile(paths[f], 1 << 20, appeared, null));
    }
    // built as of an hour before SYNCED, so that the mirrors synced a day earlier still serve
    snapshot =
        RoutingSnapshot.build(
            candidates,
            OriginTree.of(files),
            probes,
            RoutingPolicy.DEFAULT,
            SYNCED.minusSeconds(3600));
    clients = new Client[CLIENTS];
    for (int c = 0; c < CLIENTS; c++) {
      byte[] address = {
        (byte) (1 + seed.nextInt(220)),
        (byte) seed.nextInt(256),
        (byte) seed.nextInt(256),
        (byte) seed.nextInt(256)
      };
      clients[c] =
          new Client(
              InetAddress.getByAddress(address), new ClientLocation("CA", "EU", point(seed), 0));
    }
  }

  private static GeoPoint point(SplittableRandom seed) {
    return new GeoPoint(seed.nextDouble(-60, 70), seed.nextDouble(-180, 180));
  }

  private static GeoPoint nearPlace(SplittableRandom seed) {
    double[] place = PLACES[seed.nextInt(PLACES.length)];
    return new GeoPoint(place[0] + seed.nextDouble(-3, 3), place[1] + seed.nextDouble(-3, 3));
  }

  @Benchmark
  public RouteDecision route() {
    int i = next++;
    return snapshot.route(paths[i % FILES], clients[i & (CLIENTS - 1)]);
  }
}
