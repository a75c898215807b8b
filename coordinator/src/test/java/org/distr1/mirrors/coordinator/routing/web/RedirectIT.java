package org.distr1.mirrors.coordinator.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.geo.ClientLocation;
import org.distr1.mirrors.coordinator.geo.GeoIpRecords;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.geo.MaxMindGeoLocator;
import org.distr1.mirrors.coordinator.geo.MmdbWriter;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.probe.ProbeState;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.RoutingPolicy;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.distr1.mirrors.coordinator.routing.SyncReport;
import org.distr1.mirrors.coordinator.routing.TestCandidates;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redirector on a real Jetty server over a real origin tree and a real GeoIP2 City database,
 * with three mirrors in three regions. Clients come through a trusted loopback proxy.
 */
class RedirectIT {
  private static final String JSON = "application/json";
  private static final Instant SYNCED = Instant.now().plusSeconds(60);
  private static final Set<String> BASES =
      Set.of("https://fra.example/", "https://nyc.example/", "https://tyo.example/pub/");

  @TempDir static Path dir;
  private static SampleRepository repo;
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();
  private static OriginIndex origin;
  private static RoutingTable table;
  private static RedirectServer trusting;
  private static RedirectServer suspicious;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    repo = SampleRepository.generate(dir.resolve("origin"));
    origin = new OriginIndex(repo.root(), Duration.ofHours(1), SCHEDULER);
    origin.rescan();
    Path city = dir.resolve("city.mmdb");
    new MmdbWriter("GeoLite2-City", "test")
        .insert(
            InetAddress.getByName("198.51.100.0"), 24, GeoIpRecords.city("DE", "EU", 52.5, 13.4))
        .insert(InetAddress.getByName("192.0.2.0"), 24, GeoIpRecords.city("US", "NA", 42.4, -71.1))
        .insert(
            InetAddress.getByName("203.0.113.0"), 24, GeoIpRecords.city("JP", "AS", 34.7, 135.5))
        .insert(InetAddress.getByName("2001:db8:1::"), 48, GeoIpRecords.city("US", "NA", 40, -75))
        .write(city);
    MaxMindGeoLocator geo = new MaxMindGeoLocator(city, null, Duration.ofHours(1), SCHEDULER);
    geo.start();
    List<MirrorCandidate> mirrors =
        List.of(
            mirror(1, "fra", "https://fra.example/", new GeoPoint(50.1, 8.7), "DE", "EU", true),
            mirror(2, "nyc", "https://nyc.example/", new GeoPoint(40.7, -74.0), "US", "NA", true),
            mirror(
                3,
                "tyo",
                "https://tyo.example/pub/",
                new GeoPoint(35.7, 139.7),
                "JP",
                "AS",
                false));
    Map<Long, ProbeState> probes = TestCandidates.allUp(mirrors, SYNCED);
    RoutingPolicy policy = new RoutingPolicy(100, Duration.ofMinutes(5), Duration.ZERO, 2);
    table =
        new RoutingTable(
            () -> mirrors, origin::current, () -> probes, policy, Duration.ZERO, SCHEDULER);
    table.start();
    trusting = new RedirectServer(repo.root(), table, geo, "127.0.0.0/8");
    suspicious = new RedirectServer(repo.root(), table, geo, "10.0.0.0/8");
  }

  private static MirrorCandidate mirror(
      long id,
      String name,
      String base,
      GeoPoint at,
      String country,
      String continent,
      boolean ipv6) {
    return TestCandidates.located(
        id,
        name,
        URI.create(base),
        at,
        country,
        continent,
        ipv6,
        new SyncReport(
            SYNCED,
            Duration.ZERO,
            Map.of(SampleRepository.indexPath("jackherer"), digestOfIndex())));
  }

  private static String digestOfIndex() {
    return origin.current().get(SampleRepository.indexPath("jackherer")).digest();
  }

  @AfterAll
  static void stop() throws Exception {
    trusting.close();
    suspicious.close();
    table.stop();
    SCHEDULER.shutdownNow();
  }

  private static HttpResponse<byte[]> get(
      RedirectServer server, String path, String forwardedFor, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    response
        .headers()
        .firstValue("Location")
        .ifPresent(
            location ->
                assertThat(BASES).anySatisfy(base -> assertThat(location).startsWith(base)));
    return response;
  }

  private static String image() throws Exception {
    return "/" + repo.packages("jackherer").get(0);
  }

  @Test
  void eachRegionIsSentToItsNearestMirrorWithDuplicatesAndNoCaching() throws Exception {
    HttpResponse<byte[]> berlin = get(trusting, image(), "198.51.100.7", null);
    assertThat(berlin.statusCode()).isEqualTo(302);
    assertThat(berlin.headers().firstValue("Location")).hasValue("https://fra.example" + image());
    assertThat(berlin.headers().firstValue("X-Distri-Mirror")).hasValue("fra");
    assertThat(berlin.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    assertThat(berlin.headers().firstValue("Link"))
        .hasValue(
            "<https://fra.example"
                + image()
                + ">; rel=duplicate; pri=1; geo=de, "
                + "<https://nyc.example"
                + image()
                + ">; rel=duplicate; pri=2; geo=us, "
                + "<https://tyo.example/pub"
                + image()
                + ">; rel=duplicate; pri=3; geo=jp, "
                + "<"
                + trusting.uri(image())
                + ".meta4>; rel=describedby; "
                + "type=\"application/metalink4+xml\"");
    assertThat(berlin.body()).isEmpty();

    assertThat(get(trusting, image(), "192.0.2.5", null).headers().firstValue("X-Distri-Mirror"))
        .hasValue("nyc");
    assertThat(get(trusting, image(), "203.0.113.9", null).headers().firstValue("Location"))
        .hasValue("https://tyo.example/pub" + image());
  }

  @Test
  void forwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
    HttpResponse<byte[]> spoofed = get(suspicious, image(), "203.0.113.9", null);
    assertThat(spoofed.statusCode()).isEqualTo(302);
    // 127.0.0.1 is in no GeoIP network: weighted random, but never because of the header
    assertThat(spoofed.headers().firstValue("X-Distri-Mirror")).isPresent();
    HttpResponse<byte[]> list = get(suspicious, image() + "?mirrorlist", "203.0.113.9", JSON);
    assertThat(MAPPER.readTree(list.body()).path("client").path("address").asText())
        .isEqualTo("127.0.0.1");
  }

  @Test
  void ipv6ClientGoesToAnIpv6Mirror() throws Exception {
    assertThat(
            get(trusting, image(), "2001:db8:1::5", null).headers().firstValue("X-Distri-Mirror"))
        .hasValue("nyc");
    JsonNode list =
        MAPPER.readTree(get(trusting, image() + "?mirrorlist", "2001:db8:1::5", JSON).body());
    assertThat(list.path("excluded").get(0).path("code").asText()).isEqualTo("address_family");
  }

  @Test
  void unknownPathIs404AndMalformedIs400WithoutRedirect() throws Exception {
    HttpResponse<byte[]> missing =
        get(trusting, "/distri/jackherer/pkg/nope.squashfs", "198.51.100.7", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Location")).isEmpty();
    // Jetty itself refuses ambiguous encoded dot segments; both answers are 400 without redirect
    HttpResponse<byte[]> traversal =
        get(trusting, "/distri/%2e%2e/%2e%2e/etc/passwd", "198.51.100.7", null);
    assertThat(traversal.statusCode()).isEqualTo(400);
    assertThat(traversal.headers().firstValue("Location")).isEmpty();
    HttpResponse<byte[]> control =
        get(trusting, "/distri/jackherer/pkg/" + "a".repeat(300), "198.51.100.7", null);
    assertThat(control.statusCode()).isEqualTo(400);
    assertThat(new String(control.body())).contains("invalid_path");
    assertThat(control.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aFilePublishedAfterEveryMirrorsSyncIsServedByTheOriginItself() throws Exception {
    String added = repo.addPackage("jackherer", "later-amd64-1.0-1", 4096, false);
    Files.setLastModifiedTime(
        repo.resolve(added),
        java.nio.file.attribute.FileTime.from(
            Instant.parse("2024-01-01T00:00:00Z"))); // an old mtime must not make it look old
    // appeared "now", but the mirrors' syncs started at SYNCED (a minute ahead): still fresh
    origin.rescan();
    table.rebuild();
    assertThat(get(trusting, "/" + added, "198.51.100.7", null).statusCode()).isEqualTo(302);

    RoutingTable stale =
        new RoutingTable(
            () -> table.current().mirrors(),
            origin::current,
            () ->
                table.current().mirrors().stream()
                    .collect(
                        Collectors.toMap(
                            MirrorCandidate::id,
                            m ->
                                new ProbeState(
                                    true, Instant.now().minusSeconds(3600), Instant.now()))),
            RoutingPolicy.DEFAULT,
            Duration.ZERO,
            SCHEDULER);
    stale.start();
    assertThat(
            stale
                .current()
                .route(
                    added.substring(0),
                    new org.distr1.mirrors.coordinator.routing.Client(
                        InetAddress.getByName("198.51.100.7"), ClientLocation.UNKNOWN))
                .redirected())
        .isFalse();
    stale.stop();
  }

  @Test
  void theOriginServesWhatNoMirrorMayWithTheSameBytes() throws Exception {
    repo.rewriteIndex("jackherer"); // no mirror holds this index yet
    origin.rescan();
    table.rebuild();
    String index = "/" + SampleRepository.indexPath("jackherer");
    HttpResponse<byte[]> response = get(trusting, index, "198.51.100.7", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Files.readAllBytes(repo.resolve(index.substring(1))));
    JsonNode list =
        MAPPER.readTree(get(trusting, index + "?mirrorlist", "198.51.100.7", JSON).body());
    assertThat(list.path("candidates")).isEmpty();
    assertThat(list.path("excluded").findValuesAsText("code")).containsOnly("index_mismatch");
  }

  @Test
  void mirrorListAnswersJsonOrHtmlByAccept() throws Exception {
    JsonNode json =
        MAPPER.readTree(get(trusting, image() + "?mirrorlist", "198.51.100.7", JSON).body());
    assertThat(json.path("candidates").findValuesAsText("name"))
        .containsExactly("fra", "nyc", "tyo");
    assertThat(json.path("client").path("country").asText()).isEqualTo("DE");
    // the mirror this client gets, the same one the redirect names, and why
    assertThat(json.path("choice").path("name").asText())
        .isEqualTo(
            get(trusting, image(), "198.51.100.7", null)
                .headers()
                .firstValue("X-Distri-Mirror")
                .orElseThrow())
        .isEqualTo("fra");
    assertThat(json.path("choice").path("reason").asText())
        .isEqualTo("the only candidate in the nearest band");
    assertThat(json.path("candidates").get(0).path("chosen").asBoolean()).isTrue();
    assertThat(json.path("candidates").get(1).path("chosen").asBoolean()).isFalse();
    HttpResponse<byte[]> html = get(trusting, image() + "?mirrorlist", "198.51.100.7", "text/html");
    assertThat(html.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(new String(html.body()))
        .contains("<td><a href=\"https://fra.example" + image())
        .contains("<strong>fra</strong></a>: the only candidate in the nearest band.");
  }
}
