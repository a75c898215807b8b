package org.distr1.mirrors.coordinator.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.geo.GeoIpRecords;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.geo.MaxMindGeoLocator;
import org.distr1.mirrors.coordinator.geo.MmdbWriter;
import org.distr1.mirrors.coordinator.origin.OriginDigests;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Metalinks and digest headers from the redirector on a real Jetty server, over a real origin tree
 * hashed into a real H2 file, with two mirrors that are real file servers on loopback (Frankfurt
 * and New York by registration) and clients placed by a real GeoIP2 database.
 */
class MetalinkIT {
  private static final String NS = "urn:ietf:params:xml:ns:metalink";
  private static final String METALINK = "application/metalink4+xml";
  private static final Instant SYNCED = Instant.now().plusSeconds(60);
  private static final String BERLIN = "198.51.100.7";
  private static final HexFormat HEX = HexFormat.of();

  @TempDir static Path dir;
  private static SampleRepository repo;
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();
  private static TestDatabase database;
  private static OriginIndex origin;
  private static OriginDigests digests;
  private static RoutingTable table;
  private static RedirectServer coordinator;
  private static MirrorFileServer fra;
  private static MirrorFileServer nyc;
  private static String big;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    repo = SampleRepository.generate(dir.resolve("origin"));
    big = repo.addPackage("jackherer", "firefox-amd64-120.0-1", 9L << 20, false);
    database = new TestDatabase(dir);
    origin = new OriginIndex(repo.root(), Duration.ofHours(1), SCHEDULER);
    origin.rescan();
    digests =
        new OriginDigests(
            repo.root(), origin::current, database.jdbi(), Executors.newSingleThreadExecutor());
    origin.addListener(digests::changed);
    digests.start();
    Path city = dir.resolve("city.mmdb");
    new MmdbWriter("GeoLite2-City", "test")
        .insert(
            InetAddress.getByName("198.51.100.0"), 24, GeoIpRecords.city("DE", "EU", 52.5, 13.4))
        .insert(InetAddress.getByName("192.0.2.0"), 24, GeoIpRecords.city("US", "NA", 42.4, -71.1))
        .write(city);
    MaxMindGeoLocator geo = new MaxMindGeoLocator(city, null, Duration.ofHours(1), SCHEDULER);
    geo.start();
    fra = new MirrorFileServer(repo.root());
    nyc = new MirrorFileServer(repo.root());
    List<MirrorCandidate> mirrors =
        List.of(
            mirror(1, "fra", fra.base(), new GeoPoint(50.1, 8.7), "DE", "EU"),
            mirror(2, "nyc", nyc.base(), new GeoPoint(40.7, -74.0), "US", "NA"));
    Map<Long, ProbeState> probes = TestCandidates.allUp(mirrors, SYNCED);
    RoutingPolicy policy = new RoutingPolicy(100, Duration.ofMinutes(5), Duration.ZERO, 2);
    table =
        new RoutingTable(
            () -> mirrors, origin::current, () -> probes, policy, Duration.ZERO, SCHEDULER);
    table.start();
    coordinator = new RedirectServer(repo.root(), table, geo, "127.0.0.0/8", 0, digests::of);
    await(() -> digests.of(origin.current().get(big)) != null);
  }

  private static MirrorCandidate mirror(
      long id, String name, URI base, GeoPoint at, String country, String continent) {
    return TestCandidates.located(
        id,
        name,
        base,
        at,
        country,
        continent,
        true,
        new SyncReport(
            SYNCED,
            Duration.ZERO,
            Map.of(
                SampleRepository.indexPath("jackherer"),
                origin.current().get(SampleRepository.indexPath("jackherer")).digest())));
  }

  @AfterAll
  static void stop() throws Exception {
    coordinator.close();
    fra.close();
    nyc.close();
    table.stop();
    digests.stop();
    SCHEDULER.shutdownNow();
    database.close();
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(coordinator.uri(path)).header("X-Forwarded-For", BERLIN);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Document validMetalink(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(METALINK);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    schemas
        .newSchema(MetalinkIT.class.getResource("/metalink/metalink4.xsd"))
        .newValidator()
        .validate(new StreamSource(new ByteArrayInputStream(response.body())));
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
  }

  private static List<Element> elements(Document document, String name) {
    NodeList nodes = document.getElementsByTagNameNS(NS, name);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  private static List<String> urls(Document document) {
    return elements(document, "url").stream()
        .map(
            u ->
                u.getAttribute("priority")
                    + " "
                    + u.getAttribute("location")
                    + " "
                    + u.getTextContent())
        .toList();
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  @Test
  void meta4ListsTheClientsMirrorsInOrderThenTheOriginWithSizeAndHashes() throws Exception {
    Document metalink = validMetalink(get("/" + big + ".meta4"));
    byte[] bytes = Files.readAllBytes(repo.resolve(big));
    Element file = elements(metalink, "file").get(0);
    assertThat(file.getAttribute("name")).isEqualTo("firefox-amd64-120.0-1.squashfs");
    assertThat(elements(metalink, "size").get(0).getTextContent()).isEqualTo("" + bytes.length);
    List<String> hashes =
        elements(metalink, "hash").stream()
            .filter(h -> h.getParentNode().getLocalName().equals("file"))
            .map(h -> h.getAttribute("type") + "=" + h.getTextContent())
            .toList();
    assertThat(hashes)
        .containsExactly("sha-256=" + hex("SHA-256", bytes), "sha-512=" + hex("SHA-512", bytes));
    Element pieces = elements(metalink, "pieces").get(0);
    assertThat(pieces.getAttribute("type")).isEqualTo("sha-256");
    assertThat(pieces.getAttribute("length")).isEqualTo("" + (1 << 20));
    assertThat(pieces.getElementsByTagNameNS(NS, "hash").getLength()).isEqualTo(9);
    assertThat(pieces.getElementsByTagNameNS(NS, "hash").item(8).getTextContent())
        .isEqualTo(hex("SHA-256", java.util.Arrays.copyOfRange(bytes, 8 << 20, 9 << 20)));
    assertThat(urls(metalink))
        .containsExactly(
            "1 de " + fra.base() + big,
            "2 us " + nyc.base() + big,
            "3  " + coordinator.uri("/" + big));
  }

  @Test
  void acceptNegotiatesByQualityAndAPlainClientStillGetsTheRedirect() throws Exception {
    HttpResponse<byte[]> asked = get("/" + big, "Accept", METALINK);
    assertThat(urls(validMetalink(asked))).hasSize(3);
    assertThat(asked.headers().firstValue("Vary")).hasValue("Accept");
    // aria2's Accept: equal quality, the specific type wins over */*
    validMetalink(
        get("/" + big, "Accept", "*/*,application/metalink4+xml,application/metalink+xml"));
    for (String accept :
        List.of(
            "*/*",
            "text/html, */*;q=0.8",
            "application/metalink4+xml;q=0.5, */*",
            "application/metalink4+xml;q=0")) {
      assertThat(get("/" + big, "Accept", accept).statusCode()).as(accept).isEqualTo(302);
    }
    assertThat(get("/" + big).statusCode()).isEqualTo(302);
    assertThat(get("/" + big, "Accept", METALINK, "Range", "bytes=0-99").statusCode())
        .as("a range request wants bytes")
        .isEqualTo(302);
  }

  @Test
  void theClientCapsTheMirrorCountAndBadCountsAreRefused() throws Exception {
    assertThat(urls(validMetalink(get("/" + big + ".meta4?mirrors=1"))))
        .containsExactly("1 de " + fra.base() + big, "2  " + coordinator.uri("/" + big));
    assertThat(urls(validMetalink(get("/" + big + ".meta4?mirrors=0")))).hasSize(1);
    assertThat(urls(validMetalink(get("/" + big + ".meta4?mirrors=500")))).hasSize(3);
    for (String bad : List.of("-1", "many", "")) {
      HttpResponse<byte[]> refused = get("/" + big + ".meta4?mirrors=" + bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(new ObjectMapper().readTree(refused.body()).path("code").asText())
          .isEqualTo("invalid_parameter");
    }
    assertThat(get("/distri/jackherer/pkg/nope.squashfs.meta4").statusCode()).isEqualTo(404);
  }

  @Test
  void theRedirectCarriesTheMetalinkLinkAndTheFilesDigests() throws Exception {
    HttpResponse<byte[]> redirect = get("/" + big);
    byte[] bytes = Files.readAllBytes(repo.resolve(big));
    String sha256 = b64("SHA-256", bytes);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue(fra.base() + big);
    assertThat(redirect.headers().firstValue("Link"))
        .hasValue(
            "<"
                + fra.base()
                + big
                + ">; rel=duplicate; pri=1; geo=de, "
                + "<"
                + nyc.base()
                + big
                + ">; rel=duplicate; pri=2; geo=us, "
                + "<"
                + coordinator.uri("/" + big)
                + ".meta4>; rel=describedby; type=\""
                + METALINK
                + "\"");
    assertThat(redirect.headers().firstValue("Repr-Digest"))
        .hasValue("sha-256=:" + sha256 + ":, sha-512=:" + b64("SHA-512", bytes) + ":");
    assertThat(redirect.headers().firstValue("Digest"))
        .hasValue("SHA-256=" + sha256 + ",SHA-512=" + b64("SHA-512", bytes));
  }

  @Test
  void theOriginsOwnAnswerCarriesThemTooButNotForACompressedRepresentation() throws Exception {
    String index = SampleRepository.indexPath("supersilverhaze"); // no mirror reported this one
    byte[] bytes = Files.readAllBytes(repo.resolve(index));
    HttpResponse<byte[]> plain = get("/" + index);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).isEqualTo(bytes);
    String sha256 = b64("SHA-256", bytes);
    assertThat(plain.headers().firstValue("Repr-Digest"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("sha-256=:" + sha256 + ":"));
    assertThat(plain.headers().firstValue("Link"))
        .hasValue(
            "<"
                + coordinator.uri("/" + index)
                + ".meta4>; rel=describedby; type=\""
                + METALINK
                + "\"");
    HttpResponse<byte[]> zstd = get("/" + index, "Accept-Encoding", "zstd");
    assertThat(zstd.headers().firstValue("Content-Encoding")).hasValue("zstd");
    assertThat(zstd.headers().firstValue("Repr-Digest")).isEmpty();
    assertThat(zstd.headers().firstValue("Digest")).isEmpty();
  }

  @Test
  void aria2DownloadsFromBothMirrorsAtOnceThroughTheCoordinatorAndChecksTheHash() throws Exception {
    Path target = Files.createDirectory(dir.resolve("aria2"));
    long fraBefore = fra.bytesServed();
    long nycBefore = nyc.bytesServed();
    Process aria2 =
        new ProcessBuilder(
                "aria2c",
                "--no-conf",
                "--dir=" + target,
                "--header=X-Forwarded-For: " + BERLIN,
                "--follow-metalink=mem",
                "--split=4",
                "--min-split-size=1M",
                "--max-connection-per-server=2",
                "--check-integrity=true",
                "--file-allocation=none",
                "--disable-ipv6=true",
                "--async-dns=false",
                "--max-tries=1",
                "--summary-interval=0",
                "--console-log-level=warn",
                "--download-result=hide",
                coordinator.uri("/" + big).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("aria2.log").toFile())
            .start();
    assertThat(aria2.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(aria2.exitValue()).as(Files.readString(dir.resolve("aria2.log"))).isZero();
    byte[] downloaded = Files.readAllBytes(target.resolve("firefox-amd64-120.0-1.squashfs"));
    assertThat(hex("SHA-256", downloaded))
        .isEqualTo(hex("SHA-256", Files.readAllBytes(repo.resolve(big))));
    assertThat(fra.bytesServed() - fraBefore).as("from fra").isPositive();
    assertThat(nyc.bytesServed() - nycBefore).as("from nyc").isPositive();
  }

  private static String b64(String algorithm, byte[] bytes) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("deadline").isBefore(deadline);
      Thread.sleep(20);
    }
  }
}
