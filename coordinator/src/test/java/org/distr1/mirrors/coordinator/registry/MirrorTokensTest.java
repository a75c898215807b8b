package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token lookups by mirror id: unknown ids cost no database read per request. */
class MirrorTokensTest {

  @TempDir Path dir;
  TestDatabase db;
  final AtomicInteger statements = new AtomicInteger();
  final AtomicLong nanos = new AtomicLong();
  MirrorTokens tokens;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDatabase(dir);
    db.jdbi()
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logBeforeExecution(StatementContext context) {
                statements.incrementAndGet();
              }
            });
    tokens = new MirrorTokens(db.jdbi(), nanos::get);
    tokens.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  private long enroll(String secret) {
    return db.jdbi()
        .withExtension(
            MirrorDao.class,
            dao ->
                dao.insert(
                    TestMirrorRecords.profile("m", "http://127.0.0.1:9/x" + secret.length()),
                    "pending",
                    Tokens.hash(secret),
                    Instant.now()));
  }

  @Test
  void unknownIdIsReadOnceNotPerRequest() {
    int before = statements.get();
    for (int i = 0; i < 100; i++) {
      assertThat(tokens.find(424242)).isEmpty();
    }
    assertThat(statements.get() - before).isEqualTo(1);
  }

  @Test
  void anEnrollmentAfterwardsIsSeenAtOnceAfterTheChangeIsAnnounced() {
    long next = enroll("first") + 1;
    assertThat(tokens.find(next)).isEmpty();
    assertThat(enroll("second")).isEqualTo(next);
    tokens.registryChanged();
    assertThat(tokens.find(next)).isPresent();
  }

  @Test
  void absenceIsForgottenAfterItsTime() {
    long next = enroll("first") + 1;
    assertThat(tokens.find(next)).isEmpty();
    enroll("second");
    // another coordinator enrolled it: this one hears nothing, but forgets the absence in time
    assertThat(tokens.find(next)).isEmpty();
    nanos.addAndGet(MirrorTokens.ABSENT_FOR.toNanos());
    assertThat(tokens.find(next)).isPresent();
  }
}
