package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.distr1.mirrors.coordinator.AppDatabase;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.geo.GeoIpRecords;
import org.distr1.mirrors.coordinator.geo.MmdbWriter;
import org.distr1.mirrors.shared.api.ApiError;
import org.distr1.mirrors.shared.api.EnrollmentResponse;
import org.distr1.mirrors.shared.api.GeoLocation;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enrollment, operator, maintainer and public API over real HTTP, on the real test database (H2,
 * then PostgreSQL).
 */
@Tag("database")
@ExtendWith(DropwizardExtensionsSupport.class)
class RegistryApiTest {

  static final Path DATA = TestCoordinator.newDataDir();

  /** Generated before the app starts, so its first scan of the origin already holds the indexes. */
  static final Path ORIGIN = sampleOrigin(DATA.resolve("origin"));

  /** GeoIP places 127.0.0.2 only; the other test mirrors (127.0.0.1) stay unlocated by it. */
  static final Path GEOIP = geoIp(DATA);

  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA,
          ConfigOverride.config("geoip.cityDatabase", GEOIP.resolve("city.mmdb").toString()),
          ConfigOverride.config("geoip.asnDatabase", GEOIP.resolve("asn.mmdb").toString()),
          ConfigOverride.config("registry.enrollmentBurst", "100000"),
          ConfigOverride.config("origin.root", ORIGIN.toString()));

  static AppDatabase db;
  static Jdbi jdbi;
  static String maintainerToken;
  static RegistryClient api;
  static int urls;

  static Path sampleOrigin(Path root) {
    try {
      SampleRepository.generate(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  @BeforeAll
  static void setUp() throws Exception {
    db = AppDatabase.open(DATA);
    jdbi = db.jdbi();
    maintainerToken = db.maintainerToken("alice");
    api = new RegistryClient(APP.client(), TestCoordinator.api(APP));
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  static Path geoIp(Path dir) {
    try {
      new MmdbWriter("GeoLite2-City", "test")
          .insert(
              InetAddress.getByName("127.0.0.2"), 32, GeoIpRecords.city("JP", "AS", 34.7, 135.5))
          .write(dir.resolve("city.mmdb"));
      new MmdbWriter("GeoLite2-ASN", "test")
          .insert(InetAddress.getByName("127.0.0.2"), 32, GeoIpRecords.asn(64511, "Example"))
          .write(dir.resolve("asn.mmdb"));
      return dir;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static synchronized String newUrl() {
    return "http://127.0.0.1:9/m" + (++urls);
  }

  static EnrollmentResponse enrollNew() {
    Response response = api.enroll(RegistryClient.enrollment(newUrl(), Map.of()));
    assertThat(response.getStatus()).isEqualTo(201);
    return response.readEntity(EnrollmentResponse.class);
  }

  static long count(String table) {
    return db.count(table);
  }

  static ApiError error(Response response) {
    return response.readEntity(ApiError.class);
  }

  @Test
  void enrollmentAnswers201WithAPendingMirrorAndATokenShownOnce() {
    String url = newUrl();
    Response response =
        api.enroll(
            RegistryClient.enrollment(url + "/", Map.of("netblocks", List.of("192.0.2.0/24"))));
    assertThat(response.getStatus()).isEqualTo(201);
    EnrollmentResponse enrolled = response.readEntity(EnrollmentResponse.class);
    assertThat(response.getLocation().getPath()).isEqualTo("/api/v1/mirrors/" + enrolled.id());
    assertThat(enrolled.state()).isEqualTo("pending");
    assertThat(enrolled.token()).startsWith("dmo_" + enrolled.id() + ".");
    assertThat(enrolled.mirror().declared().baseUrl()).isEqualTo(url);
    assertThat(enrolled.mirror().declared().rsyncSources()).containsExactly("127.0.0.1/32");
    assertThat(enrolled.mirror().declared().netblocks()).containsExactly("192.0.2.0/24");
    assertThat(enrolled.mirror().locationSource()).isEqualTo("operator");

    String stored =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT token_hash FROM mirrors WHERE id = :id")
                    .bind("id", enrolled.id())
                    .mapTo(String.class)
                    .one());
    assertThat(stored)
        .hasSize(64)
        .isNotEqualTo(enrolled.token())
        .doesNotContain(enrolled.token().substring(10));

    Response own = api.call("GET", "/v1/mirrors/" + enrolled.id(), enrolled.token(), null);
    assertThat(own.getStatus()).isEqualTo(200);
    assertThat(own.readEntity(String.class)).doesNotContain("token");

    Response audit =
        api.call("GET", "/v1/admin/audit?subject=mirror:" + enrolled.id(), maintainerToken, null);
    JsonNode entries = audit.readEntity(JsonNode.class);
    JsonNode enrollment = entry(entries, "mirror.enroll");
    assertThat(enrollment.get("actor").asText()).isEqualTo("public:127.0.0.1");
    assertThat(enrollment.get("after").get("baseUrl").asText()).isEqualTo(url);
    assertThat(entries.toString()).doesNotContain(enrolled.token());
  }

  @Test
  void withoutALocationTheHostIsLocatedByGeoIpAndItsAsnKept() {
    Map<String, Object> unlocated = new HashMap<>();
    unlocated.put("location", null);
    Response response = api.enroll(RegistryClient.enrollment("http://127.0.0.2:9/geo", unlocated));
    assertThat(response.getStatus()).isEqualTo(201);
    MirrorView mirror = response.readEntity(EnrollmentResponse.class).mirror();
    assertThat(mirror.declared().location()).isEqualTo(new GeoLocation("JP", "AS", 34.7, 135.5));
    assertThat(mirror.locationSource()).isEqualTo("geoip");
    assertThat(
            jdbi.withHandle(h -> h.attach(MirrorDao.class).find(mirror.id())).orElseThrow().asn())
        .isEqualTo(64511L);

    // GeoIP knows nothing of 127.0.0.1: enrolled all the same, unlocated, with the reason kept
    Response nowhere = api.enroll(RegistryClient.enrollment(newUrl(), unlocated));
    assertThat(nowhere.getStatus()).isEqualTo(201);
    MirrorView unplaced = nowhere.readEntity(EnrollmentResponse.class).mirror();
    assertThat(unplaced.declared().location()).isNull();
    MirrorRecord row =
        jdbi.withHandle(h -> h.attach(MirrorDao.class).find(unplaced.id())).orElseThrow();
    assertThat(row.locationNote()).isEqualTo("GeoIP has no position for 127.0.0.1 (127.0.0.1)");
    assertThat(row.asn()).isZero();

    // a long name that does not resolve: a long reason, cut to fit its column
    String longHost =
        String.join(".", java.util.Collections.nCopies(4, "a".repeat(60))) + ".invalid";
    Response unresolved =
        api.enroll(RegistryClient.enrollment("http://" + longHost + "/", unlocated));
    assertThat(unresolved.getStatus()).isEqualTo(201);
    long unresolvedId = unresolved.readEntity(EnrollmentResponse.class).id();
    assertThat(
            jdbi.withHandle(h -> h.attach(MirrorDao.class).find(unresolvedId))
                .orElseThrow()
                .locationNote())
        .startsWith("host " + longHost + " d")
        .hasSize(MirrorDao.HostFacts.MAX_NOTE);

    // an operator's own location wins; the host's AS is still recorded
    Response declared =
        api.enroll(RegistryClient.enrollment("http://127.0.0.2:9/declared", Map.of()));
    MirrorView operator = declared.readEntity(EnrollmentResponse.class).mirror();
    assertThat(operator.declared().location().country()).isEqualTo("DE");
    assertThat(
            jdbi.withHandle(h -> h.attach(MirrorDao.class).find(operator.id())).orElseThrow().asn())
        .isEqualTo(64511L);
  }

  static Stream<Arguments> refusedEnrollments() {
    return Stream.of(
        Arguments.of(
            Map.of("baseUrl", "ftp://mirror.example.org/"),
            422,
            "invalid_base_url",
            "must be an http:// or https:// URL"),
        Arguments.of(
            Map.of("baseUrl", "http://user:pw@mirror.example.org/"),
            422,
            "invalid_base_url",
            "must not contain user information"),
        Arguments.of(
            Map.of("baseUrl", "http://mirror.example.org/?a=1"),
            422,
            "invalid_base_url",
            "must not contain a query"),
        Arguments.of(
            Map.of("baseUrl", "http://mirror.example.org/#top"),
            422,
            "invalid_base_url",
            "must not contain a fragment"),
        Arguments.of(
            Map.of("baseUrl", "http:///distri"), 422, "invalid_base_url", "must name a host"),
        Arguments.of(
            Map.of("baseUrl", "mirror example"), 422, "invalid_base_url", "is not a valid URL"),
        Arguments.of(
            Map.of("bandwidthMbps", 100),
            422,
            "bandwidth_too_low",
            "bandwidthMbps 100 is below the published requirement of 1000 Mbit/s"),
        Arguments.of(
            Map.of("rsyncSources", List.of("rsync.example.org")),
            422,
            "invalid_cidr",
            "rsyncSources: 'rsync.example.org' is a host name"),
        Arguments.of(
            Map.of("rsyncSources", List.of("0.0.0.0/0")),
            422,
            "invalid_cidr",
            "matches every IPv4 address"),
        Arguments.of(
            Map.of("rsyncSources", List.of("203.0.113.0/16")),
            422,
            "invalid_cidr",
            "has host bits set"),
        Arguments.of(
            Map.of("rsyncSources", List.of("198.51.0.0/16")),
            422,
            "invalid_cidr",
            "is wider than /24"),
        Arguments.of(
            Map.of("rsyncSources", List.of("2001:db8::/32")),
            422,
            "invalid_cidr",
            "is wider than /48"),
        Arguments.of(
            Map.of("rsyncSources", List.of("1.2.3")),
            422,
            "invalid_cidr",
            "not an IPv4/IPv6 address or CIDR"),
        Arguments.of(
            Map.of("netblocks", List.of("224.0.0.0/24")),
            422,
            "invalid_cidr",
            "netblocks: '224.0.0.0/24' is in or overlaps 224.0.0.0/4, multicast"),
        Arguments.of(
            Map.of("rsyncSources", List.of()),
            400,
            "invalid_request",
            "rsyncSources must name at least one"),
        Arguments.of(
            Map.of("contactEmail", "nobody"),
            400,
            "invalid_request",
            "contactEmail must be an e-mail address"),
        Arguments.of(Map.of("name", " "), 400, "invalid_request", "name is required"),
        Arguments.of(
            Map.of("bandwidthMbps", "fast"),
            422,
            "invalid_field",
            "bandwidthMbps must be a whole number"),
        Arguments.of(
            Map.of("location", Map.of("country", "DE", "latitude", 91, "longitude", 0)),
            400,
            "invalid_request",
            "location.latitude must be between -90 and 90"),
        Arguments.of(
            Map.of("location", Map.of("country", "Germany", "latitude", 1, "longitude", 0)),
            400,
            "invalid_request",
            "two-letter ISO 3166-1 code"),
        Arguments.of(
            Map.of(
                "location",
                Map.of("country", "DE", "continent", "XX", "latitude", 1, "longitude", 0)),
            400,
            "invalid_request",
            "location.continent must be one of"),
        Arguments.of(
            Map.of("countryOnly", true, "location", Map.of()),
            400,
            "invalid_request",
            "two-letter"));
  }

  @ParameterizedTest
  @MethodSource("refusedEnrollments")
  void everyRuleRefusesWithItsMessageAndStoresNothing(
      Map<String, Object> change, int status, String code, String message) {
    long mirrors = count("mirrors");
    long audit = count("audit_log");
    Response response = api.enroll(RegistryClient.enrollment(newUrl(), change));
    assertThat(response.getStatus()).isEqualTo(status);
    ApiError error = error(response);
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.message()).contains(message);
    assertThat(count("mirrors")).isEqualTo(mirrors);
    assertThat(count("audit_log")).isEqualTo(audit);
  }

  @Test
  void scopeWithoutLocationIsRefused() {
    Map<String, Object> body =
        new HashMap<>(RegistryClient.enrollment(newUrl(), Map.of("countryOnly", true)));
    body.remove("location");
    Response response = api.enroll(body);
    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(error(response).message()).contains("countryOnly needs the mirror's location");
  }

  @Test
  void sourcesAreNormalizedAndDeduplicated() {
    Response response =
        api.enroll(
            RegistryClient.enrollment(
                newUrl(),
                Map.of(
                    "rsyncSources",
                    List.of(
                        "2001:DB8:0:0::1",
                        "203.0.113.7",
                        "203.0.113.0/24",
                        " 203.0.113.7 ",
                        "2001:db8::1/128"))));
    assertThat(response.getStatus()).isEqualTo(201);
    assertThat(response.readEntity(EnrollmentResponse.class).mirror().declared().rsyncSources())
        .containsExactly("2001:db8::1/128", "203.0.113.0/24");
  }

  @Test
  void aBaseUrlEnrolsOnceWhateverItsSpelling() {
    String url = newUrl();
    assertThat(api.enroll(RegistryClient.enrollment(url, Map.of())).getStatus()).isEqualTo(201);
    long mirrors = count("mirrors");
    Response again =
        api.enroll(RegistryClient.enrollment(url.replace("http://", "HTTP://") + "/./", Map.of()));
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(error(again))
        .isEqualTo(
            new ApiError(
                409,
                "duplicate_base_url",
                "A mirror with base URL " + url + " is already enrolled."));
    assertThat(count("mirrors")).isEqualTo(mirrors);
  }

  @Test
  void aHundredParallelEnrollmentsMakeNoDuplicatesAndNoServerErrors() throws Exception {
    long before = count("mirrors");
    String contested = newUrl();
    List<String> distinct = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      distinct.add(newUrl());
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Integer>> unique = new ArrayList<>();
      List<Future<Integer>> same = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String url = i < 80 ? distinct.get(i) : contested;
        Future<Integer> status =
            pool.submit(() -> api.enroll(RegistryClient.enrollment(url, Map.of())).getStatus());
        (i < 80 ? unique : same).add(status);
      }
      for (Future<Integer> status : unique) {
        assertThat(status.get()).isEqualTo(201);
      }
      List<Integer> contestedStatuses = new ArrayList<>();
      for (Future<Integer> status : same) {
        contestedStatuses.add(status.get());
      }
      assertThat(contestedStatuses).containsOnly(201, 409);
      assertThat(contestedStatuses.stream().filter(s -> s == 201)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("mirrors")).isEqualTo(before + 81);
    long distinctUrls =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT COUNT(DISTINCT base_url) FROM mirrors")
                    .mapTo(Long.class)
                    .one());
    assertThat(distinctUrls).isEqualTo(count("mirrors"));
  }

  @Test
  void maintainerApprovesDisablesEnablesAndRemovesWithAnAuditTrail() {
    EnrollmentResponse mirror = enrollNew();
    String base = "/v1/admin/mirrors/" + mirror.id();
    assertThat(state(api.call("POST", base + "/approve", maintainerToken, null)))
        .isEqualTo("approved");
    Response twice = api.call("POST", base + "/approve", maintainerToken, null);
    assertThat(twice.getStatus()).isEqualTo(409);
    assertThat(error(twice).message())
        .isEqualTo(
            "Mirror " + mirror.id() + " is approved; only a pending mirror can be approved.");

    Response noReason = api.call("POST", base + "/disable", maintainerToken, Map.of("reason", ""));
    assertThat(noReason.getStatus()).isEqualTo(400);
    assertThat(error(noReason).message()).isEqualTo("reason is required");
    Response disabled =
        api.call(
            "POST", base + "/disable", maintainerToken, Map.of("reason", "serves stale files"));
    JsonNode view = disabled.readEntity(JsonNode.class);
    assertThat(view.path("state").asText()).isEqualTo("disabled");
    assertThat(view.path("stateReason").asText()).isEqualTo("serves stale files");
    // its own entry went; other approved mirrors of this test declared the same source
    assertThat(view.path("rsyncAccessKeptBy").isArray()).isTrue();
    assertThat(view.path("rsyncAccessKeptBy").findValuesAsText("mirrorId"))
        .doesNotContain(String.valueOf(mirror.id()));
    // the operator sees why
    assertThat(
            api.call("GET", "/v1/mirrors/" + mirror.id(), mirror.token(), null)
                .readEntity(MirrorView.class)
                .stateReason())
        .isEqualTo("serves stale files");
    assertThat(state(api.call("POST", base + "/enable", maintainerToken, null)))
        .isEqualTo("approved");

    Response list = api.call("GET", "/v1/admin/mirrors?state=approved", maintainerToken, null);
    assertThat(list.readEntity(JsonNode.class).findValuesAsText("baseUrl"))
        .contains(mirror.mirror().declared().baseUrl());
    assertThat(api.call("GET", "/v1/admin/mirrors?state=gone", maintainerToken, null).getStatus())
        .isEqualTo(400);

    assertThat(api.call("DELETE", base, maintainerToken, null).getStatus()).isEqualTo(200);
    assertThat(api.call("GET", base, maintainerToken, null).getStatus()).isEqualTo(404);
    assertThat(api.call("GET", "/v1/mirrors/" + mirror.id(), mirror.token(), null).getStatus())
        .isEqualTo(401);

    JsonNode audit =
        api.call("GET", "/v1/admin/audit?subject=mirror:" + mirror.id(), maintainerToken, null)
            .readEntity(JsonNode.class);
    assertThat(
            audit.findValuesAsText("action").stream()
                .filter(action -> action.startsWith("mirror.")))
        .containsExactly(
            "mirror.remove", "mirror.enable", "mirror.disable", "mirror.approve", "mirror.enroll");
    JsonNode removal = entry(audit, "mirror.remove");
    assertThat(removal.get("actor").asText()).isEqualTo("maintainer:alice");
    assertThat(removal.get("after").isNull()).isTrue();
    JsonNode disabling = entry(audit, "mirror.disable");
    assertThat(disabling.get("before").get("state").asText()).isEqualTo("approved");
    assertThat(disabling.get("after").get("state").asText()).isEqualTo("disabled");
  }

  static JsonNode entry(JsonNode audit, String action) {
    for (JsonNode entry : audit) {
      if (entry.get("action").asText().equals(action)) {
        return entry;
      }
    }
    throw new AssertionError("no " + action + " in " + audit);
  }

  static String state(Response response) {
    assertThat(response.getStatus()).isEqualTo(200);
    return response.readEntity(MirrorView.class).state();
  }

  @Test
  void operatorChangesContactFreelyButANewUrlOrSourcesNeedApprovalAgain() {
    EnrollmentResponse mirror = enrollNew();
    String own = "/v1/mirrors/" + mirror.id();
    api.call("POST", "/v1/admin/mirrors/" + mirror.id() + "/approve", maintainerToken, null)
        .close();

    MirrorView contact =
        api.call(
                "PATCH",
                own,
                mirror.token(),
                Map.of("contactEmail", "new@example.org", "bandwidthMbps", 2000))
            .readEntity(MirrorView.class);
    assertThat(contact.declared().contactEmail()).isEqualTo("new@example.org");
    assertThat(contact.declared().bandwidthMbps()).isEqualTo(2000);
    assertThat(contact.state()).isEqualTo("approved");

    Response slow = api.call("PATCH", own, mirror.token(), Map.of("bandwidthMbps", 10));
    assertThat(slow.getStatus()).isEqualTo(422);

    MirrorView moved =
        api.call("PATCH", own, mirror.token(), Map.of("rsyncSources", List.of("127.0.0.2")))
            .readEntity(MirrorView.class);
    assertThat(moved.state()).isEqualTo("pending");
    assertThat(moved.declared().rsyncSources()).containsExactly("127.0.0.2/32");
    assertThat(moved.stateReason()).contains("rsync sources changed");

    api.call(
            "POST",
            "/v1/admin/mirrors/" + mirror.id() + "/disable",
            maintainerToken,
            Map.of("reason", "abuse"))
        .close();
    MirrorView stillDisabled =
        api.call("PATCH", own, mirror.token(), Map.of("baseUrl", newUrl()))
            .readEntity(MirrorView.class);
    assertThat(stillDisabled.state()).isEqualTo("disabled");

    EnrollmentResponse other = enrollNew();
    Response taken =
        api.call(
            "PATCH", own, mirror.token(), Map.of("baseUrl", other.mirror().declared().baseUrl()));
    assertThat(taken.getStatus()).isEqualTo(409);
    assertThat(error(taken).code()).isEqualTo("duplicate_base_url");
  }

  @Test
  void pauseResumeAndTokenRotation() {
    EnrollmentResponse mirror = enrollNew();
    String own = "/v1/mirrors/" + mirror.id();
    assertThat(
            api.call("POST", own + "/pause", mirror.token(), null)
                .readEntity(MirrorView.class)
                .paused())
        .isTrue();
    assertThat(
            api.call("POST", own + "/resume", mirror.token(), null)
                .readEntity(MirrorView.class)
                .paused())
        .isFalse();

    JsonNode rotated =
        api.call("POST", own + "/token", mirror.token(), null).readEntity(JsonNode.class);
    String fresh = rotated.get("token").asText();
    assertThat(fresh).isNotEqualTo(mirror.token()).startsWith("dmo_" + mirror.id() + ".");
    assertThat(api.call("GET", own, mirror.token(), null).getStatus()).isEqualTo(401);
    assertThat(api.call("GET", own, fresh, null).getStatus()).isEqualTo(200);
    JsonNode audit =
        api.call("GET", "/v1/admin/audit?subject=mirror:" + mirror.id(), maintainerToken, null)
            .readEntity(JsonNode.class);
    assertThat(
            audit.findValuesAsText("action").stream()
                .filter(action -> action.startsWith("mirror.")))
        .containsExactly("mirror.token_rotate", "mirror.resume", "mirror.pause", "mirror.enroll");
    assertThat(audit.toString()).doesNotContain(fresh.substring(fresh.indexOf('.') + 1));
  }

  @Test
  void thePublicListShowsApprovedMirrorsWithoutContactOrSecrets() {
    EnrollmentResponse approved = enrollNew();
    EnrollmentResponse pending = enrollNew();
    api.call("POST", "/v1/admin/mirrors/" + approved.id() + "/approve", maintainerToken, null)
        .close();
    String body = api.call("GET", "/v1/mirrors", null, null).readEntity(String.class);
    assertThat(body)
        .contains(approved.mirror().declared().baseUrl() + "\"")
        .doesNotContain(pending.mirror().declared().baseUrl() + "\"")
        .doesNotContain("ops@example.org")
        .doesNotContain("contactEmail")
        .doesNotContain("token");
  }

  @Test
  void aReportIsStoredAndAnsweredWithWhatUpstreamHolds() throws Exception {
    EnrollmentResponse mirror = enrollNew();
    String reports = "/v1/mirrors/" + mirror.id() + "/reports";
    Map<String, Object> behind = report(Instant.now(), Map.of("jackherer", "00"));
    JsonNode answer = api.call("POST", reports, mirror.token(), behind).readEntity(JsonNode.class);
    assertThat(answer.get("syncNow").asBoolean()).isTrue();
    assertThat(answer.get("reason").asText())
        .startsWith("behind upstream in ")
        .contains("jackherer/src, master, master/debug, master/src, supersilverhaze")
        .endsWith("; sync now");
    assertThat(answer.get("clockTrusted").asBoolean()).isTrue();
    // every section index of every top-level name: 2 commits, 2 releases and master, 3 each
    JsonNode upstream = answer.get("upstreamIndexDigests");
    assertThat(upstream.size()).isEqualTo(15);

    Map<String, String> current = new java.util.HashMap<>();
    upstream.fields().forEachRemaining(e -> current.put(e.getKey(), e.getValue().asText()));
    JsonNode skewed =
        api.call("POST", reports, mirror.token(), report(Instant.now().plusSeconds(120), current))
            .readEntity(JsonNode.class);
    assertThat(skewed.get("syncNow").asBoolean()).isFalse();
    assertThat(skewed.get("clockTrusted").asBoolean()).isFalse();
    assertThat(skewed.get("clockSkewMillis").asLong()).isBetween(110_000L, 130_000L);

    MirrorView view =
        api.call("GET", "/v1/mirrors/" + mirror.id(), mirror.token(), null)
            .readEntity(MirrorView.class);
    assertThat(view.lastReport().report().indexDigests()).isEqualTo(current);
    assertThat(view.lastReport().clockSkewMillis()).isBetween(110_000L, 130_000L);
    Long disk =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT disk_available_bytes FROM mirror_reports WHERE mirror_id = :id")
                    .bind("id", mirror.id())
                    .mapTo(Long.class)
                    .one());
    assertThat(disk).as("tree + free").isEqualTo(130L << 30);

    Response bad = api.call("POST", reports, mirror.token(), Map.of("nodeVersion", "1"));
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(error(bad).message()).isEqualTo("nodeTime is required");
  }

  @Test
  void aNodeWhoseSyncBeganBeforeUpstreamsLatestChangeIsToldToSyncThoughItsIndexesMatch()
      throws Exception {
    EnrollmentResponse mirror = enrollNew();
    String reports = "/v1/mirrors/" + mirror.id() + "/reports";
    JsonNode first =
        api.call("POST", reports, mirror.token(), report(Instant.now(), Map.of()))
            .readEntity(JsonNode.class);
    // the node holds every index upstream has (each release's and commit's sections)
    Map<String, String> current = new java.util.HashMap<>();
    first
        .get("upstreamIndexDigests")
        .fields()
        .forEachRemaining(e -> current.put(e.getKey(), e.getValue().asText()));
    JsonNode old =
        api.call("POST", reports, mirror.token(), report(Instant.now(), current))
            .readEntity(JsonNode.class);
    assertThat(old.get("syncNow").asBoolean()).isTrue();
    assertThat(old.get("reason").asText())
        .startsWith("last sync began before upstream's latest change");

    Instant changed = Instant.parse(first.get("upstreamChangedAt").asText());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(changed.plusSeconds(3)));
    Map<String, Object> synced = new java.util.HashMap<>(report(Instant.now(), current));
    Instant start = Instant.now();
    synced.put(
        "lastSuccessfulSync",
        Map.of("startedAt", start.toString(), "finishedAt", start.toString(), "bytes", 1));
    // the previous answer came back at once: the node's clock is no later than ours
    synced.put(
        "lastAnswer",
        Map.of(
            "receivedAt",
            old.get("receivedAt").asText(),
            "nodeTime",
            old.get("receivedAt").asText()));
    JsonNode fresh = api.call("POST", reports, mirror.token(), synced).readEntity(JsonNode.class);
    assertThat(fresh.get("syncNow").asBoolean()).as(fresh.toString()).isFalse();
    assertThat(fresh.get("reason").asText()).isEqualTo("up to date with upstream");
  }

  static Map<String, Object> report(Instant nodeTime, Map<String, String> digests) {
    return Map.of(
        "nodeVersion", "0.1.0",
        "nodeTime", nodeTime.toString(),
        "lastSuccessfulSync",
            Map.of(
                "startedAt",
                "2026-01-01T00:00:00Z",
                "finishedAt",
                "2026-01-01T00:01:00Z",
                "bytes",
                1234),
        "indexDigests", digests,
        "disk", Map.of("totalBytes", 200L << 30, "freeBytes", 100L << 30, "mirrorBytes", 30L << 30),
        "served", Map.of("zstd", Map.of("requests", 3, "bytes", 300)));
  }

  /** The public ?mirrorlist: only approved mirrors are named, a paused one for the true reason. */
  @Test
  void mirrorListNamesNoPendingOrDisabledMirrorAndAPausedOneAsPausedByItsOperator()
      throws Exception {
    EnrollmentResponse pending = enrollNew();
    EnrollmentResponse disabled = enrollNew();
    EnrollmentResponse paused = enrollNew();
    api.call("POST", "/v1/admin/mirrors/" + disabled.id() + "/approve", maintainerToken, null)
        .close();
    api.call(
            "POST",
            "/v1/admin/mirrors/" + disabled.id() + "/disable",
            maintainerToken,
            Map.of("reason", "stale"))
        .close();
    api.call("POST", "/v1/admin/mirrors/" + paused.id() + "/approve", maintainerToken, null)
        .close();
    api.call("POST", "/v1/mirrors/" + paused.id() + "/pause", paused.token(), null).close();

    HttpClient http = HttpClient.newHttpClient();
    URI list =
        URI.create(
            "http://127.0.0.1:"
                + APP.getLocalPort()
                + "/"
                + SampleRepository.indexPath("jackherer")
                + "?mirrorlist");
    String pausedBase = base(paused);
    JsonNode excluded =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  String body =
                      http.send(
                              HttpRequest.newBuilder(list)
                                  .header("Accept", "application/json")
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body();
                  for (JsonNode entry : Jackson.newObjectMapper().readTree(body).path("excluded")) {
                    if (entry.path("url").asText().startsWith(pausedBase)) {
                      return entry;
                    }
                  }
                  return null;
                },
                // the approval may reach routing a rebuild before the pause does: until then the
                // mirror is excluded as never probed
                entry -> entry != null && entry.path("code").asText().equals("paused"));
    assertThat(excluded.get("code").asText()).isEqualTo("paused");
    assertThat(excluded.get("reason").asText()).isEqualTo("paused by its operator");
    String json =
        http.send(
                HttpRequest.newBuilder(list).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(json)
        .contains(pausedBase)
        .doesNotContain(base(pending))
        .doesNotContain(base(disabled));
    String html =
        http.send(
                HttpRequest.newBuilder(list).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(html)
        .contains("paused by its operator")
        .doesNotContain(base(pending))
        .doesNotContain(base(disabled))
        .contains("<link rel=\"stylesheet\" href=\"/status/status.css\">");
  }

  private static String base(EnrollmentResponse mirror) {
    String url = mirror.mirror().declared().baseUrl();
    return url.endsWith("/") ? url : url + "/";
  }

  record Endpoint(String method, String path, Object body, boolean admin) {}

  @Test
  void theAuthMatrixRefusesEveryWrongCallerAndChangesNothing() {
    EnrollmentResponse mine = enrollNew();
    EnrollmentResponse other = enrollNew();
    long id = mine.id();
    List<Endpoint> endpoints =
        List.of(
            new Endpoint("GET", "/v1/mirrors/" + id, null, false),
            new Endpoint(
                "PATCH", "/v1/mirrors/" + id, Map.of("contactEmail", "evil@example.org"), false),
            new Endpoint("POST", "/v1/mirrors/" + id + "/pause", null, false),
            new Endpoint("POST", "/v1/mirrors/" + id + "/token", null, false),
            new Endpoint(
                "POST", "/v1/mirrors/" + id + "/reports", report(Instant.now(), Map.of()), false),
            new Endpoint("GET", "/v1/admin/mirrors", null, true),
            new Endpoint("POST", "/v1/admin/mirrors/" + id + "/approve", null, true),
            new Endpoint(
                "POST", "/v1/admin/mirrors/" + id + "/disable", Map.of("reason", "x"), true),
            new Endpoint("DELETE", "/v1/admin/mirrors/" + id, null, true),
            new Endpoint("GET", "/v1/admin/audit", null, true));
    String before = snapshot();
    for (Endpoint endpoint : endpoints) {
      String what = endpoint.method() + " " + endpoint.path();
      Response none = api.call(endpoint.method(), endpoint.path(), null, endpoint.body());
      assertThat(none.getStatus()).as(what + " without token").isEqualTo(401);
      assertThat(none.getHeaderString("WWW-Authenticate")).as(what).startsWith("Bearer realm=");
      assertThat(error(none).code()).isEqualTo("unauthorized");
      String forged = endpoint.admin() ? "dmm_1.forged" : "dmo_" + id + ".forged";
      assertThat(api.call(endpoint.method(), endpoint.path(), forged, endpoint.body()).getStatus())
          .as(what + " with a wrong token")
          .isEqualTo(401);
      assertThat(
              api.call(endpoint.method(), endpoint.path(), "garbage", endpoint.body()).getStatus())
          .as(what + " with garbage")
          .isEqualTo(401);
      if (endpoint.admin()) {
        Response operator =
            api.call(endpoint.method(), endpoint.path(), mine.token(), endpoint.body());
        assertThat(operator.getStatus()).as(what + " with an operator token").isEqualTo(403);
        assertThat(error(operator).message()).contains("cannot use the maintainer API");
      } else {
        Response stranger =
            api.call(endpoint.method(), endpoint.path(), other.token(), endpoint.body());
        assertThat(stranger.getStatus()).as(what + " with another mirror's token").isEqualTo(403);
        assertThat(error(stranger).message())
            .isEqualTo(
                "This token belongs to mirror " + other.id() + ", not to mirror " + id + ".");
        assertThat(
                api.call(endpoint.method(), endpoint.path(), maintainerToken, endpoint.body())
                    .getStatus())
            .as(what + " with a maintainer token")
            .isEqualTo(403);
      }
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Everything a refused call could have changed. */
  static String snapshot() {
    return db.rows(
        "SELECT * FROM mirrors ORDER BY id",
        "SELECT * FROM mirror_networks ORDER BY mirror_id, kind, cidr",
        "SELECT mirror_id, received_at FROM mirror_reports ORDER BY mirror_id",
        "SELECT COUNT(*) FROM audit_log");
  }
}
