package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.origin.OriginUpstream;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.RegistryCandidates;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored reports reach routing's candidates as they are committed, without a read of every mirror;
 * any other change reads the registry again. Real database (H2, then PostgreSQL), real writer
 * thread.
 */
@Tag("database")
class ReportFeedTest {

  static final String DIGEST = "ab".repeat(32);

  @TempDir Path dir;
  TestDatabase db;
  final ExecutorService writerThread = Executors.newSingleThreadExecutor();
  ReportWriter writer;
  Reports reports;
  RegistryEvents events;
  RegistryCandidates candidates;
  final AtomicInteger rebuilds = new AtomicInteger();
  long a;
  long b;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDatabase(dir);
    events = new RegistryEvents();
    MirrorStore store = new MirrorStore(Jackson.newObjectMapper());
    writer = new ReportWriter(db.jdbi(), events, 100, 10, writerThread);
    writer.start();
    reports =
        new Reports(
            writer,
            store,
            new OriginUpstream(() -> OriginTree.EMPTY),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            Clock.systemUTC());
    candidates = new RegistryCandidates(new MirrorDirectory(db.jdbi(), store));
    candidates.follow(events, rebuilds::incrementAndGet, rebuilds::incrementAndGet);
    a = approvedMirror("a");
    b = approvedMirror("b");
  }

  @AfterEach
  void tearDown() throws Exception {
    writer.stop();
    writerThread.shutdownNow();
    db.close();
  }

  long approvedMirror(String name) {
    return db.jdbi()
        .inTransaction(
            handle -> {
              MirrorDao dao = handle.attach(MirrorDao.class);
              long id =
                  dao.insert(
                      TestMirrorRecords.profile(name, "http://127.0.0.1:9/" + name + "/"),
                      "approved",
                      "00",
                      Instant.now());
              dao.insertEmptyReport(id);
              return id;
            });
  }

  static NodeReport report(Instant syncStart) {
    return new NodeReport(
        "test",
        Instant.now(),
        new NodeReport.SyncRun(syncStart, syncStart.plusSeconds(5), 1),
        null,
        Map.of("jackherer", DIGEST),
        null,
        Map.of());
  }

  MirrorCandidate candidate(List<MirrorCandidate> all, long id) {
    return all.stream().filter(c -> c.id() == id).findFirst().orElseThrow();
  }

  @Test
  void aStoredReportIsAppliedToTheMirrorsAlreadyHeld() {
    assertThat(candidates.get()).extracting(MirrorCandidate::report).containsOnlyNulls();
    Instant syncStart = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    reports.receive(new MirrorPrincipal(a), a, report(syncStart)).join();
    assertThat(rebuilds).hasValue(1);

    // renamed behind the registry's back: a report alone must not read every mirror again
    db.jdbi()
        .useHandle(handle -> handle.execute("UPDATE mirrors SET name = 'renamed' WHERE id = ?", b));
    List<MirrorCandidate> afterReport = candidates.get();
    assertThat(candidate(afterReport, b).name()).isEqualTo("b");
    assertThat(candidate(afterReport, a).report().syncStartedAt()).isEqualTo(syncStart);
    assertThat(candidate(afterReport, a).report().indexDigests())
        .containsExactly(Map.entry("distri/jackherer/pkg/meta.binaryproto", "sha256:" + DIGEST));

    events.changed(b);
    List<MirrorCandidate> reloaded = candidates.get();
    assertThat(rebuilds).hasValue(2);
    assertThat(candidate(reloaded, b).name()).isEqualTo("renamed");
    assertThat(candidate(reloaded, a).report()).isEqualTo(candidate(afterReport, a).report());
  }

  /** Enrolling or approving one of 10,000 mirrors must not read the other 9,999 again. */
  @Test
  void aChangeOfOneMirrorReadsOnlyThatMirror() {
    assertThat(candidates.get()).extracting(MirrorCandidate::name).containsExactly("a", "b");
    db.jdbi().useHandle(handle -> handle.execute("UPDATE mirrors SET name = name || ' renamed'"));
    events.changed(b);
    assertThat(candidates.get())
        .extracting(MirrorCandidate::name)
        .containsExactly("a", "b renamed");

    long c = approvedMirror("c");
    events.changed(c);
    assertThat(candidates.get())
        .extracting(MirrorCandidate::name)
        .containsExactly("a", "b renamed", "c");

    db.jdbi()
        .useHandle(
            handle -> handle.execute("UPDATE mirrors SET state = 'pending' WHERE id = ?", a));
    events.changed(a);
    assertThat(candidates.get()).extracting(MirrorCandidate::id).containsExactly(b, c);

    // after a database resync anything may have changed: everything is read again
    db.jdbi().useHandle(handle -> handle.execute("UPDATE mirrors SET state = 'approved'"));
    events.heardChange();
    assertThat(candidates.get())
        .extracting(MirrorCandidate::name)
        .containsExactly("a renamed", "b renamed", "c");
  }

  @Test
  void aReportTooLargeToStoreIsRefusedBeforeItReachesTheWriter() {
    Map<String, NodeReport.Served> served = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      served.put(i + "x".repeat(Reports.MAX_JSON_BYTES / 10), new NodeReport.Served(1, 1));
    }
    NodeReport huge = new NodeReport("test", Instant.now(), null, null, Map.of(), null, served);
    assertThatThrownBy(() -> reports.receive(new MirrorPrincipal(a), a, huge))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("A report may take at most 1000000 bytes as JSON");
    assertThat(rebuilds).hasValue(0);
    assertThat(
            db.jdbi()
                .withHandle(handle -> handle.attach(ReportDao.class).find(a))
                .orElseThrow()
                .receivedAt())
        .isNull();
  }

  @Test
  void aReportOfARemovedMirrorIsNeitherStoredNorApplied() {
    candidates.get();
    db.jdbi().useHandle(handle -> handle.execute("DELETE FROM mirrors WHERE id = ?", b));
    assertThatThrownBy(
            () -> reports.receive(new MirrorPrincipal(b), b, report(Instant.now())).join())
        .hasCauseInstanceOf(ApiException.class)
        .cause()
        .hasMessageContaining("There is no mirror " + b);
    assertThat(rebuilds).hasValue(0);
    assertThat(candidate(candidates.get(), b).report()).isNull();
  }

  @Test
  void aBatchThatCannotBeStoredIsRefusedAndTheNextOneIsStored() {
    db.jdbi()
        .useHandle(
            handle -> handle.execute("ALTER TABLE mirror_reports RENAME TO mirror_reports_away"));
    assertThatThrownBy(
            () -> reports.receive(new MirrorPrincipal(a), a, report(Instant.now())).join())
        .hasCauseInstanceOf(ApiException.class)
        .cause()
        .hasMessage("The report could not be stored; report again later.");
    assertThat(rebuilds).hasValue(0);

    db.jdbi()
        .useHandle(
            handle -> handle.execute("ALTER TABLE mirror_reports_away RENAME TO mirror_reports"));
    Instant syncStart = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    reports.receive(new MirrorPrincipal(a), a, report(syncStart)).join();
    assertThat(
            db.jdbi()
                .withHandle(handle -> handle.attach(ReportDao.class).find(a))
                .orElseThrow()
                .lastSyncStartedAt())
        .isEqualTo(syncStart);
    assertThat(rebuilds).hasValue(1);
  }
}
