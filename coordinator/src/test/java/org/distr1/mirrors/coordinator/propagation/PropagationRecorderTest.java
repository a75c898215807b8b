package org.distr1.mirrors.coordinator.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.parsers.DocumentBuilderFactory;
import org.distr1.mirrors.coordinator.MovingClock;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.registry.MirrorRecord;
import org.distr1.mirrors.coordinator.registry.RoutableMirror;
import org.distr1.mirrors.coordinator.registry.TestMirrorRecords;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Origin changes and when each mirror's reports first showed them, on the real database (H2, then
 * PostgreSQL): samples per change, a skipped change caught up with the next, still-behind mirrors,
 * a leader restart, the retention, and the plot drawn from them.
 */
@Tag("database")
class PropagationRecorderTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final String MASTER = "distri/master/pkg/meta.binaryproto";
  static final String A = "aa".repeat(32);
  static final String B = "bb".repeat(32);
  static final String C = "cc".repeat(32);

  @TempDir Path dir;
  TestDatabase db;
  final MovingClock clock = new MovingClock(T0);
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final AtomicReference<OriginTree> origin = new AtomicReference<>(OriginTree.EMPTY);
  final List<RoutableMirror> mirrors = new ArrayList<>();
  PropagationRecorder recorder;
  long one;
  long two;

  @BeforeEach
  void open() throws Exception {
    db = new TestDatabase(dir);
    one = mirror("Frankfurt <&> mirror");
    two = mirror("Tokyo");
  }

  @AfterEach
  void close() throws Exception {
    if (recorder != null) {
      recorder.stop();
    }
    executor.shutdownNow();
    db.close();
  }

  long mirror(String name) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO mirrors (name, base_url, contact_email, bandwidth_mbps, state,
                          token_hash, created_at, updated_at)
                        VALUES (:name, :url, 'ops@example.org', 100, 'approved', '00', :at, :at)""")
                    .bind("name", name)
                    .bind("url", "http://127.0.0.1:9/" + name.hashCode() + "/")
                    .bind("at", T0)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }

  long lagRows() {
    return db.jdbi()
        .withHandle(h -> h.select("SELECT COUNT(*) FROM propagation_lags").mapTo(Long.class).one());
  }

  List<String> changeDigests() {
    return db.jdbi()
        .withHandle(h -> h.select("SELECT digest FROM origin_changes").mapTo(String.class).list());
  }

  PropagationRecorder recorder() {
    return new PropagationRecorder(
        db.jdbi(), origin::get, clock, Duration.ofDays(2), 500, Duration.ofHours(1), executor);
  }

  /** The origin's master index now holds {@code digest}, its file having arrived at {@code at}. */
  void originHolds(String digest, Instant at) {
    origin.set(
        OriginTree.of(List.of(new OriginFile(MASTER, 100, at.toEpochMilli(), "sha256:" + digest))));
    recorder.originChanged();
  }

  void reports(long mirror, String digest) {
    RoutableMirror.LastReport report =
        new RoutableMirror.LastReport(clock.instant(), 0, 0L, T0, Map.of("master", digest));
    recorder.reportsStored(Map.of(mirror, report));
    mirrors.removeIf(m -> m.mirror().id() == mirror);
    mirrors.add(new RoutableMirror(record(mirror), report));
  }

  MirrorRecord record(long id) {
    return TestMirrorRecords.approved(
        id,
        TestMirrorRecords.profile(
            id == one ? "Frankfurt <&> mirror" : "Tokyo", "http://127.0.0.1:9/" + id + "/"));
  }

  PropagationAnswer answer() {
    return new PropagationView(db.jdbi(), () -> List.copyOf(mirrors), clock)
        .build(Duration.ofDays(2), clock.instant());
  }

  static List<PropagationAnswer.Sample> samples(PropagationAnswer answer, long mirror) {
    return answer.mirrors().stream()
        .filter(m -> m.id() == mirror)
        .findFirst()
        .orElseThrow()
        .samples();
  }

  @Test
  void eachChangeIsSampledOncePerMirrorThatWasSeenBehind() {
    recorder = recorder();
    originHolds(A, T0.minus(Duration.ofHours(1)));
    recorder.start();
    reports(one, A); // already up to date: when it caught up is not known, so no sample
    reports(two, "99".repeat(32)); // an index older than anything kept: behind

    clock.advance(Duration.ofMinutes(10));
    // the new index arrived 5 minutes ago, but master moved to it only now
    originHolds(B, T0.plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(2));
    reports(one, B);
    reports(one, B); // the next report changes nothing
    clock.advance(Duration.ofMinutes(8));
    reports(two, B); // skipped A: caught up with it now too
    recorder.flush();

    PropagationAnswer answer = answer();
    assertThat(answer.changes())
        .extracting(PropagationAnswer.Change::digest, PropagationAnswer.Change::changedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(A, T0.minus(Duration.ofHours(1))),
            org.assertj.core.groups.Tuple.tuple(B, T0.plus(Duration.ofMinutes(10))));
    assertThat(answer.changes().get(0).endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(answer.changes().get(1).endedAt()).isNull();
    assertThat(samples(answer, one))
        .extracting(PropagationAnswer.Sample::lagSeconds)
        .containsExactly(120L);
    assertThat(samples(answer, two))
        .extracting(PropagationAnswer.Sample::lagSeconds)
        .containsExactly(Duration.ofMinutes(80).toSeconds(), Duration.ofMinutes(10).toSeconds());

    // the origin moves on; Tokyo stays behind, and the answer says for how long so far
    clock.advance(Duration.ofMinutes(10));
    originHolds(C, clock.instant());
    clock.advance(Duration.ofMinutes(1));
    reports(one, C);
    clock.advance(Duration.ofMinutes(4));
    recorder.flush();
    List<PropagationAnswer.Sample> behind = samples(answer(), two);
    assertThat(behind.get(behind.size() - 1).caughtUpAt()).isNull();
    assertThat(behind.get(behind.size() - 1).lagSeconds()).isEqualTo(300);

    // a new leader takes up where this one stopped: Tokyo was last seen holding B
    recorder.stop();
    recorder = recorder();
    recorder.start();
    clock.advance(Duration.ofMinutes(5));
    reports(two, C);
    recorder.flush();
    assertThat(samples(answer(), two))
        .extracting(PropagationAnswer.Sample::lagSeconds)
        .containsExactly(4800L, 600L, 600L);
    assertThat(samples(answer(), one))
        .extracting(PropagationAnswer.Sample::lagSeconds)
        .containsExactly(120L, 60L);
  }

  @Test
  void oldSamplesAndEndedChangesExpireButTheCurrentChangeStays() {
    recorder = recorder();
    originHolds(A, T0);
    recorder.start();
    reports(one, "99".repeat(32));
    clock.advance(Duration.ofMinutes(3));
    reports(one, A);
    clock.advance(Duration.ofHours(1));
    originHolds(B, clock.instant());
    reports(one, A);
    clock.advance(Duration.ofMinutes(1));
    reports(one, B);
    recorder.flush();
    assertThat(lagRows()).isEqualTo(2);

    clock.advance(Duration.ofDays(3));
    recorder.expire(clock.millis());
    assertThat(changeDigests()).containsExactly(B);
    assertThat(lagRows()).isZero();
  }

  @Test
  void aSampleOfAMirrorRemovedBeforeTheFlushIsDropped() {
    recorder = recorder();
    originHolds(A, T0);
    recorder.start();
    reports(one, "99".repeat(32));
    reports(one, A);
    db.jdbi().useHandle(h -> h.execute("DELETE FROM mirrors WHERE id = ?", one));
    recorder.flush(); // no foreign-key failure that would keep every other sample pending
    assertThat(lagRows()).isZero();
  }

  @Test
  void thePlotHasAPointPerSampleAndEscapesNames() throws Exception {
    recorder = recorder();
    originHolds(A, T0);
    recorder.start();
    reports(one, "99".repeat(32));
    reports(two, "99".repeat(32));
    clock.advance(Duration.ofMinutes(7));
    reports(one, A);
    clock.advance(Duration.ofMinutes(3));
    recorder.flush();

    String svg = PropagationPlot.svg(answer());
    Document doc =
        DocumentBuilderFactory.newDefaultInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    NodeList circles = doc.getElementsByTagName("circle");
    assertThat(circles.getLength()).isEqualTo(2);
    Element caughtUp = (Element) circles.item(0);
    assertThat(caughtUp.getAttribute("class")).isEqualTo("caught-up");
    assertThat(caughtUp.getTextContent())
        .isEqualTo("Frankfurt <&> mirror: master changed Dec 1 10:00 UTC; reached it after 7 min");
    Element behind = (Element) circles.item(1);
    assertThat(behind.getAttribute("class")).isEqualTo("behind");
    assertThat(behind.getTextContent()).endsWith("still behind after 10 min");
    assertThat(svg).contains("Frankfurt &lt;&amp;&gt; mirror");
  }

  @Test
  void aWindowBeyondTheRetentionIsRefused() {
    PropagationResource resource =
        new PropagationResource(
            new PropagationView(db.jdbi(), List::of, clock), Duration.ofDays(2));
    assertThat(resource.samples(null).from()).isEqualTo(T0.minus(Duration.ofHours(48)));
    for (String bad : List.of("0", "49", "-1", "1.5", "week")) {
      assertThatThrownBy(() -> resource.samples(bad))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.toError().status()).isEqualTo(400))
          .hasMessageContaining("1 to 48");
    }
  }
}
