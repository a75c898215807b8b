package org.distr1.mirrors.coordinator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.distr1.mirrors.coordinator.MovingClock;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.shared.api.CheckResult;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mails through a real SMTP server (GreenMail on loopback, with a login) from the real notifier,
 * its state in the real database (H2, then PostgreSQL), health from the real probe tracker: one
 * mail per change, not per round, across a restart; a mail that could not be sent is sent later;
 * the maintainers' digest.
 */
@Tag("database")
class NotifierTest {
  // after the migration's "last digest" (now): the first digest is due a day after the test's start
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("coordinator", "secret"))
          .withPerMethodLifecycle(true);

  @TempDir Path dir;
  TestDatabase db;
  final MovingClock clock = new MovingClock(T0);
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final ProbeTracker tracker = new ProbeTracker(2, 2, 0.6, 4);
  final List<MirrorView> mirrors = new ArrayList<>();
  long fra;
  long tyo;

  @BeforeEach
  void open() throws Exception {
    db = new TestDatabase(dir);
    fra = insert("Frankfurt mirror");
    tyo = insert("Tokyo mirror");
    mirrors.add(view(fra, "Frankfurt mirror", "approved", null, T0.minusSeconds(3600)));
    mirrors.add(view(tyo, "Tokyo mirror", "approved", null, T0.minusSeconds(3600)));
    probe(true, true);
    probe(true, true);
  }

  @AfterEach
  void close() throws Exception {
    executor.shutdownNow();
    db.close();
  }

  long insert(String name) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO mirrors (name, base_url, contact_email, bandwidth_mbps, state,
                          token_hash, created_at, updated_at)
                        VALUES (:name, :url, :mail, 100, 'approved', '00', :at, :at)""")
                    .bind("name", name)
                    .bind("url", "http://127.0.0.1:9/" + name.hashCode() + "/")
                    .bind("mail", contact(name))
                    .bind("at", T0)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }

  static String contact(String name) {
    return name.split(" ")[0].toLowerCase() + "-ops@example.org";
  }

  static MirrorView view(long id, String name, String state, String reason, Instant synced) {
    return view(id, name, state, reason, synced, List.of());
  }

  static MirrorView view(
      long id, String name, String state, String reason, Instant synced, List<CheckResult> checks) {
    NodeReport report =
        new NodeReport(
            "0.1.0",
            synced.plusSeconds(60),
            new NodeReport.SyncRun(synced, synced.plusSeconds(30), 1),
            null,
            Map.of(),
            null,
            Map.of());
    return new MirrorView(
        id,
        EnrollmentRequest.of(
            name,
            "http://127.0.0.1:9/" + id + "/",
            contact(name),
            null,
            100L,
            List.of("127.0.0.1/32"),
            List.of()),
        null,
        state,
        false,
        reason,
        100,
        T0,
        T0,
        checks,
        new ReportSummary(synced.plusSeconds(60), 0, report));
  }

  void replace(MirrorView view) {
    mirrors.replaceAll(m -> m.id() == view.id() ? view : m);
  }

  /** One probe round: Frankfurt's and Tokyo's outcomes. */
  void probe(boolean fraOk, boolean tyoOk) {
    tracker.apply(
        List.of(
            fraOk
                ? ProbeTracker.Outcome.success(fra, clock.instant())
                : ProbeTracker.Outcome.failure(fra, "connect to 127.0.0.1:9 refused"),
            tyoOk
                ? ProbeTracker.Outcome.success(tyo, clock.instant())
                : ProbeTracker.Outcome.failure(tyo, "no answer within the probe round")),
        clock.instant());
  }

  Notifier notifier(Mailer mailer) {
    return new Notifier(
        db.jdbi(),
        () -> List.copyOf(mirrors),
        tracker::records,
        mailer,
        new NotifySettings(
            Duration.ofMinutes(1),
            Duration.ofHours(24),
            Duration.ofHours(24),
            List.of("maintainer@example.org"),
            "https://repo.example.org/"),
        clock,
        executor);
  }

  Mailer smtp() {
    return smtp(SMTP.getSmtp().getPort());
  }

  static Mailer smtp(int port) {
    SmtpFactory factory = new SmtpFactory();
    factory.host = "127.0.0.1";
    factory.port = port;
    factory.tls = SmtpFactory.Tls.NONE;
    factory.username = "coordinator";
    factory.password = "secret";
    factory.from = "mirrors@example.org";
    factory.timeout = io.dropwizard.util.Duration.seconds(5);
    return factory.build();
  }

  static List<String> to(MimeMessage message) throws Exception {
    return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
  }

  @Test
  void oneMailPerChangeNotPerRoundAndNoneAfterARestart() throws Exception {
    Notifier notifier = notifier(smtp());
    notifier.round();
    assertThat(SMTP.getReceivedMessages()).isEmpty(); // nothing wrong, nothing said

    probe(false, true);
    notifier.round(); // one failed probe: not down yet (damped)
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    probe(false, true);
    notifier.round();
    notifier.round();
    notifier.round();
    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(to(mails[0])).containsExactly("frankfurt-ops@example.org");
    assertThat(mails[0].getSubject()).isEqualTo("[distri mirrors] Frankfurt mirror: down");
    assertThat(GreenMailUtil.getBody(mails[0]))
        .contains("New:", "down: its probes fail", "connect to 127.0.0.1:9 refused")
        .contains("https://repo.example.org/");

    // a second problem while the first lasts: one mail, naming both
    clock.advance(Duration.ofHours(2));
    replace(view(fra, "Frankfurt mirror", "approved", null, T0.minus(Duration.ofHours(25))));
    notifier.round();
    mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[1].getSubject()).isEqualTo("[distri mirrors] Frankfurt mirror: down, behind");
    assertThat(GreenMailUtil.getBody(mails[1]))
        .contains("behind: its last successful sync began 1 d 3 h ago")
        .contains("Still:", "down:");

    // a new coordinator (a restart, or the job moving) knows what was told
    Notifier restarted = notifier(smtp());
    restarted.round();
    assertThat(SMTP.getReceivedMessages()).hasSize(2);

    probe(true, true);
    probe(true, true);
    replace(view(fra, "Frankfurt mirror", "approved", null, clock.instant().minusSeconds(600)));
    restarted.round();
    restarted.round();
    mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(3);
    assertThat(mails[2].getSubject()).isEqualTo("[distri mirrors] Frankfurt mirror: recovered");
    assertThat(GreenMailUtil.getBody(mails[2]))
        .contains("Resolved:", "down: its probes pass again", "behind: it synced");

    // the digest, once a day, to the maintainers: what changed, what is wrong now
    clock.advance(Duration.ofHours(23));
    replace(view(tyo, "Tokyo mirror", "approved", null, clock.instant().minusSeconds(600)));
    restarted.round();
    mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(4);
    assertThat(to(mails[3])).containsExactly("maintainer@example.org");
    assertThat(mails[3].getSubject())
        .startsWith("[distri mirrors] digest: 0 mirrors with problems, 4 changes since");
    assertThat(GreenMailUtil.getBody(mails[3]))
        .contains("Frankfurt mirror: down began", "Frankfurt mirror: behind ended");
    restarted.round();
    assertThat(SMTP.getReceivedMessages()).hasSize(4); // not again before the next day
  }

  @Test
  void aMailThatCouldNotBeSentIsSentNextRound() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    probe(true, false);
    probe(true, false);
    notifier(smtp(closed)).round(); // nobody listens there
    long told =
        db.jdbi()
            .withHandle(
                h -> h.select("SELECT COUNT(*) FROM mirror_notifications").mapTo(Long.class).one());
    assertThat(told).isZero();
    notifier(smtp()).round();
    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(to(mails[0])).containsExactly("tokyo-ops@example.org");
    assertThat(GreenMailUtil.getBody(mails[0])).contains("no answer within the probe round");
  }

  @Test
  void aDisabledMirrorIsToldSoAndNotThatItsProblemsEnded() throws Exception {
    Notifier notifier = notifier(smtp());
    replace(
        view(
            tyo,
            "Tokyo mirror",
            "approved",
            null,
            T0.minusSeconds(3600),
            List.of(new CheckResult("zstd", false, "no Content-Encoding: zstd", T0))));
    notifier.round();
    replace(view(tyo, "Tokyo mirror", "disabled", "serves a stale tree", T0.minusSeconds(3600)));
    notifier.round();
    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[0].getSubject()).isEqualTo("[distri mirrors] Tokyo mirror: verification");
    assertThat(GreenMailUtil.getBody(mails[0])).contains("zstd: no Content-Encoding: zstd");
    assertThat(mails[1].getSubject()).isEqualTo("[distri mirrors] Tokyo mirror: disabled");
    assertThat(GreenMailUtil.getBody(mails[1]))
        .contains("the maintainer disabled it: serves a stale tree")
        .doesNotContain("Resolved");
  }
}
